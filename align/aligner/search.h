// Internal to the aligner: where to search. Anchors (rare shared words)
// and the band of lattice states built around them or around a path.
//
//   auto anchors = find_anchors(es, en, concept_count, options);
//   Band band = initial_band(es, en, concept_count, options, &anchor_count);
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "align/aligner/aligner.h"
#include "align/aligner/features.h"
#include "align/aligner/lattice.h"

namespace alinea::align::detail {

// Pairs (i, j) of segments that share concepts found in very few segments of
// either side (names, numbers, rare words and their translations), each the
// other's best, reduced to the heaviest chain increasing on both sides.
// Where those are sparser than options.anchor_sparse_spacing, a concept
// found as often on both sides (up to options.anchor_max_repeats, more in a
// long document) also pairs its k-th occurrences.
std::vector<std::pair<uint32_t, uint32_t>> find_anchors(const SideFeatures& es,
                                                        const SideFeatures& en,
                                                        uint32_t concept_count,
                                                        const AlignOptions& options);

// A band through monotone states from (0,0) to (n,m).
Band band_through(const std::vector<std::pair<uint32_t, uint32_t>>& points, size_t n, size_t m,
                  const AlignOptions& options, double width_scale);

// A band of `width` states around a path (its bead end states).
Band band_around(const std::vector<std::pair<uint32_t, uint32_t>>& states, size_t n, size_t m,
                 int width);

// `band` plus a square of `width` states around each of `states`.
Band widen_at(const Band& band, const std::vector<std::pair<uint32_t, uint32_t>>& states, size_t n,
              size_t m, int width);

// The full lattice for small documents, else a band around the anchors,
// kept within a budget linear in the document size.
Band initial_band(const SideFeatures& es, const SideFeatures& en, uint32_t concept_count,
                  const AlignOptions& options, size_t* anchor_count);

}  // namespace alinea::align::detail
