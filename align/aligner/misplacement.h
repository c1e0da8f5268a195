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

// For each merge with one segment on a side (1-2, 3-1...), how little its
// least useful segment of the other side adds: 1 minus the share of the
// single segment's word weight that this segment alone matches (no other
// segment of the bead does), scaled so that kUsefulShare or more gives 0.
// A heading or a fragment whose counterpart was left out, pulled into a
// neighbour's pair, matches nothing the rest of the bead does not already
// match. 0 for other beads. The aligner reads it only with a lexicon:
// without one a merge's segments match almost nothing, absorbed or not. Shares are of the whole
// segment's weight, so that a merge proves less where the lexicon knows fewer of its words: a
// genuine merge in such text is sent to review rather than trusted
// (measured on the development data, dividing by the matched weight
// instead made the noisy Bible's confidence worse, 1.44% -> 1.57% wrong
// pairs at 0.5 or more).
std::vector<double> absorption(const std::vector<Bead>& beads, Scorer& scorer);
inline constexpr double kUsefulShare = 0.2;

}  // namespace alinea::align::detail
