// The word lookups a fuzzy match makes to find its candidates
// (fuzzy_candidates.h), before re-ranking them (rerank.h). Each word is
// given in the form key() makes of it: on SQLite an FTS5 expression for one
// word, with its column if any (src_text : "toma").
//
//   FtsCandidateWords words(store);
//   const std::string w = words.key("toma", true);
//   const int64_t df = words.units_with(w, 1000);
//   words.each_unit_with(w, [&](int64_t id) { ... });
//
// FtsCandidateWords asks FTS5 each time; PostingCandidateWords
// (word_postings.h) answers from posting lists kept in memory.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace alinea::tm {

struct SqliteStore;

class CandidateWords {
 public:
  virtual ~CandidateWords() = default;
  // The form the other calls take a folded word in, looked for in the
  // source text only or in both texts.
  virtual std::string key(const std::string& folded, bool source_only) const = 0;
  // The words about to be counted (units_with, with this cap) and, the
  // rare ones, read (each_unit_with): a store a round trip away may look
  // them all up at once here.
  virtual void prepare(const std::vector<std::string>& words, int64_t cap) {
    (void)words;
    (void)cap;
  }
  // How many units hold the word, counted up to cap.
  virtual int64_t units_with(const std::string& word, int64_t cap) = 0;
  // Every unit holding the word, in id order.
  virtual void each_unit_with(const std::string& word, const std::function<void(int64_t)>& fn) = 0;
  // Every unit holding one of `anchors` and one of `words` (at most 63
  // together), with bit i set where it holds words[i].
  virtual void each_unit_with_any(const std::vector<std::string>& anchors,
                                  const std::vector<std::string>& words,
                                  const std::function<void(int64_t, uint64_t)>& fn) = 0;
  // The first `limit` units, in id order, holding every one of `words`.
  virtual void first_units_with_all(const std::vector<std::string>& words, int64_t limit,
                                    const std::function<void(int64_t)>& fn) = 0;
  // first_units_with_all() of n + 1 groups of `words`: group 0 all of
  // them, group k + 1 all but words[k]. fn(unit, groups) has bit g set for
  // each group g among whose first `limit` the unit is; a unit may be given
  // more than once, with other bits. By default one first_units_with_all()
  // a group, group by group.
  virtual void first_units_with_all_but_one(const std::vector<std::string>& words, int64_t limit,
                                            const std::function<void(int64_t, uint64_t)>& fn);
};

// A folded word as an FTS5 expression, with its column when source_only.
std::string fts_word(const std::string& folded, bool source_only);

// FTS5 queries on the store's connection. Counts are kept on the store
// while the TM is unchanged (SqliteStore::units_matching).
class FtsCandidateWords final : public CandidateWords {
 public:
  explicit FtsCandidateWords(SqliteStore& store) : s_(store) {}
  std::string key(const std::string& folded, bool source_only) const override {
    return fts_word(folded, source_only);
  }
  int64_t units_with(const std::string& word, int64_t cap) override;
  void each_unit_with(const std::string& word, const std::function<void(int64_t)>& fn) override;
  void each_unit_with_any(const std::vector<std::string>& anchors,
                          const std::vector<std::string>& words,
                          const std::function<void(int64_t, uint64_t)>& fn) override;
  void first_units_with_all(const std::vector<std::string>& words, int64_t limit,
                            const std::function<void(int64_t)>& fn) override;

 private:
  SqliteStore& s_;
};

}  // namespace alinea::tm
