// Checks of a TMX 1.4b file for the rules its DTD cannot express, and
// validation against the DTD itself.
//
//   for (const auto& p : tm::lint_tmx("memoria.tmx"))
//     std::cerr << "memoria.tmx:" << p.line << ':' << p.column << ": " << p.message << '\n';
//   auto dtd_problems = tm::validate_tmx_dtd("memoria.tmx", dtd_text);  // tmx14.dtd's content
//
// lint_tmx streams (flat memory, any size) and checks: <tmx version="1.4">;
// the <header> has every required attribute, non-empty, and a valid
// segtype; every creationdate/changedate/lastusagedate is a valid
// YYYYMMDDThhmmssZ (16 characters); every <tuv> has xml:lang; every <tu> has
// a <tuv> in its source language (the tu's srclang, else the header's,
// compared case-insensitively, unless "*all*"); in every <seg>, each <bpt> has
// an `i` not already open and a later <ept> with the same `i`, and each <ept>
// closes an open <bpt>. Input that is not well-formed XML is one problem (the
// parser's) and ends the check. Parsing is as hardened as read_tmx.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace alinea::tm {

struct LintProblem {
  uint64_t line = 0;
  uint64_t column = 0;  // 0 when unknown (DTD validation reports lines only)
  std::string message;
};

// At most `max_problems` are returned (the check stops there).
std::vector<LintProblem> lint_tmx(const std::string& path, size_t max_problems = 1000);

// Validates against a DTD given as text (e.g. tmx14.dtd extracted from
// OmegaT.jar), whatever DOCTYPE the file declares; nothing is fetched. Builds
// the document in memory: meant for tests and moderate files. Throws
// tm::InputError if the file cannot be read or parsed, tm::Error if the DTD
// cannot.
std::vector<LintProblem> validate_tmx_dtd(const std::string& path, const std::string& dtd_text);

}  // namespace alinea::tm
