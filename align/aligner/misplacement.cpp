#include "align/aligner/misplacement.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace alinea::align::detail {
namespace {

// Share of segment s's word weight (of `side`) in the tokens `bits`.
double share(const SideFeatures& side, uint32_t s, uint64_t bits) {
  const float total = side.total_weight[s];
  return total > 0.0f ? std::min(1.0, weighted_hits(side, s, bits) / total) : 0.0;
}

}  // namespace

std::vector<double> misplacement(const std::vector<Bead>& beads, Scorer& scorer) {
  RowMarker& marker = scorer.marker();
  const SideFeatures& es = scorer.es();
  const SideFeatures& en = scorer.en();
  const SegmentRange none{};
  std::vector<double> out(beads.size(), 0.0);
  for (size_t k = 0; k < beads.size(); ++k) {
    const Bead& b = beads[k];
    const Bead* before = k > 0 ? &beads[k - 1] : nullptr;
    const Bead* after = k + 1 < beads.size() ? &beads[k + 1] : nullptr;
    double worst = 0.0;
    for (uint32_t i = b.src.begin; i < b.src.end(); ++i) {
      auto matched = [&](SegmentRange en_range) {
        return share(es, i, marker.es_matched(i, en_range));
      };
      const double own = matched(b.tgt);
      const double near =
          std::max(matched(before ? before->tgt : none), matched(after ? after->tgt : none));
      worst = std::max(worst, near - own);
    }
    for (uint32_t j = b.tgt.begin; j < b.tgt.end(); ++j) {
      auto matched = [&](SegmentRange es_range) {
        return share(en, j, marker.en_matched(j, es_range));
      };
      const double own = matched(b.src);
      const double near =
          std::max(matched(before ? before->src : none), matched(after ? after->src : none));
      worst = std::max(worst, near - own);
    }
    out[k] = worst;
  }
  return out;
}

std::vector<double> absorption(const std::vector<Bead>& beads, Scorer& scorer) {
  RowMarker& marker = scorer.marker();
  std::vector<double> out(beads.size(), 0.0);
  for (size_t k = 0; k < beads.size(); ++k) {
    const Bead& b = beads[k];
    const bool one_es = b.src.size == 1 && b.tgt.size >= 2;
    const bool one_en = b.tgt.size == 1 && b.src.size >= 2;
    if (!one_es && !one_en) continue;
    const SideFeatures& single_side = one_es ? scorer.es() : scorer.en();
    const uint32_t single = one_es ? b.src.begin : b.tgt.begin;
    const SegmentRange many = one_es ? b.tgt : b.src;
    // A token of the single segment that two or more of the other side's
    // segments match is no segment's own: "twice" collects those.
    std::array<uint64_t, kMaxBeadSide> bits{};
    const uint32_t n = std::min<uint32_t>(many.size, kMaxBeadSide);
    uint64_t once = 0, twice = 0;
    for (uint32_t m = 0; m < n; ++m) {
      const SegmentRange segment{many.begin + m, 1};
      bits[m] = one_es ? marker.es_matched(single, segment) : marker.en_matched(single, segment);
      twice |= once & bits[m];
      once |= bits[m];
    }
    double least = 1.0;
    for (uint32_t m = 0; m < n; ++m)
      least = std::min(least, share(single_side, single, bits[m] & ~twice));
    out[k] = std::max(0.0, 1.0 - least / kUsefulShare);
  }
  return out;
}

}  // namespace alinea::align::detail
