#include "align/aligner/lattice.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include "align/aligner/bead_cost.h"

namespace alinea::align::detail {
namespace {

// The masks of one cell, for a bead of one segment a side.
struct SingleCell {
  CellMasks m;
  CellMasks operator()(uint32_t, uint32_t) const { return m; }
  std::optional<double> es_span(uint32_t, uint32_t, uint32_t) const { return std::nullopt; }
  std::optional<double> en_span(uint32_t, uint32_t, uint32_t) const { return std::nullopt; }
};

// -log(2 (1 - Phi(z))), the Gale-Church length cost, tabulated: erfc and log
// per bead were a fifth of the search time.
class LengthCostTable {
 public:
  static constexpr double kStep = 1.0 / 64.0;
  static constexpr double kMax = 8.0;
  LengthCostTable() {
    const size_t size = static_cast<size_t>(kMax / kStep) + 2;
    table_.resize(size);
    for (size_t k = 0; k < size; ++k) table_[k] = exact(static_cast<double>(k) * kStep);
  }
  double operator()(double z) const {
    if (z >= kMax) return exact(z);
    const double pos = z / kStep;
    const size_t k = static_cast<size_t>(pos);
    const double frac = pos - static_cast<double>(k);
    return table_[k] + frac * (table_[k + 1] - table_[k]);
  }
  static double exact(double z) {
    if (z < kMax) return -std::log(std::max(std::erfc(z / std::sqrt(2.0)), 1e-300));
    return z * z / 2.0 + std::log(z * std::sqrt(M_PI / 2.0));  // asymptotic tail
  }

 private:
  std::vector<double> table_;
};

const LengthCostTable& length_cost_table() {
  static const LengthCostTable table;
  return table;
}

uint64_t token_bit(uint32_t k) { return uint64_t{1} << (k & 63u); }

}  // namespace

std::vector<BeadShape> bead_shapes(int max_side, int max_segments) {
  std::vector<BeadShape> shapes{{1, 0}, {0, 1}};
  for (int a = 1; a <= max_side; ++a)
    for (int b = 1; b <= max_side; ++b)
      if (a + b <= std::max(2, max_segments)) shapes.push_back({a, b});
  return shapes;
}

Band Band::full(size_t n, size_t m) {
  Band band;
  band.lo.assign(n + 1, 0);
  band.hi.assign(n + 1, static_cast<int32_t>(m));
  band.finish(n, m);
  return band;
}

void Band::finish(size_t n, size_t m) {
  const int32_t mm = static_cast<int32_t>(m);
  lo.resize(n + 1, 0);
  hi.resize(n + 1, mm);
  for (size_t x = 0; x <= n; ++x) {
    lo[x] = std::clamp(lo[x], 0, mm);
    hi[x] = std::clamp(hi[x], 0, mm);
    if (lo[x] > hi[x]) std::swap(lo[x], hi[x]);
  }
  lo[0] = 0;
  hi[n] = mm;
  for (size_t x = n; x-- > 0;) lo[x] = std::min(lo[x], lo[x + 1]);
  for (size_t x = 1; x <= n; ++x) hi[x] = std::max(hi[x], hi[x - 1]);
  for (size_t x = 1; x <= n; ++x) lo[x] = std::min(lo[x], hi[x - 1]);
  offset.resize(n + 2);
  cells = 0;
  for (size_t x = 0; x <= n; ++x) {
    offset[x] = cells;
    cells += static_cast<uint64_t>(hi[x] - lo[x] + 1);
  }
  offset[n + 1] = cells;
}

RowMarker::RowMarker(const SideFeatures& es, const SideFeatures& en, uint32_t concept_count)
    : es_(es), en_(en), concept_mask_(concept_count, 0) {}

Scorer::Scorer(const SideFeatures& es, const SideFeatures& en, const AlignOptions& options,
               uint32_t concept_count)
    : es_(es),
      en_(en),
      options_(options),
      concept_count_(concept_count),
      marker_(es, en, concept_count) {
  params.paragraphs = es.has_paragraphs && en.has_paragraphs;
  params.length_variance = options.length_variance;
}

double weighted_hits(const SideFeatures& side, size_t s, uint64_t mask) {
  const uint32_t first = side.token_begin[s];
  const uint32_t count = side.token_begin[s + 1] - first;
  double sum = 0.0;
  if (count <= 64) {
    while (mask) {
      int k = std::countr_zero(mask);
      mask &= mask - 1;
      if (static_cast<uint32_t>(k) < count) sum += side.token_weight[first + k];
    }
  } else {
    for (uint32_t k = 0; k < count; ++k)
      if (mask & token_bit(k)) sum += side.token_weight[first + k];
  }
  return sum;
}

void RowMarker::mark(size_t i) {
  if (marked_row_ == static_cast<int64_t>(i)) return;
  for (uint32_t c : marked_) concept_mask_[c] = 0;
  marked_.clear();
  for (uint32_t k = es_.token_begin[i]; k < es_.token_begin[i + 1]; ++k) {
    uint64_t bit = token_bit(k - es_.token_begin[i]);
    for (uint32_t q = es_.token_concept_begin[k]; q < es_.token_concept_begin[k + 1]; ++q) {
      const uint32_t c = es_.token_concepts[q];
      if (concept_mask_[c] == 0) marked_.push_back(c);
      concept_mask_[c] |= bit;
    }
  }
  marked_row_ = static_cast<int64_t>(i);
}

uint64_t RowMarker::es_matched(size_t i, SegmentRange en) {
  mark(i);
  uint64_t bits = 0;
  for (uint32_t j = en.begin; j < en.end(); ++j) bits |= cell(j).es;
  return bits;
}

uint64_t RowMarker::en_matched(size_t j, SegmentRange es) {
  uint64_t bits = 0;
  for (uint32_t i = es.begin; i < es.end(); ++i) {
    mark(i);
    bits |= cell(j).en;
  }
  return bits;
}

uint64_t RowMarker::en_matching(size_t i, uint64_t chosen, size_t j) {
  mark(i);
  uint64_t out = 0;
  const uint32_t first = en_.token_begin[j];
  for (uint32_t k = first; k < en_.token_begin[j + 1]; ++k)
    for (uint32_t q = en_.token_concept_begin[k]; q < en_.token_concept_begin[k + 1]; ++q)
      if (concept_mask_[en_.token_concepts[q]] & chosen) out |= token_bit(k - first);
  return out;
}

uint64_t RowMarker::es_matching(size_t i, size_t j, uint64_t chosen) {
  mark(i);
  uint64_t out = 0;
  const uint32_t first = en_.token_begin[j];
  for (uint32_t k = first; k < en_.token_begin[j + 1]; ++k) {
    if (!(chosen & token_bit(k - first))) continue;
    for (uint32_t q = en_.token_concept_begin[k]; q < en_.token_concept_begin[k + 1]; ++q)
      out |= concept_mask_[en_.token_concepts[q]];
  }
  return out;
}

CellMasks RowMarker::cell(size_t j) const {
  CellMasks out;
  const uint32_t first = en_.token_begin[j];
  for (uint32_t k = first; k < en_.token_begin[j + 1]; ++k) {
    for (uint32_t q = en_.token_concept_begin[k]; q < en_.token_concept_begin[k + 1]; ++q) {
      uint64_t m = concept_mask_[en_.token_concepts[q]];
      if (m) {
        out.es |= m;
        out.en |= token_bit(k - first);
      }
    }
  }
  // 1-1, 1-2 and 2-1 beads use these directly instead of recounting.
  out.es_hits = static_cast<float>(weighted_hits(es_, static_cast<size_t>(marked_row_), out.es));
  out.en_hits = static_cast<float>(weighted_hits(en_, j, out.en));
  return out;
}

double Scorer::length_cost(double l_es, double l_en) const {
  const double c = params.length_ratio;
  const double var = params.length_variance * std::max(1.0, (l_es + l_en / c) / 2.0);
  const double z = std::abs(l_en - c * l_es) / std::sqrt(var);
  return std::min(length_cost_table()(z), options_.length_cost_cap);
}

// Weighted Dice overlap of the subword pieces of the two spans: pieces shared
// by both languages are names, numbers, code, and cognate stems.
double Scorer::subword_overlap(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1) const {
  struct Piece {
    uint32_t id;
    float weight;
  };
  auto gather = [](const SideFeatures& side, uint32_t b, uint32_t e, std::vector<Piece>& out,
                   double& total) {
    out.clear();
    for (uint32_t s = b; s < e; ++s)
      for (uint32_t k = side.subword_begin[s]; k < side.subword_begin[s + 1]; ++k)
        out.push_back({side.subwords[k], side.subword_weight[k]});
    if (e - b > 1) {
      std::sort(out.begin(), out.end(), [](const Piece& x, const Piece& y) { return x.id < y.id; });
      out.erase(std::unique(out.begin(), out.end(),
                            [](const Piece& x, const Piece& y) { return x.id == y.id; }),
                out.end());
    }
    total = 0;
    for (const Piece& p : out) total += p.weight;
  };
  thread_local std::vector<Piece> a, b;
  double ta = 0, tb = 0;
  gather(es_, i0, i1, a, ta);
  gather(en_, j0, j1, b, tb);
  if (ta + tb <= 0.0) return 0.0;
  double shared = 0;
  for (size_t p = 0, q = 0; p < a.size() && q < b.size();) {
    if (a[p].id < b[q].id)
      ++p;
    else if (a[p].id > b[q].id)
      ++q;
    else {
      shared += a[p].weight + b[q].weight;
      ++p;
      ++q;
    }
  }
  return shared / (ta + tb);
}

bool Scorer::ends_with_unmatched_heading(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1) const {
  if (i1 - i0 >= 2 &&
      (unmatched_heading(es_, i0, en_, j0, j1) || unmatched_heading(es_, i1 - 1, en_, j0, j1)))
    return true;
  return j1 - j0 >= 2 &&
         (unmatched_heading(en_, j0, es_, i0, i1) || unmatched_heading(en_, j1 - 1, es_, i0, i1));
}

bool Scorer::paragraph_end_es(uint32_t x) const {
  return x == 0 || x >= es_.size() || es_.paragraph[x - 1] != es_.paragraph[x];
}
bool Scorer::paragraph_end_en(uint32_t y) const {
  return y == 0 || y >= en_.size() || en_.paragraph[y - 1] != en_.paragraph[y];
}

double Scorer::pair_similarity(size_t i, size_t j) {
  marker_.mark(i);
  SingleCell one{marker_.cell(j)};
  return similarity(static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1),
                    static_cast<uint32_t>(j), static_cast<uint32_t>(j + 1), one, nullptr);
}

double Scorer::pair_cost(size_t i, size_t j) {
  marker_.mark(i);
  SingleCell one{marker_.cell(j)};
  return content_cost(static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1),
                      static_cast<uint32_t>(j), static_cast<uint32_t>(j + 1), one);
}

}  // namespace alinea::align::detail
