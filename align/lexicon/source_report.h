// What reading one dictionary source produced, for the set-up report.
//
//   SourceReport r;
//   auto pairs = read_freedict(index, dict, LexiconSource::FreeDictSpaEng, &r);
//   r.pairs, r.malformed   // "4,498 headwords, 9,210 pairs, 0 malformed"
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace alinea::align {

struct SourceReport {
  std::string source;    // "freedict-spa-eng", "apertium spa-eng", ...
  std::string file;      // what was read
  size_t records = 0;    // headwords (FreeDict) or transducer paths (Apertium)
  size_t pairs = 0;      // es-en pairs produced (before merging sources)
  size_t malformed = 0;  // lines or records skipped as unparsable
  size_t skipped = 0;    // well-formed but not a word pair (notes, patterns, joined lemmas)
  size_t truncated = 0;  // Apertium: paths cut by the length or count bound
  std::vector<std::string> notes;  // human-readable remarks, e.g. the first malformed lines
};

}  // namespace alinea::align
