// Harvests Spanish-English term pairs from texts that gloss one language in
// the other, as translated articles and interviews do:
//
//   land takeovers (tomas de terreno)          -> es "tomas de terreno", en "land takeovers"
//   *comités de vivienda* (housing committees)  -> es "comités de vivienda", en "housing
//   committees" <em>the neighbourhood assembly</em> (<em>la asamblea vecinal</em>)
//                                               -> es "asamblea vecinal", en "neighbourhood
//                                               assembly"
//
//   std::vector<GlossaryEntry> g = extract_glossary(text, "interview.md");
//   write_glossary_tsv(std::cout, g);   // es<TAB>en<TAB>file<TAB>context, with a header
//
// Not taken as pairs: acronyms and their expansions ("Popular Unity (UP)",
// "the CORVI (the state housing corporation)"), anything with a digit
// (years, dates, citations, page numbers), asides ("(see below)",
// "(in Spanish)", "(sic)", anything with , ; : . ! ?), links and "word(s)",
// parentheses with the same language on both sides, and names glossed by
// common nouns or the reverse ("the Alameda (the main avenue)").
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "align/glossary/gloss_document.h"
#include "align/glossary/term_language.h"

namespace alinea::align {

struct GlossaryEntry {
  std::string es;       // as written, leading article dropped ("comités de vivienda")
  std::string en;       // likewise ("housing committees")
  std::string file;     // the file_name given to extract_glossary
  std::string context;  // the surrounding text on one line, "…" where cut
  friend bool operator==(const GlossaryEntry&, const GlossaryEntry&) = default;
};

struct GlossaryOptions {
  // Outside knowledge of single words (e.g. a lexicon lookup); makes the
  // language decision surer for terms without tell-tale spelling ("poder").
  WordLanguageHint word_language;
  // Outside knowledge of translations (e.g. a bilingual lexicon): what
  // `term`, a word or phrase in `from`, translates to in the other language;
  // empty when unknown. Decides how many words before a gloss form the
  // head: with "pobladores" -> "shantytown dwellers" known, "the militant
  // shantytown dwellers (pobladores)" yields "shantytown dwellers".
  std::function<std::vector<std::string>(std::string_view term, Language from)> translations;
  // Longest term taken on either side, in words.
  size_t max_term_words = 6;
  // Least difference in spanish_evidence() between the two sides.
  double min_margin = 1.5;
  // Text kept on each side of the gloss in `context`, in bytes (cut at a space).
  size_t context_bytes = 80;
  // Markup of the input; nullopt guesses from the file name and content.
  std::optional<MarkupFormat> format;
};

// Term pairs of one document, in text order, each pair once (the first
// occurrence; compared accent- and case-insensitively). `text` is the raw
// file content (Markdown, HTML or plain text), so italics are still visible.
// Throws InputError (file_name, byte offset) if `text` is not valid UTF-8.
std::vector<GlossaryEntry> extract_glossary(std::string_view text, const std::string& file_name);
std::vector<GlossaryEntry> extract_glossary(std::string_view text, const std::string& file_name,
                                            const GlossaryOptions& options);

// Reads and extracts one file; InputError if it cannot be read.
std::vector<GlossaryEntry> extract_glossary_file(const std::string& path,
                                                 const GlossaryOptions& options = {});

// Drops later duplicates of the same (es, en) pair, e.g. across files.
void deduplicate_glossary(std::vector<GlossaryEntry>& entries);

// TSV with a header row `es en file context`; tabs and line breaks inside a
// field become spaces, so every entry is one line.
void write_glossary_tsv(std::ostream& out, const std::vector<GlossaryEntry>& entries);

// Reads what write_glossary_tsv writes (and any TSV whose header names an
// `es` and an `en` column; `file` and `context` are optional). Throws
// InputError with the line number on a missing column or a short row.
std::vector<GlossaryEntry> read_glossary_tsv(std::istream& in, const std::string& file_name);

// What the glossary gives for `term` in `term_lang` ("es" or "en"): the other
// side of every entry whose term-language side is the same term, compared
// case- and accent-insensitively. In glossary order, each rendering once.
std::vector<std::string> glossary_renderings(const std::vector<GlossaryEntry>& glossary,
                                             std::string_view term, std::string_view term_lang);

}  // namespace alinea::align
