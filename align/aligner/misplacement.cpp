#include "align/aligner/misplacement.h"

#include <algorithm>
#include <cstdint>

namespace alinea::align::detail {
namespace {

// Share of the word weight of segment s (of `side`) in the positions `bits`
// (one bit per token; tokens beyond the 64th share their bit, as in the
// search's masks, so they are counted once at most).
double share(const SideFeatures& side, uint32_t s, uint64_t bits) {
  const float total = side.total_weight[s];
  if (total <= 0.0f || bits == 0) return 0.0;
  const uint32_t count = std::min<uint32_t>(64, side.tokens_of(s));
  double hit = 0.0;
  for (uint32_t k = 0; k < count; ++k)
    if ((bits >> k) & 1) hit += side.token_weight[side.token_begin[s] + k];
  return std::min(1.0, hit / total);
}

// Share of Spanish segment i matched in the English segments `en`.
double es_share(RowMarker& marker, uint32_t i, SegmentRange en) {
  if (en.empty()) return 0.0;
  marker.mark(i);
  uint64_t bits = 0;
  for (uint32_t j = en.begin; j < en.end(); ++j) bits |= marker.cell(j).es;
  return share(marker.es(), i, bits);
}

// Share of English segment j matched in the Spanish segments `es`.
double en_share(RowMarker& marker, uint32_t j, SegmentRange es) {
  uint64_t bits = 0;
  for (uint32_t i = es.begin; i < es.end(); ++i) {
    marker.mark(i);
    bits |= marker.cell(j).en;
  }
  return share(marker.en(), j, bits);
}

}  // namespace

std::vector<double> misplacement(const std::vector<Bead>& beads, Scorer& scorer) {
  RowMarker& marker = scorer.marker();
  const SegmentRange none{};
  std::vector<double> out(beads.size(), 0.0);
  for (size_t k = 0; k < beads.size(); ++k) {
    const Bead& b = beads[k];
    const Bead* before = k > 0 ? &beads[k - 1] : nullptr;
    const Bead* after = k + 1 < beads.size() ? &beads[k + 1] : nullptr;
    double worst = 0.0;
    for (uint32_t i = b.src.begin; i < b.src.end(); ++i) {
      const double own = es_share(marker, i, b.tgt);
      const double near = std::max(es_share(marker, i, before ? before->tgt : none),
                                   es_share(marker, i, after ? after->tgt : none));
      worst = std::max(worst, near - own);
    }
    for (uint32_t j = b.tgt.begin; j < b.tgt.end(); ++j) {
      const double own = en_share(marker, j, b.src);
      const double near = std::max(en_share(marker, j, before ? before->src : none),
                                   en_share(marker, j, after ? after->src : none));
      worst = std::max(worst, near - own);
    }
    out[k] = worst;
  }
  return out;
}

}  // namespace alinea::align::detail
