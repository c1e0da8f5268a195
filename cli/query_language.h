// Which side of the TM a translator's query (a term, a phrase, a sentence)
// should be looked up on, decided from evidence rather than from the string
// alone: first the TM itself (on which side does the text occur, and how
// often), then the bilingual lexicon, then the language detector. When both
// sides are plausible the answer holds both, most likely first, and says so.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tm/store/store.h"

namespace alinea::cli {

class LexiconAccess;

struct QueryLanguage {
  // "es" and/or "en", most likely first; never empty.
  std::vector<std::string> langs;
  // One line for the user, e.g. "English: on the English side of 5 units,
  // the Spanish side of none" or "given with --lang".
  std::string reason;
  // The TM's evidence: units whose Spanish / English side holds the query
  // (as a phrase; its words in any order when no side has the phrase),
  // counted up to kQueryEvidenceCap. Both 0 when --lang forced the answer.
  int64_t es_units = 0, en_units = 0;
  bool forced = false;   // given with --lang
  bool from_tm = false;  // decided by the counts above
  bool both() const { return langs.size() > 1; }
};

// Units counted on each side before the evidence is taken as plenty.
inline constexpr int64_t kQueryEvidenceCap = 1000;

// forced: the value of --lang ("" when not given); when set it wins.
QueryLanguage decide_query_language(const tm::Store& store, std::string_view query,
                                    const LexiconAccess* lexicon, const std::string& forced);

}  // namespace alinea::cli
