// The backend-neutral half of search, private to tm/store: what turns the
// ids a backend's index found into hits. Every backend re-ranks fuzzy
// candidates and highlights concordance hits with these, so that the same
// TM gives the same percentages and the same highlights on each.
//
//   std::vector<rerank::Candidate> texts = ...;  // fetched by id, best first
//   auto ids = rerank::fuzzy(texts, sentence, options);
//   for (auto& [id, target] : ids) out.push_back(rerank::fuzzy_match(unit(id), target, sentence));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tm/store/query.h"
#include "tm/store/store.h"
#include "tm/store/text.h"

namespace alinea::tm::rerank {

// The weighted word-level edit distance between a TM side (a) and a
// sentence (b), as a percentage; below min_percent the result may be 0
// without the full computation. With want_diff, the differing tokens.
struct Similarity {
  double percent = 0;
  std::vector<ByteRange> a_diff, b_diff;  // a = TM side, b = sentence
};
Similarity similarity(const std::vector<text::Token>& a, std::string_view ta,
                      const std::vector<text::Token>& b, std::string_view tb, double min_percent,
                      bool want_diff);

// A fuzzy candidate as a backend read it: the unit's two sides and what
// the filters need.
struct Candidate {
  int64_t id = 0;
  std::string src_lang, src_text, tgt_lang, tgt_text;
  bool rejected = false;
  bool pending = false;
};

// The candidates passing the options' filters and min_percent, best first
// (ties by id), at most options.limit: (unit id, matched the target side).
std::vector<std::pair<int64_t, bool>> fuzzy(const std::vector<Candidate>& candidates,
                                            const std::vector<text::Token>& query_tokens,
                                            std::string_view sentence, const FuzzyOptions& options);

// The match of a unit chosen by fuzzy(), with its percentage and diff.
FuzzyMatch fuzzy_match(TranslationUnit unit, bool target,
                       const std::vector<text::Token>& query_tokens, std::string_view sentence);

// A concordance hit on a unit: its highlights for the query's terms (or
// its phrase), on the sides in the query's language. phrase: whether the
// unit holds the whole query as a phrase, when the backend knows; else it
// is checked on the text.
ConcordanceHit concordance_hit(TranslationUnit unit, double score, std::optional<bool> phrase,
                               const std::vector<query::Term>& terms,
                               const std::optional<query::Term>& as_phrase,
                               const std::string& lang);

}  // namespace alinea::tm::rerank
