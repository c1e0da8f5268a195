#include "align/aligner/confidence.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "align/error.h"

namespace alinea::align {

namespace {

constexpr double kLogitCap = 7.0;  // a posterior of 0.999: beyond it, rounding

double capped_logit(double p) {
  p = std::clamp(p, 1e-6, 1.0 - 1e-6);
  return std::clamp(std::log(p / (1.0 - p)), -kLogitCap, kLogitCap);
}

double capped_log(double p) {
  const double floor = 1.0 / (1.0 + std::exp(kLogitCap));  // where the logit is -kLogitCap
  return std::log(std::max(p, floor));
}

bool is_omission(const Bead& b) { return b.src.empty() || b.tgt.empty(); }

}  // namespace

std::vector<BeadEvidence> bead_evidence(const Alignment& alignment,
                                        const std::vector<double>& misplacement,
                                        const std::vector<double>& absorption) {
  const auto& beads = alignment.beads;
  const size_t n = beads.size();
  if (misplacement.size() != n || absorption.size() != n)
    throw Error("bead_evidence: " + std::to_string(misplacement.size()) + " misplacements and " +
                std::to_string(absorption.size()) + " absorptions for " + std::to_string(n) +
                " beads");
  std::vector<BeadEvidence> out(n);
  for (size_t k = 0; k < n; ++k) {
    const Bead& b = beads[k];
    BeadEvidence& e = out[k];
    e[BeadEvidence::kPosteriorLogit] = capped_logit(b.confidence);
    e[BeadEvidence::kPosteriorLog] = capped_log(b.confidence);
    e[BeadEvidence::kOmission] = is_omission(b) ? 1.0 : 0.0;
    e[BeadEvidence::kMergeExtra] =
        is_omission(b) ? 0.0 : std::min(3.0, static_cast<double>(b.src.size + b.tgt.size) - 2.0);
    e[BeadEvidence::kMisplacement] = std::clamp(misplacement[k], 0.0, 1.0);
    e[BeadEvidence::kAbsorption] = std::clamp(absorption[k], 0.0, 1.0);
  }
  // Text left out on each side, next to each other, may well be a pair the
  // model missed: every omission of a run of omissions that holds both sides.
  for (size_t start = 0; start < n;) {
    if (!is_omission(beads[start])) {
      ++start;
      continue;
    }
    size_t end = start;
    bool src = false, tgt = false;
    for (; end < n && is_omission(beads[end]); ++end) {
      src |= !beads[end].src.empty();
      tgt |= !beads[end].tgt.empty();
    }
    for (size_t k = start; k < end; ++k)
      out[k][BeadEvidence::kFacingOmission] = src && tgt ? 1.0 : 0.0;
    start = end;
  }
  return out;
}

const std::array<const char*, BeadEvidence::kCount>& evidence_names() {
  static const std::array<const char*, BeadEvidence::kCount> names = {
      "posterior (logit)", "posterior (log)", "omission",  "merge (extra segments)",
      "facing omission",   "misplacement",    "absorption"};
  return names;
}

const ConfidenceWeights& confidence_weights() {
  // bench_align --fit-confidence on the development corpora (peer view).
  static const ConfidenceWeights weights = {2.0563,  0.9625,  0.1880,  0.9974,
                                            -0.8142, -0.3743, -2.9622, -3.3327};
  return weights;
}

double calibrated_confidence(const BeadEvidence& evidence, const ConfidenceWeights& weights) {
  double z = weights[0];
  for (size_t k = 0; k < BeadEvidence::kCount; ++k) z += weights[k + 1] * evidence.values[k];
  return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace alinea::align
