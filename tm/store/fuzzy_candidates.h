// The units most likely to be close to a sentence, for a fuzzy match to
// re-rank (rerank.h): the same scheme on every backend, asking a
// CandidateWords which units hold which words.
//
//   PgCandidateWords index(store);
//   auto ids = fuzzy_candidates(index, {"toma", "terreno"}, true, max_id, 40);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tm/store/candidate_words.h"

namespace alinea::tm {

// The units most likely to be close to a sentence of these (folded,
// distinct) words, best first, at most `keep`: units sharing its rare
// words, scored by summed idf, then by the common words they also hold.
// `by_source`: the words are looked for in the source text only.
// `total_units` stands for the TM's size in the idf.
std::vector<int64_t> fuzzy_candidates(CandidateWords& index, const std::vector<std::string>& words,
                                      bool by_source, int64_t total_units, size_t keep);

}  // namespace alinea::tm
