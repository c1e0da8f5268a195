// A bead's confidence: the probability that it is right, from the path
// posterior and what the posterior does not weigh.
//
//   std::vector<BeadEvidence> ev =
//       bead_evidence(alignment, detail::misplacement(alignment.beads, scorer));
//   for (size_t k = 0; k < ev.size(); ++k)
//     alignment.beads[k].confidence = calibrated_confidence(ev[k]);
//
// The forward-backward posterior says how sure the model is among the paths
// it can score. It is under-confident where the model is right (a 1-1 bead
// among near-ties of its neighbours), and it does not know how often the
// model itself is wrong in a kind of bead: an omission beside an omission of
// the other side (two texts that may translate each other), a merge that may
// have swallowed a neighbour's omission, a segment whose words a neighbouring
// bead matches better than its own (align/aligner/misplacement.h). A
// logistic model over the posterior, the bead's kind and that misplacement
// turns it into a calibrated probability. The posterior enters twice, as
// its logit and its log: with two weights the model maps the posterior's two
// tails apart (beta calibration: a log p - b log(1 - p) + c). A low
// posterior is worse news than a logit alone says, on every noisy set.
//
// Its weights are fitted on the development corpora's beads
// (`bench_align --fit-confidence` refits them and prints a
// leave-one-dataset-out check). Signals that helped only on the data they
// were fitted on (length misfit, lexical coverage of the weakest segment,
// the neighbours' posteriors, short text) were measured and left out.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "align/types.h"

namespace alinea::align {

// What the confidence model reads of one bead, one value a signal.
struct BeadEvidence {
  enum Signal : size_t {
    kPosteriorLogit,  // the logit of the path posterior, capped at +-7 (0.999)
    kPosteriorLog,    // the log of the path posterior, floored where the logit is capped
    kOmission,        // 1 for an omission (1-0, 0-1)
    kMergeExtra,      // for a pair, its segments beyond 1-1 (2-1: 1, 2-2: 2; at most 3)
    kFacingOmission,  // 1 for an omission in a run of omissions holding both sides
    kMisplacement,    // 0 to 1 (align/aligner/misplacement.h)
    kAbsorption,      // the merge's absorption, 0 to 1 (likewise)
    kCount
  };
  std::array<double, kCount> values{};

  double operator[](Signal s) const { return values[s]; }
  double& operator[](Signal s) { return values[s]; }
};

// The evidence of every bead of `alignment`, whose confidences still hold
// the path posteriors (AlignOptions::calibrate_confidence off), given each
// bead's misplacement and absorption (one value a bead each; throws Error
// otherwise).
std::vector<BeadEvidence> bead_evidence(const Alignment& alignment,
                                        const std::vector<double>& misplacement,
                                        const std::vector<double>& absorption);

// Intercept first, then one weight per evidence value.
using ConfidenceWeights = std::array<double, BeadEvidence::kCount + 1>;

// The weights in use, fitted as said above.
const ConfidenceWeights& confidence_weights();

double calibrated_confidence(const BeadEvidence& evidence,
                             const ConfidenceWeights& weights = confidence_weights());

// Names of the evidence values, for the fitting report.
const std::array<const char*, BeadEvidence::kCount>& evidence_names();

}  // namespace alinea::align
