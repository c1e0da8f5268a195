// The sentence aligner: pairs the segments of a Spanish and an English text.
//
//   Lexicon lexicon = Lexicon::load("resources/lexicon.bin");
//   Aligner aligner({.lexicon = &lexicon});          // build once, reuse
//   Alignment a = aligner.align(es_segments, en_segments);
//   for (const Bead& b : a.beads)
//     if (b.confidence < AlignOptions{}.review_threshold) flag_for_review(b);
//
// The model scores a bead (1-1, 2-1, 1-2, 2-2, 1-3, 3-1, ... and 1-0 / 0-1)
// by lexical coverage (bilingual lexicon on folded, stemmed tokens, weighted
// by in-document rarity), identical tokens, numbers and cognates, a
// Gale-Church length term whose ratio and variance come from the document,
// punctuation and paragraph agreement. Deletion costs are calibrated on random
// pairs of the document. A first pass is followed by self-training (a Dice
// translation table learnt from the confident 1-1 beads, as Moore's aligner
// and hunalign's realign do) and a second pass. Search is a banded dynamic
// programme around a chain of rare-word anchors, so time and memory grow
// linearly with the document. The beads kept are those of the path whose
// beads are most likely right (posterior decoding over the forward-backward
// posteriors, not the single most probable path); confidence is each bead's
// posterior, calibrated. Results are deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "align/types.h"

namespace alinea::align {

class Lexicon;
class SubwordModel;
struct BeadEvidence;

// Every knob of the aligner, with its default. Costs are in nats (negative
// log-probabilities), so weights compare directly.
struct AlignOptions {
  // Largest number of segments on one side of a bead (2-1, 3-1, 3-3 ...).
  int max_bead_side = 3;
  // Largest number of segments of both sides together (4: up to 1-3, 3-1
  // and 2-2; 6 would add 2-3, 3-2, 3-3). Each extra shape costs search time.
  int max_bead_segments = 4;
  // Second pass with a translation table learnt from the first pass.
  bool self_train = true;
  // Beads whose confidence is below this should be reviewed by a person and
  // are left out of the TM by default.
  double review_threshold = 0.5;

  // Weight of the lexical term: for each segment of a bead, half of
  // (1 - share of its weighted words matched on the other side + the share
  // it would match by chance against that many unrelated segments).
  double lexical_weight = 14.0;
  // Weight of the Gale-Church length term (-log P(delta)).
  double length_weight = 1.0;
  // Gale-Church variance per character before it is re-estimated from the
  // document's confident 1-1 beads (GC 1993 found 6.8 for en-fr/de).
  double length_variance = 6.8;
  // Self-training re-estimates the variance from the document, but never
  // below variance_floor * length_variance (confident beads are the easy
  // ones; harder true pairs vary more).
  double variance_floor = 1.0;
  // Cost cap of the length term, below the cost of an omission: a pair
  // whose words translate each other but whose lengths do not agree (a
  // translator's note, a sentence whose neighbour the other side dropped
  // and this side merged in) stays a pair instead of becoming two omissions,
  // and one odd length (a 100 kB line) cannot outweigh every other signal.
  // Lengths still decide among pairs whose words say little. With a cap of
  // 25, noisy Bible 0.9737 and debref_noisy 0.9602 strict F1 (peer view)
  // against 0.9804 and 0.9621; no better or worse on the clean sets, with
  // or without the lexicon.
  double length_cost_cap = 5.0;
  // How much of the segments' mean similarity to random segments of the
  // other side is subtracted from a bead's similarity (vecalign-style
  // normalisation against "hub" segments made of common words). 0 disables.
  double normalise_weight = 1.0;
  // The baseline mixes in (by neighbour_mix) the mean of each segment's
  // neighbour_k best similarities among the segments the search lets it
  // meet: generic segments must stand out from their neighbourhood. Off by
  // default: on the development corpora it cost 0.001-0.003 F1.
  int neighbour_k = 4;
  double neighbour_mix = 0.0;
  // Extra cost for every segment beyond the first on each side of a bead,
  // so that the aligner does not over-merge.
  double merge_penalty = 1.0;
  // Added once to beads with two or more segments on both sides (2-2, 2-3).
  double many_to_many_penalty = 2.0;
  // A 1-0 / 0-1 bead costs deletion_scale times the deletion_quantile
  // quantile of the costs of random 1-1 pairs of the document.
  double deletion_quantile = 0.2;
  double deletion_scale = 0.5;
  // plus deletion_floor, so that when the signals barely tell true pairs
  // from random ones (no lexicon, unrelated scripts) pairing still wins over
  // deleting; but at most deletion_cap * lexical_weight.
  double deletion_floor = 1.0;
  double deletion_cap = 0.75;
  // Bead-type priors from the document: the costs above are tuned for
  // translations that omit and merge about this often (shares of beads).
  // A document whose first pass needs far fewer omissions or merges (a
  // clean, sentence-by-sentence translation) makes them dearer in the
  // second pass by log(reference share / the document's share), at most
  // type_prior_cap nats.
  double reference_deletion_share = 0.03;
  double reference_merge_share = 0.10;
  double type_prior_cap = 4.0;
  // Cost of a bead that ends a paragraph on one side but not on the other
  // (only when both sides have paragraph structure).
  double paragraph_penalty = 1.0;
  // Cost of each paragraph boundary a bead spans (a negative value forbids
  // it).
  double paragraph_cross_penalty = 4.0;
  // Cost per unit of disagreement in '?', '!' and '(' counts.
  double punctuation_weight = 0.5;
  // A token of at least this many letters also matches a token of the other
  // side sharing its first cognate_prefix letters (revolución/revolution).
  int cognate_min_length = 6;
  int cognate_prefix = 5;
  // Word weight log(idf_smoothing + N / df), N segments, df segments with the
  // word: 1 gives the usual smoothed IDF; 0 makes words found in every
  // segment (y, and, de, of) weigh nothing.
  double idf_smoothing = 0.0;
  // Numbers weigh like words but at most this much, so a shared "1" cannot
  // force a pairing on its own.
  double number_weight_cap = 2.0;
  // At most this many lexicon translations per stem (the most common words
  // have dozens, which would make everything match).
  int max_translations = 12;
  // Weight of the subword (SentencePiece) overlap term when a model is
  // given; 0 disables. Off by default: measured +0.001 strict F1 on
  // bible_noisy and +0.0007 on debref (whose text the shipped model was
  // trained on) for a 5-8x slower search.
  double subword_weight = 0.0;

  // Self-training learns from the 1-1 beads of pass one that sit between two
  // 1-1 beads and whose cost is within the self_train_quantile cheapest of
  // those (at most self_train_max_beads, spread over the document); it keeps
  // word pairs seen together dice_min_count times with Dice >= dice_threshold
  // (at most 3 per Spanish stem). All of them by default: the dearest 1-1
  // beads are those the lexicon cannot explain (labels such as Sugerencia /
  // Tip, a document's own terms), which are what the table is there to learn;
  // the flanking 1-1 beads and the Dice threshold keep chance pairs out. With
  // the cheapest 80% only, debref_noisy lost 0.014 strict F1.
  double self_train_quantile = 1.0;
  double dice_threshold = 0.4;
  int dice_min_count = 2;
  size_t self_train_max_beads = 6000;

  // Search. Documents up to this many lattice cells are aligned with the
  // full dynamic programme; larger ones in a band around anchors.
  size_t full_search_cells = 400000;
  // Minimum half-width of the band, in segments.
  int band_min_width = 12;
  // Relative half-width of the band between two anchors (of the gap size).
  double band_gap_fraction = 0.15;
  // Budget of the first band, in lattice states per segment of both sides;
  // the band is narrowed (never below band_min_width) to fit.
  double band_cells_per_segment = 50.0;
  // Widen the band and search again when the best path touches its edge, at
  // most this many times.
  int band_retries = 1;
  // Threads a search pass may use: 0 lets a large document's passes fill
  // their rows' word matches on a second core when there is one, 1 keeps to
  // one core, 2 uses a second thread even on one core. Results are the same.
  int threads = 0;
  // Anchors: concepts found in at most anchor_max_df segments of each side.
  int anchor_max_df = 3;
  // Where rare concepts give fewer anchors than one per this many segments
  // of the longer side, a concept found in the same number of segments on
  // both sides, more than anchor_max_df and at most anchor_max_repeats or
  // one in anchor_repeat_spacing of the longer side's segments if that is
  // more (a longer document repeats itself more often), pairs its
  // occurrences in order
  // (the k-th Spanish with the k-th English): a document that repeats itself
  // (a text pasted several times) has no rare word, but its repeated words
  // still fall on the path in order. Only then: where rare words suffice,
  // ordered pairs of commoner ones add stray anchors (bible_noisy:
  // calibration gap 3.3 -> 6.0 points).
  double anchor_sparse_spacing = 200.0;
  int anchor_max_repeats = 12;
  double anchor_repeat_spacing = 500.0;
  double anchor_min_score = 1.0;

  // Temperature of the forward-backward posteriors (confidence). Higher
  // flattens the posteriors.
  double posterior_temperature = 1.0;
  // Posterior decoding: the path whose beads have the largest sum of
  // (posterior - decode_bead_cost) instead of the single most probable path.
  // A bead cost near 0 favours many small beads; near 1 only beads surer
  // than that are worth their place.
  bool posterior_decoding = true;
  double decode_bead_cost = 0.3;
  // Two adjacent pairs whose boundary crosses (one side joined units A+B
  // and C, the other A and B+C: the end of the first pair's last Spanish
  // segment translates the start of the second pair's first English one, or
  // the other way round) become one bead (2-2, up to 3-3), as sure as the
  // less sure of the two (the crossing explains why the search split it).
  // On debref_noisy: strict F1 0.9621 -> 0.9674 (peer view), 0.9690 ->
  // 0.9767 (paragraphs); no change on the clean sets.
  bool merge_crossings = true;
  // A merge may not end, on a side of two or more segments, with a numbered
  // heading ("1.2.5. Permissions") whose number the other side lacks:
  // numbered headings keep their numbers in translation, so the other side
  // did not translate it, and the search would merge it only because
  // leaving a segment out costs more than its few words. On debref_noisy
  // (peer view) 19 beads were such merges, all wrong; forbidding them: strict
  // F1 0.9687 -> 0.9710; no change on the other sets.
  bool forbid_unmatched_headings = true;
  // Turn the posteriors into calibrated probabilities with the evidence the
  // posterior cannot see (align/aligner/confidence.h). Off only to fit that
  // model: the confidences are then the raw posteriors.
  bool calibrate_confidence = true;

  // Optional progress callback (done, total) in segments of the source side.
  std::function<void(size_t done, size_t total)> progress;
};

// Language resources; both optional. They must outlive the Aligner.
struct AlignResources {
  const Lexicon* lexicon = nullptr;
  const SubwordModel* subwords = nullptr;
};

// What happened during one alignment, for benchmarks and diagnostics.
struct AlignStats {
  size_t lattice_cells = 0;      // states searched in the final pass
  size_t anchors = 0;            // anchors found (0 when searched in full)
  size_t learnt_pairs = 0;       // translation pairs learnt by self-training
  double length_ratio = 0.0;     // en/es characters
  double length_variance = 0.0;  // Gale-Church variance used in the last pass
  double deletion_cost = 0.0;    // cost of a 1-0 / 0-1 bead in the last pass
  int band_retries = 0;
  size_t cells_searched = 0;  // states visited over all passes and sweeps
};

class Aligner {
 public:
  // Prepares the stem-level translation relation of the lexicon once.
  explicit Aligner(AlignResources resources, AlignOptions options = {});
  ~Aligner();
  Aligner(Aligner&&) noexcept;
  Aligner& operator=(Aligner&&) noexcept;

  const AlignOptions& options() const;

  // Aligns Spanish `es` (source) with English `en` (target). Every segment of
  // both sides is in exactly one bead; beads are in document order. Either
  // side may be empty. Thread-safe (const). `evidence`, when given, receives
  // what the confidence model read of each bead (align/aligner/confidence.h),
  // for fitting that model.
  Alignment align(const std::vector<Segment>& es, const std::vector<Segment>& en,
                  AlignStats* stats = nullptr, std::vector<BeadEvidence>* evidence = nullptr) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace alinea::align
