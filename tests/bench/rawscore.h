// End-to-end score of an alignment of raw documents, independent of the
// aligner's own segmentation: a C++ copy of ../shared/tools/rawscore.py.
//
//   RawScorer scorer(es_units, en_units, gold);      // gold units (.sent lines)
//   for (const Bead& b : predicted.beads)            // in document order
//     scorer.add(joined(es, b.src), joined(en, b.tgt));
//   RawScoreCounts c = scorer.counts();              // c.precision(), c.recall()
//
// Each predicted text is located in the gold units with all white space
// removed (Python's `\s`), searching forward from the end of the last text
// located on that side, else anywhere (an out-of-order find leaves the cursor
// where it was). A pair is correct when every gold unit it touches on both
// sides belongs to one gold bead, and a one-sided pair only in a gold bead
// with that side only. Precision is over pairs (a pair with a side that
// cannot be located counts as a wrong pair); recall is the share of the code
// points of the units of two-sided gold beads that lie in correct two-sided
// pairs. Counts are summable over cases.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "align/types.h"

namespace alinea::bench {

struct RawScoreCounts {
  size_t pairs = 0;  // predicted pairs with some text, located or not
  size_t correct = 0;
  size_t unlocated = 0;  // pairs with a side not found in the gold units
  // Not in rawscore.py (a diagnostic only): wrong two-sided pairs that touch
  // the same several gold beads on both sides, i.e. right but coarser than
  // the gold (Bible sentences that span verses).
  size_t coarser = 0;
  size_t good_chars = 0;     // code points (no white space) in correct pairs
  size_t aligned_chars = 0;  // code points of the units of two-sided gold beads

  RawScoreCounts& operator+=(const RawScoreCounts& other);
  double precision() const;
  double recall() const;
  double f1() const;
};

// `text` without the characters Python's re `\s` matches in a str pattern.
std::string strip_white_space(std::string_view text);

class RawScorer {
 public:
  RawScorer(const std::vector<std::string>& es_units, const std::vector<std::string>& en_units,
            const align::Alignment& gold);
  // One predicted pair; an empty side is no counterpart. Call in order.
  void add(std::string_view es, std::string_view en);
  const RawScoreCounts& counts() const { return counts_; }

 private:
  struct Side {
    std::string text;             // the units, concatenated, no white space
    std::vector<uint32_t> owner;  // unit of each byte of `text`
    std::vector<uint32_t> bead;   // gold bead of each unit
    size_t cursor = 0;            // byte offset in `text`
  };
  struct Located {
    bool found = true;
    std::vector<uint32_t> units;  // distinct, in order
    size_t chars = 0;             // code points of the stripped text
  };
  static Located locate(Side& side, std::string_view text);

  // Which sides each gold bead has.
  std::vector<bool> bead_has_es_, bead_has_en_;
  Side es_, en_;
  RawScoreCounts counts_;
};

}  // namespace alinea::bench
