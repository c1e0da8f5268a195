// Which units hold each word, kept in memory and shared by the connections
// of a long-running process (alinea serve) to one SQLite TM: a fuzzy match
// then finds its candidates without an FTS5 query per word. Lists are read
// from FTS5 the first time a word is asked for, and all are dropped when
// the TM changes.
//
//   auto postings = std::make_shared<WordPostings>(256 << 20);
//   store.keep_word_postings(postings);   // on each connection
//
// Thread-safe. A connection that sees the TM changed (another connection's
// commit, or its own write) calls invalidate(); a list read before that is
// refused by put(), as AnswerCache does with answers (cli/answer_cache.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "tm/store/candidate_words.h"

namespace alinea::tm {

class WordPostings {
 public:
  // Unit ids in ascending order. 32 bits halve the memory of a large TM;
  // a TM whose ids pass them is not served from here.
  using List = std::vector<uint32_t>;
  static constexpr int64_t kMaxId = UINT32_MAX;

  explicit WordPostings(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  uint64_t generation() const;
  std::shared_ptr<const List> find(const std::string& word) const;
  // Kept unless the TM changed since `generation`, or the list alone would
  // take more than an eighth of the bound. Past the bound every list is
  // dropped: the words of the next lookups are read again.
  void put(const std::string& word, std::shared_ptr<const List> list, uint64_t generation);
  void invalidate();

  std::size_t bytes() const;
  std::size_t size() const;

 private:
  static std::size_t cost(const std::string& word, const List& list) {
    return word.size() + list.size() * sizeof(uint32_t) + kOverhead;
  }
  static constexpr std::size_t kOverhead = 96;

  const std::size_t max_bytes_;
  mutable std::mutex lock_;
  uint64_t generation_ = 0;
  std::size_t bytes_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const List>> lists_;
};

// Candidate words (candidate_words.h) answered from a WordPostings, its
// missing lists read through the store's connection.
class PostingCandidateWords final : public CandidateWords {
 public:
  PostingCandidateWords(SqliteStore& store, WordPostings& postings)
      : s_(store), postings_(postings), generation_(postings.generation()) {}
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
  void first_units_with_all_but_one(const std::vector<std::string>& words, int64_t limit,
                                    const std::function<void(int64_t, uint64_t)>& fn) override;

 private:
  std::shared_ptr<const WordPostings::List> list(const std::string& word);

  SqliteStore& s_;
  WordPostings& postings_;
  const uint64_t generation_;
  // The lists this lookup has used: a word is read once per lookup even
  // when the shared cache refuses or drops it.
  std::unordered_map<std::string, std::shared_ptr<const WordPostings::List>> held_;
};

}  // namespace alinea::tm
