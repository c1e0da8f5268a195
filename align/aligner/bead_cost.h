// Internal to the search: the scorer's bead costs, templated on where they
// read the word matches from (a pass's rows, mask_rows.h, or one cell). Only
// the files that instantiate them include this: the lattice's pair costs and
// the pass, each with its own masks types, local to the file, so that the
// sweeps' calls are inlined.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#include "align/aligner/lattice.h"

namespace alinea::align::detail {

// Coverage a segment reaches by chance against k unrelated segments, given
// its mean coverage b against one: the more segments on the other side of a
// bead, the more of its common words find a match anyway. Subtracting it
// keeps merges from looking better than they are.
inline double chance(double b, uint32_t k) {
  if (k <= 1) return b;
  const double miss = 1.0 - std::clamp(b, 0.0, 1.0);
  double all_miss = miss;
  for (uint32_t t = 1; t < k; ++t) all_miss *= miss;
  return 1.0 - all_miss;
}

template <typename Masks>
double Scorer::similarity(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1, const Masks& masks,
                          double* baseline) const {
  // Mean over the bead's segments of the share of each segment's (weighted)
  // words matched on the other side. Per segment, not pooled: a long, well
  // matched segment must not hide a short unmatched one in a merge.
  double coverage = 0.0;
  double base = 0.0;
  for (uint32_t i = i0; i < i1; ++i) {
    double hits;
    if (j1 - j0 == 1) {
      hits = masks(i, j0).es_hits;
    } else if (const std::optional<double> kept = masks.es_span(i, j0, j1)) {
      hits = *kept;
    } else {
      uint64_t m = 0;
      for (uint32_t j = j0; j < j1; ++j) m |= masks(i, j).es;
      hits = weighted_hits(es_, i, m);
    }
    const double w = es_.total_weight[i];
    coverage += w > 0.0 ? hits / w : 0.5;
    base += chance(es_.baseline[i], j1 - j0);
  }
  for (uint32_t j = j0; j < j1; ++j) {
    double hits;
    if (i1 - i0 == 1) {
      hits = masks(i0, j).en_hits;
    } else if (const std::optional<double> kept = masks.en_span(i0, i1, j)) {
      hits = *kept;
    } else {
      uint64_t m = 0;
      for (uint32_t i = i0; i < i1; ++i) m |= masks(i, j).en;
      hits = weighted_hits(en_, j, m);
    }
    const double w = en_.total_weight[j];
    coverage += w > 0.0 ? hits / w : 0.5;
    base += chance(en_.baseline[j], i1 - i0);
  }
  const double segments = static_cast<double>((i1 - i0) + (j1 - j0));
  if (baseline) *baseline = base / segments;
  return std::min(1.0, coverage / segments);
}

template <typename Masks>
double Scorer::content_cost(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1,
                            const Masks& masks) const {
  double base = 0.0;
  const double sim = similarity(i0, i1, j0, j1, masks, &base);
  // Per segment, not per bead: otherwise merging everything would be cheap.
  const double segments = static_cast<double>((i1 - i0) + (j1 - j0)) / 2.0;
  double cost = options_.lexical_weight * segments * (1.0 - sim + options_.normalise_weight * base);

  double l_es = static_cast<double>(i1 - i0 - 1);  // joining spaces
  double l_en = static_cast<double>(j1 - j0 - 1);
  int punct = 0;
  std::array<int, 3> diff{};
  for (uint32_t i = i0; i < i1; ++i) {
    l_es += es_.length[i];
    for (int k = 0; k < 3; ++k) diff[k] += es_.punctuation[i][k];
  }
  for (uint32_t j = j0; j < j1; ++j) {
    l_en += en_.length[j];
    for (int k = 0; k < 3; ++k) diff[k] -= en_.punctuation[j][k];
  }
  for (int k = 0; k < 3; ++k) punct += std::abs(diff[k]);
  cost += options_.length_weight * length_cost(l_es, l_en);
  if (!es_.subword_begin.empty() && !en_.subword_begin.empty())
    cost += options_.subword_weight * segments * (1.0 - subword_overlap(i0, i1, j0, j1));
  cost += options_.punctuation_weight * std::min(punct, 3);
  cost += options_.merge_penalty * static_cast<double>((i1 - i0) + (j1 - j0) - 2);
  // Many-to-many beads are rare in real translations and are what two 1-1
  // beads with a weak boundary collapse into.
  if (i1 - i0 > 1 && j1 - j0 > 1) cost += options_.many_to_many_penalty;
  return cost;
}

template <typename Masks>
double Scorer::bead_cost(uint32_t x, uint32_t y, BeadShape s, const Masks& masks) const {
  const uint32_t i0 = x - s.a;
  const uint32_t j0 = y - s.b;
  double cost;
  double crossings = 0;
  if (params.paragraphs) {
    // A merge across a paragraph boundary is dear but possible:
    // translations re-paragraph (one side's two paragraphs are one
    // paragraph of the other).
    for (uint32_t i = i0 + 1; i < x; ++i) crossings += es_.paragraph[i] != es_.paragraph[i - 1];
    for (uint32_t j = j0 + 1; j < y; ++j) crossings += en_.paragraph[j] != en_.paragraph[j - 1];
    if (crossings > 0 && options_.paragraph_cross_penalty < 0) return kInf;
  }
  if (s.a == 0 || s.b == 0) {
    cost = params.deletion_cost + params.deletion_prior;
  } else {
    if (s.a + s.b > 2 && options_.forbid_unmatched_headings &&
        ends_with_unmatched_heading(i0, x, j0, y))
      return kInf;
    cost = content_cost(i0, x, j0, y, masks) + params.merge_prior * (s.a + s.b - 2);
  }
  if (params.paragraphs && paragraph_end_es(x) != paragraph_end_en(y))
    cost += options_.paragraph_penalty;
  cost += options_.paragraph_cross_penalty * crossings;
  return cost;
}

}  // namespace alinea::align::detail
