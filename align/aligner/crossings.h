// Merges whose boundaries cross: one side joined units A+B and C, the other
// A and B+C, so that the gold bead is a 2-2 (or larger, where A or C is
// itself a merge). The search prefers two pairs there (each nearly all
// matched, where the larger bead pays for its size), but the short unit B
// gives itself away: the end of A+B is matched in B+C and not in A, and the
// start of B+C in A+B and not in C. Or B is a numbered heading ("1.2.5.
// Permissions"): C opens with its number, which A+B holds and B+C does not,
// even where B's words are found again in C and show nothing.
#pragma once

#include <vector>

#include "align/aligner/lattice.h"
#include "align/types.h"

namespace alinea::align::detail {

// The beads with every such pair of adjacent pairs made one bead (no side
// larger than the search allows, 3 by default), as sure as the less sure of
// the two.
std::vector<Bead> merge_crossings(const std::vector<Bead>& beads, Scorer& scorer);

}  // namespace alinea::align::detail
