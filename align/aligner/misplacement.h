// Whether a bead's segments belong to it: a segment whose words are matched
// better by the other side of a neighbouring bead than by its own bead's
// other side sits on the wrong side of a boundary (a sentence pulled into
// the wrong pair, or an "omission" whose translation a neighbour holds).
// The path posterior weighs whole beads against each other and misses this
// per segment; the confidence model reads it (align/aligner/confidence.h).
#pragma once

#include <vector>

#include "align/aligner/lattice.h"
#include "align/types.h"

namespace alinea::align::detail {

// For each bead, the largest over its segments of
//   (share of the segment's word weight matched in the other side of the
//    previous or the next bead) - (share matched in its own bead's other side),
// at least 0. An omission's own share is 0.
std::vector<double> misplacement(const std::vector<Bead>& beads, Scorer& scorer);

}  // namespace alinea::align::detail
