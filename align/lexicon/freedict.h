// Reader for FreeDict dictionaries in dictd format (Debian's
// dict-freedict-spa-eng and dict-freedict-eng-spa).
//
//   SourceReport r;
//   std::vector<LexiconPair> pairs = read_freedict(
//       "/usr/share/dictd/freedict-spa-eng.index",
//       "/usr/share/dictd/freedict-spa-eng.dict.dz", LexiconSource::FreeDictSpaEng, &r);
//
// The .index has `headword TAB offset TAB length` lines (dictd base64
// numbers) into the uncompressed .dict; the .dict.dz is dictzip, i.e. gzip,
// read whole with zlib (a plain .dict works too). An entry is the headword
// line (`casa /ˈkasa/`) followed by senses, either one line of `,`/`;`
// separated translations or numbered lines `1. a, b` `2. c`. Bracketed notes
// ((...), [...], {...}) are dropped; a short <tag> is kept as the part of
// speech. Database entries (00database...) are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "align/lexicon/lexicon.h"
#include "align/lexicon/source_report.h"

namespace alinea::align {

// `source` says the direction: FreeDictSpaEng has Spanish headwords,
// FreeDictEngSpa English ones. Malformed index lines and entries are
// counted in *report and skipped; throws ResourceError only when a file
// cannot be opened or decompressed.
std::vector<LexiconPair> read_freedict(const std::string& index_path, const std::string& dict_path,
                                       LexiconSource source, SourceReport* report = nullptr);

// Splits the body of one entry (the lines after the headword line) into
// cleaned translations and the tag found, if any. Exposed for tests.
std::vector<std::string> freedict_translations(std::string_view body, std::string* pos = nullptr);

// dictd base64 numbers ("vOT" -> 193427); -1 when invalid.
long long dictd_base64(std::string_view digits);

}  // namespace alinea::align
