// Strict and lax precision, recall and F1 of a predicted alignment against a
// gold one, as vecalign's score.py defines them (after Sennrich & Volk 2011).
//
//   ScoreCounts counts = count_matches(gold, predicted);
//   counts += count_matches(gold2, predicted2);       // sum over cases first
//   AlignmentScore s = counts.score();                 // s.strict.f1, s.lax.f1
//
// Precision: a predicted bead is a strict hit when the gold has the identical
// bead, a lax hit when it shares a source-target link with a gold bead (its
// source segments are linked in the gold to one of its target segments).
// Predicted 1-0/0-1 beads count against precision unless the gold has the same
// bead. Recall is the same computation with the roles swapped and beads with
// an empty side left out of both. Counts are summed over all cases before
// dividing; a division by zero gives 0.
#pragma once

#include <cstddef>

#include "align/types.h"

namespace alinea::align {

struct PrecisionRecall {
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
};

struct AlignmentScore {
  PrecisionRecall strict;
  PrecisionRecall lax;
};

// Raw counts, summable over cases.
struct ScoreCounts {
  size_t precision_strict_hits = 0;
  size_t precision_strict_misses = 0;
  size_t precision_lax_hits = 0;
  size_t precision_lax_misses = 0;
  size_t recall_strict_hits = 0;
  size_t recall_strict_misses = 0;
  size_t recall_lax_hits = 0;
  size_t recall_lax_misses = 0;

  ScoreCounts& operator+=(const ScoreCounts& other);
  AlignmentScore score() const;
};

ScoreCounts count_matches(const Alignment& gold, const Alignment& predicted);

// One case: count_matches(gold, predicted).score().
AlignmentScore score(const Alignment& gold, const Alignment& predicted);

}  // namespace alinea::align
