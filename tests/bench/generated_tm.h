// The generated TM the store and server benchmarks share: N units built from
// the real pairs in tm_pairs.dev.tsv, repeated with systematic variation
// (numbers, one changed word, list numbering, punctuation) so the TM has the
// near-duplicates real TMs have, plus 2% exact duplicates of earlier units.
//
//   std::vector<RealPair> pairs = load_real_pairs();   // empty: corpus absent
//   UnitGenerator gen(pairs);
//   TranslationUnit u = gen.unit(i);                   // the same for every i, every run
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tm/unit.h"

namespace alinea::bench {

struct RealPair {
  std::string es, en, origin;
};

// The pairs of ../shared/corpora/tm_pairs/tm_pairs.dev.tsv; empty when absent.
std::vector<RealPair> load_real_pairs();
// Where load_real_pairs() looks, for the "skipped" message.
std::string real_pairs_path();

// Whitespace-separated words, and back.
std::vector<std::string> split_words(const std::string& s);
std::string join_words(const std::vector<std::string>& words);

// Copy k of a text: k == 0 is the original.
std::string vary(const std::string& text, size_t k);

class UnitGenerator {
 public:
  explicit UnitGenerator(const std::vector<RealPair>& pairs) : pairs_(pairs) {}
  // Unit i of the generated TM. Units are meant to be generated in order:
  // each remembers the previous unit's source as its context.
  tm::TranslationUnit next(size_t i);

 private:
  const std::vector<RealPair>& pairs_;
  std::string prev_;
};

}  // namespace alinea::bench
