// Merges whose boundaries cross: one side joined units A+B and C, the other
// A and B+C, so that the gold bead is a 2-2. The search prefers two 1-1
// beads there (each nearly all matched, where a 2-2 pays for being one), but
// the short unit B gives itself away: the end of A+B is matched in B+C and
// not in A, and the start of B+C in A+B and not in C.
#pragma once

#include <vector>

#include "align/aligner/lattice.h"
#include "align/types.h"

namespace alinea::align::detail {

// The beads with every such pair of 1-1 beads made one 2-2 bead.
std::vector<Bead> merge_crossings(const std::vector<Bead>& beads, Scorer& scorer);

}  // namespace alinea::align::detail
