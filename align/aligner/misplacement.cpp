#include "align/aligner/misplacement.h"

#include <algorithm>
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

}  // namespace alinea::align::detail
