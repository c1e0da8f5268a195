// Options and report shared by the TMX and TSV/CSV readers.
//
//   tm::ReadOptions options;
//   options.skip_bad = true;
//   auto report = tm::read_tmx("memoria.tmx", options,
//                                        [&](tm::TranslationUnit&& u) { tx.add(u); });
//   for (const auto& p : report.problems) std::cerr << p << '\n';
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tm/unit.h"

namespace alinea::tm {

// Receives each unit as soon as it is complete; readers never hold more than
// a handful of units, so memory does not grow with the file.
using UnitCallback = std::function<void(TranslationUnit&&)>;
// (bytes read, file size or 0 when unknown, e.g. stdin).
using ProgressCallback = std::function<void(uint64_t done, uint64_t total)>;

struct ReadOptions {
  // false: the first bad unit or row throws tm::InputError (so an import
  // transaction is never committed half-way). true: bad units are skipped
  // and listed in ReadReport::problems. A file that is not well-formed XML
  // always throws: the parser cannot resynchronise after it.
  bool skip_bad = false;
  // Bounds for hostile or broken input: bytes of one seg (text or markup),
  // prop, note or table cell; a whole <tu> may hold 8 times as much; nesting
  // depth of inline elements inside a seg (any element: 256, fixed).
  size_t max_segment_bytes = 1 << 20;
  int max_inline_depth = 32;
  ProgressCallback progress;  // optional
  // Tables: a row may leave one language cell empty (a sentence with no
  // counterpart, as `alinea align` writes them); a row with both empty is
  // still an error.
  bool allow_omissions = false;
};

struct ReadReport {
  size_t units = 0;    // delivered to the callback
  size_t skipped = 0;  // bad units/rows skipped (skip_bad only)
  // One `FILE:LINE:COL: message` per skipped unit or row.
  std::vector<std::string> problems;
  // tu's whose extra variants (languages other than es/en, or a second es or
  // en) were left out; the unit itself was imported.
  size_t extra_variants = 0;
};

}  // namespace alinea::tm
