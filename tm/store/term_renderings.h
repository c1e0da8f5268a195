// The backend-neutral half of term_variants, private to tm/store: given the
// units a backend's index found for a term (and a sample of the rest of the
// TM), find how the term is rendered. A backend only fetches.
//
//   terms::TermSearch search(term, options);
//   if (search.empty()) return {};
//   for (each unit matching search.candidate_phrase(), in id order, until search.full())
//     search.offer(unit);
//   if (!search.found()) return {};
//   for (each sampled unit id not search.has_row(id)) search.train_on(unit);
//   return search.renderings(max_id, count_fn);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tm/store/store.h"

namespace alinea::tm::terms {

// A unit as term search reads it.
struct UnitText {
  int64_t id = 0;
  std::string document;  // "" for a unit without one
  std::string src_lang, src_text, tgt_lang, tgt_text;
  bool rejected = false;
  bool pending = false;
};

// One word of a phrase to look up in an index: the word itself, or (prefix)
// any word beginning with it.
struct PhraseWord {
  std::string text;  // folded: letters and digits only
  bool prefix = false;
};

// The FTS5 expression of a phrase: "cordon"* + "industrial"*.
std::string fts5_phrase(const std::vector<PhraseWord>& phrase);

class TermSearch {
 public:
  // Throws Error for an invalid language tag in options.
  TermSearch(std::string_view term, const TermOptions& options);
  TermSearch(const TermSearch&) = delete;
  TermSearch& operator=(const TermSearch&) = delete;
  ~TermSearch();

  // No word to look for (empty term, invalid UTF-8): nothing will be found.
  bool empty() const;
  // The term's words in sequence, each content word as a prefix of what it
  // shares with its stem ("cordon"* finds "cordones"): a superset of the
  // units holding the term, which offer() then checks by stems.
  std::vector<PhraseWord> candidate_phrase() const;

  // A unit matching the candidate phrase, in id order; kept when its
  // term-language side really holds the term (options' filters apply).
  void offer(const UnitText& unit);
  // options.max_units units kept: offer no more.
  bool full() const;
  bool found() const;
  bool has_row(int64_t id) const;
  // A unit of the TM sampled to train the word alignment on; the caller
  // skips units it kept (has_row) and units waiting for review.
  void train_on(const UnitText& unit);

  // The renderings, best first. units_total: the TM's size (its largest
  // id will do); count: how many units hold a phrase on one side (target
  // side or source side), counted up to cap.
  using Count =
      std::function<int64_t(bool target_side, const std::vector<PhraseWord>& phrase, int64_t cap)>;
  std::vector<TermRendering> renderings(int64_t units_total, const Count& count);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace alinea::tm::terms
