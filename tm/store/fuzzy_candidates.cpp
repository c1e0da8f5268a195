// Fuzzy-match candidates from word lookups (fuzzy_candidates.h).
#include "tm/store/fuzzy_candidates.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "tm/store/text.h"

namespace alinea::tm {

namespace {

// A word in this many units or more is common: its postings are not read in
// full (bounds the time per query on a large TM).
constexpr int64_t kCommon = 1000;
constexpr size_t kMaxQueryWords = 12;
// Common words scored on the units that rare words found.
constexpr size_t kMaxCommonWords = 8;
// With few rare words, units holding a group of common words are
// candidates, this many for each group, the first in id order: ties are
// broken towards the older unit everywhere else, and FTS5 walks a posting
// list forwards far more cheaply than backwards (a page at a time).
constexpr int64_t kPerGroup = 300;

// Summed scores by unit id, in one array with open addressing: a lookup
// scores thousands of units, and a node each (std::unordered_map) made
// allocation a seventh of a served lookup's time.
class IdScores {
 public:
  explicit IdScores(size_t expected) { rehash(std::bit_ceil(std::max<size_t>(64, 2 * expected))); }
  void add(int64_t id, float weight) {
    Slot& s = slot(id);
    if (s.id == kEmpty) {
      s.id = id;
      if (++size_ * 2 > slots_.size()) {
        rehash(2 * slots_.size());
        slot(id).score += weight;
        return;
      }
    }
    s.score += weight;
  }
  // Adds to a unit already scored; others are left out.
  void add_if_scored(int64_t id, float weight) {
    Slot& s = slot(id);
    if (s.id != kEmpty) s.score += weight;
  }
  bool empty() const { return size_ == 0; }
  // (score, id) of every unit scored.
  std::vector<std::pair<float, int64_t>> entries() const {
    std::vector<std::pair<float, int64_t>> out;
    out.reserve(size_);
    for (const Slot& s : slots_)
      if (s.id != kEmpty) out.emplace_back(s.score, s.id);
    return out;
  }

 private:
  static constexpr int64_t kEmpty = std::numeric_limits<int64_t>::min();
  struct Slot {
    int64_t id = kEmpty;
    float score = 0;
  };
  Slot& slot(int64_t id) {
    const size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ULL >> 32) & mask;
    while (slots_[i].id != kEmpty && slots_[i].id != id) i = (i + 1) & mask;
    return slots_[i];
  }
  void rehash(size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    for (const Slot& s : old)
      if (s.id != kEmpty) slot(s.id) = s;
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace

std::vector<int64_t> fuzzy_candidates(CandidateWords& index, const std::vector<std::string>& words,
                                      bool by_source, int64_t total_units, size_t keep) {
  auto quoted = [&](const std::string& w) { return index.key(w, by_source); };
  auto idf = [&](int64_t df) {
    return static_cast<float>(
        std::log(1.0 + static_cast<double>(total_units) / static_cast<double>(df)));
  };

  // How many units have each word, counted only up to kCommon: FTS5 keeps no
  // document frequencies, and counting all of "archivo" in a big TM costs
  // more than the whole match. Function words are left out: they find
  // everything.
  struct Word {
    std::string w;
    int64_t df = 0;
  };
  std::vector<Word> rare, common;
  {
    size_t content = 0;
    for (const auto& w : words) content += !text::is_stopword(w);
    std::vector<std::string> looked_up;
    for (const auto& w : words)
      if (content == 0 || !text::is_stopword(w)) looked_up.push_back(quoted(w));
    index.prepare(looked_up, kCommon);
    for (const auto& w : words) {
      if (content > 0 && text::is_stopword(w)) continue;
      const int64_t df = index.units_with(quoted(w), kCommon);
      if (df == 0) continue;
      (df < kCommon ? rare : common).push_back({w, df});
    }
  }
  if (rare.empty() && common.empty()) return {};
  std::sort(rare.begin(), rare.end(), [](const Word& a, const Word& b) {
    return a.df < b.df || (a.df == b.df && a.w < b.w);
  });
  // Among common words the longer is usually the rarer.
  std::stable_sort(common.begin(), common.end(),
                   [](const Word& a, const Word& b) { return a.w.size() > b.w.size(); });
  if (rare.size() > kMaxQueryWords) rare.resize(kMaxQueryWords);

  // Candidates: units sharing the rare words, scored by summed idf...
  size_t expected = 0;
  for (const auto& w : rare) expected += static_cast<size_t>(w.df);
  IdScores score(expected);
  for (const auto& w : rare) {
    const float weight = idf(w.df);
    index.each_unit_with(quoted(w.w), [&](int64_t id) { score.add(id, weight); });
  }
  // ...and by the common words they also have. Common words are never read
  // in full; with one rare word or none, units that have the most specific
  // common words together are candidates too.
  if (!common.empty()) {
    const float weight = idf(kCommon * 4);
    if (!rare.empty()) {
      std::vector<std::string> anchors, held;
      for (const auto& w : rare) anchors.push_back(quoted(w.w));
      for (size_t i = 0; i < std::min(common.size(), kMaxCommonWords); ++i)
        held.push_back(quoted(common[i].w));
      index.each_unit_with_any(anchors, held, [&](int64_t id, uint64_t mask) {
        score.add_if_scored(id, weight * static_cast<float>(std::popcount(mask)));
      });
    }
    if (rare.size() < 2) {
      // Groups of the most specific common words: all of them, which finds
      // the unit that has them all wherever it is among those holding some,
      // then each leaving one out, so that whichever of them changed, one
      // group still finds the unit.
      const size_t top = std::min<size_t>(common.size(), 4);
      std::vector<std::string> most;
      for (size_t i = 0; i < top; ++i) most.push_back(quoted(common[i].w));
      if (top >= 2) {
        // A unit's bonuses are added in group order, as one group after
        // another would add them: a float sum depends on its order.
        index.first_units_with_all_but_one(most, kPerGroup, [&](int64_t id, uint64_t groups) {
          for (size_t g = 0; g <= top; ++g)
            if (groups >> g & 1) score.add(id, weight * static_cast<float>(g == 0 ? top : top - 1));
        });
      } else {
        index.first_units_with_all(most, kPerGroup, [&](int64_t id) { score.add(id, weight); });
      }
    }
  }
  std::vector<std::pair<float, int64_t>> cands = score.entries();
  keep = std::min(cands.size(), keep);
  std::partial_sort(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(keep), cands.end(),
                    [](const auto& a, const auto& b) {
                      return a.first > b.first || (a.first == b.first && a.second < b.second);
                    });
  std::vector<int64_t> ids;
  ids.reserve(keep);
  for (size_t i = 0; i < keep; ++i) ids.push_back(cands[i].second);
  return ids;
}

}  // namespace alinea::tm
