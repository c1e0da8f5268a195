#include "align/aligner/score.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace alinea::align {
namespace {

using Key = std::pair<std::pair<uint32_t, uint32_t>, std::pair<uint32_t, uint32_t>>;

Key key_of(const Bead& b) {
  // An empty side is the same bead wherever it sits: normalise its begin.
  return {{b.src.empty() ? 0 : b.src.begin, b.src.size},
          {b.tgt.empty() ? 0 : b.tgt.begin, b.tgt.size}};
}

struct Counts {
  size_t strict_hits = 0, strict_misses = 0, lax_hits = 0, lax_misses = 0;
};

// vecalign's _precision(goldalign, testalign): how many distinct beads of
// `test` are in `gold` (strict) or share a link with it (lax).
Counts precision(const std::vector<Bead>& gold, const std::vector<Bead>& test) {
  std::set<Key> gold_keys;
  std::unordered_map<uint32_t, std::vector<uint32_t>> links;  // gold src -> gold tgts
  for (const Bead& b : gold) {
    if (b.src.empty() && b.tgt.empty()) continue;
    gold_keys.insert(key_of(b));
    for (uint32_t s = b.src.begin; s < b.src.end(); ++s)
      for (uint32_t t = b.tgt.begin; t < b.tgt.end(); ++t) links[s].push_back(t);
  }
  std::set<Key> seen;
  Counts c;
  for (const Bead& b : test) {
    if (b.src.empty() && b.tgt.empty()) continue;
    if (!seen.insert(key_of(b)).second) continue;  // score.py works on sets
    if (gold_keys.count(key_of(b))) {
      ++c.strict_hits;
      ++c.lax_hits;
      continue;
    }
    ++c.strict_misses;
    bool lax = false;
    for (uint32_t s = b.src.begin; s < b.src.end() && !lax; ++s) {
      auto it = links.find(s);
      if (it == links.end()) continue;
      for (uint32_t t : it->second)
        if (t >= b.tgt.begin && t < b.tgt.end()) {
          lax = true;
          break;
        }
    }
    if (lax)
      ++c.lax_hits;
    else
      ++c.lax_misses;
  }
  return c;
}

std::vector<Bead> without_empty_sides(const std::vector<Bead>& beads) {
  std::vector<Bead> out;
  for (const Bead& b : beads)
    if (!b.src.empty() && !b.tgt.empty()) out.push_back(b);
  return out;
}

double ratio(size_t hits, size_t misses) {
  return hits + misses == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(hits + misses);
}

PrecisionRecall make(double p, double r) {
  return {p, r, p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r)};
}

}  // namespace

ScoreCounts& ScoreCounts::operator+=(const ScoreCounts& o) {
  precision_strict_hits += o.precision_strict_hits;
  precision_strict_misses += o.precision_strict_misses;
  precision_lax_hits += o.precision_lax_hits;
  precision_lax_misses += o.precision_lax_misses;
  recall_strict_hits += o.recall_strict_hits;
  recall_strict_misses += o.recall_strict_misses;
  recall_lax_hits += o.recall_lax_hits;
  recall_lax_misses += o.recall_lax_misses;
  return *this;
}

AlignmentScore ScoreCounts::score() const {
  AlignmentScore s;
  s.strict = make(ratio(precision_strict_hits, precision_strict_misses),
                  ratio(recall_strict_hits, recall_strict_misses));
  s.lax = make(ratio(precision_lax_hits, precision_lax_misses),
               ratio(recall_lax_hits, recall_lax_misses));
  return s;
}

ScoreCounts count_matches(const Alignment& gold, const Alignment& predicted) {
  ScoreCounts out;
  Counts p = precision(gold.beads, predicted.beads);
  Counts r = precision(without_empty_sides(predicted.beads), without_empty_sides(gold.beads));
  out.precision_strict_hits = p.strict_hits;
  out.precision_strict_misses = p.strict_misses;
  out.precision_lax_hits = p.lax_hits;
  out.precision_lax_misses = p.lax_misses;
  out.recall_strict_hits = r.strict_hits;
  out.recall_strict_misses = r.strict_misses;
  out.recall_lax_hits = r.lax_hits;
  out.recall_lax_misses = r.lax_misses;
  return out;
}

AlignmentScore score(const Alignment& gold, const Alignment& predicted) {
  return count_matches(gold, predicted).score();
}

}  // namespace alinea::align
