// Internal to the aligner: the banded alignment lattice and its scorer.
//
//   Band band = Band::full(n_es, n_en);
//   Scorer scorer(es_features, en_features, options, concept_count);
//   PassResult r = run_pass(scorer, band, /*posteriors=*/true, options);
//
// States (x, y) count the segments consumed on each side; a bead of a
// Spanish and b English segments goes from (x - a, y - b) to (x, y). Each
// row x keeps only the states y in [lo[x], hi[x]], so time and memory are
// linear in the number of states kept.
#pragma once

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "align/aligner/aligner.h"
#include "align/aligner/features.h"

namespace alinea::align::detail {

// The most segments one side of a bead may hold (AlignOptions::max_bead_side
// is kept within it).
constexpr int kMaxBeadSide = 8;

// The cost of what cannot be.
inline constexpr double kInf = std::numeric_limits<double>::infinity();

struct BeadShape {
  int a = 0;  // Spanish segments
  int b = 0;  // English segments
};

// The allowed states, row by row; lo and hi are non-decreasing.
struct Band {
  std::vector<int32_t> lo;
  std::vector<int32_t> hi;
  std::vector<uint64_t> offset;  // index of (x, lo[x]) in flat per-state arrays
  uint64_t cells = 0;

  static Band full(size_t n, size_t m);
  bool contains(int64_t x, int64_t y) const {
    return x >= 0 && x < static_cast<int64_t>(lo.size()) && y >= lo[x] && y <= hi[x];
  }
  // Enlarges lo/hi until the band is monotone and every row is reachable
  // from the previous one, then computes offsets.
  void finish(size_t n, size_t m);
};

// Lengths and calibration of one pass.
struct ScoreParams {
  double length_ratio = 1.0;  // en characters per es character
  double length_variance = 6.8;
  double deletion_cost = 3.0;
  // Extra costs from how often the document itself needs an omission or a
  // merge (bead-type priors estimated on the first pass); 0 before it.
  double deletion_prior = 0.0;
  double merge_prior = 0.0;  // per segment beyond the first on each side
  bool paragraphs = false;   // both sides have paragraph structure
};

// Which tokens of a Spanish segment i are matched in an English segment j
// (es bits, one per token position modulo 64) and which tokens of j are
// matched in i (en bits).
struct CellMasks {
  uint64_t es = 0;
  uint64_t en = 0;
  float es_hits = 0.0f;  // weight of the es bits, and of the en bits
  float en_hits = 0.0f;
};

// Weight of segment s's tokens whose bits are set in `mask` (one bit per
// token position modulo 64).
double weighted_hits(const SideFeatures& side, size_t s, uint64_t mask);

// Compares one marked Spanish segment with English segments: which tokens
// of each are matched on the other side. One row is marked at a time, so a
// thread that compares rows of its own needs a marker of its own.
class RowMarker {
 public:
  RowMarker(const SideFeatures& es, const SideFeatures& en, uint32_t concept_count);
  void mark(size_t i);
  CellMasks cell(size_t j) const;
  // Tokens of Spanish segment i matched in the English segments `en` (marks
  // row i), and of English segment j matched in the Spanish segments `es`
  // (marks each of them).
  uint64_t es_matched(size_t i, SegmentRange en);
  uint64_t en_matched(size_t j, SegmentRange es);
  // Tokens of English segment j that match the tokens `chosen` of Spanish
  // segment i, and tokens of Spanish segment i that match the tokens
  // `chosen` of English segment j (both mark row i).
  uint64_t en_matching(size_t i, uint64_t chosen, size_t j);
  uint64_t es_matching(size_t i, size_t j, uint64_t chosen);
  const SideFeatures& es() const { return es_; }
  const SideFeatures& en() const { return en_; }

 private:
  const SideFeatures& es_;
  const SideFeatures& en_;
  std::vector<uint64_t> concept_mask_;  // bits of the marked row's tokens
  std::vector<uint32_t> marked_;        // concepts set in concept_mask_
  int64_t marked_row_ = -1;
};

class Scorer {
 public:
  Scorer(const SideFeatures& es, const SideFeatures& en, const AlignOptions& options,
         uint32_t concept_count);

  ScoreParams params;
  const SideFeatures& es() const { return es_; }
  const SideFeatures& en() const { return en_; }
  const AlignOptions& options() const { return options_; }

  // A marker of its own for a thread that computes masks in parallel.
  RowMarker new_marker() const { return RowMarker(es_, en_, concept_count_); }
  // The scorer's own marker, for masks computed on demand.
  RowMarker& marker() { return marker_; }

  // Similarity in [0, 1] of spans [i0, i1) x [j0, j1) given their masks.
  template <typename Masks>
  double similarity(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1, const Masks& masks,
                    double* baseline) const;
  // Cost of a bead with both sides non-empty (content only: no paragraph
  // term). Infinity when the bead is not allowed.
  template <typename Masks>
  double content_cost(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1, const Masks& masks) const;
  // Cost of the bead ending at state (x, y) with shape s.
  template <typename Masks>
  double bead_cost(uint32_t x, uint32_t y, BeadShape s, const Masks& masks) const;

  double pair_similarity(size_t i, size_t j);  // marks row i
  double pair_cost(size_t i, size_t j);        // marks row i

  double length_cost(double l_es, double l_en) const;

  // Spans [i0, i1) x [j0, j1) end a side of two or more segments with such a heading.
  bool ends_with_unmatched_heading(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1) const;

 private:
  double subword_overlap(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1) const;
  bool paragraph_end_es(uint32_t x) const;
  bool paragraph_end_en(uint32_t y) const;

  const SideFeatures& es_;
  const SideFeatures& en_;
  const AlignOptions& options_;
  uint32_t concept_count_;
  RowMarker marker_;
};

struct PassResult {
  std::vector<Bead> beads;
  std::vector<std::pair<uint32_t, uint32_t>> states;  // end state of each bead
  bool touches_edge = false;
  std::vector<std::pair<uint32_t, uint32_t>> edge_states;  // path states on the band's edge
  uint64_t cells = 0;
  uint64_t cells_searched = 0;  // states visited by its sweeps
};

std::vector<BeadShape> bead_shapes(int max_side, int max_segments);

// The forward sweep of a pass that stopped at its band's edge, kept so that
// the next pass over a band widened from some row on recomputes only the
// rows from there on: the rows before come out the same, as long as the
// scorer is not changed in between.
struct ForwardMemo {
  Band band;
  bool posteriors = false;
  size_t shapes = 0;
  std::vector<uint8_t> back;
  std::vector<float> alpha;
  std::vector<double> alpha_row;
  // Every so many rows, the rows [row - side, row) as the sweep held them
  // before row: where a later sweep may start.
  struct Checkpoint {
    uint32_t row = 0;
    std::vector<std::vector<double>> best, fwd;
  };
  std::vector<Checkpoint> checkpoints;
};

// Viterbi search (and, with posteriors, forward-backward confidences) over
// the band.
// `max_segments` overrides options.max_bead_segments when positive.
// With OnEdge::stop a pass whose best path runs along the band's edge ends
// after the Viterbi back-trace: its caller is about to widen the band and
// search again, so the path's costs and posteriors would be thrown away.
// With a memo, a pass starts from the sweep kept there where it can, and a
// pass stopped at the edge leaves its own there.
enum class OnEdge { finish, stop };
PassResult run_pass(Scorer& scorer, const Band& band, bool posteriors, int max_segments = 0,
                    OnEdge on_edge = OnEdge::finish, ForwardMemo* memo = nullptr);

}  // namespace alinea::align::detail
