// From an alignment to the pairs a document keeps in the TM: every bead with
// its place and confidence (omissions included), the doubtful ones pending
// review, and on a re-alignment every decision a person made whose sentences
// are still in the document.
//
//   DocumentSides sides{es_segments, en_segments, "es-CL", "en", false};
//   PairPlan plan = plan_pairs(sides, aligner.align(es, en), {.threshold = 0.5},
//                              previous_alignment_or_null, realign_gap);
//   store.store_alignment(record, plan.pairs);
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "align/types.h"
#include "tm/store/store.h"

namespace alinea::cli {

// The two documents as the aligner saw them (Spanish first) and how the TM
// orients them.
struct DocumentSides {
  const std::vector<align::Segment>& es;
  const std::vector<align::Segment>& en;
  std::string es_tag, en_tag;   // BCP 47 as stored
  bool english_source = false;  // the TM's source side is English
};

struct PairPolicy {
  double threshold = 0.5;      // below it a machine pair is doubtful
  bool trust_machine = false;  // store doubtful pairs as ordinary ones (--store-all)
};

// A decision of a person that a re-alignment could not place again.
struct LostDecision {
  int64_t unit_id = 0;
  std::string text;    // its source text (or target, for a target-only omission)
  std::string reason;  // one phrase: "its Spanish sentences are no longer in the document"
};

struct PairPlan {
  std::vector<tm::AlignedPair> pairs;  // in document order
  std::size_t machine = 0;             // new machine pairs
  std::size_t doubtful = 0;            // of those, below the threshold or omissions
  std::size_t omissions = 0;
  std::size_t kept = 0;  // decisions placed again
  std::vector<LostDecision> lost;
};

// Whether a bead needs a person: an omission, or below the threshold.
bool doubtful(const align::Bead& bead, double threshold);

// The sentences of a side, as the TM stores them.
std::vector<tm::Sentence> tm_sentences(const std::vector<align::Segment>& segments);

// Aligns es[es_range] with en[en_range] alone (a stretch between two kept
// decisions); indices in the result are relative to the stretch.
using GapAligner = std::function<align::Alignment(const std::vector<align::Segment>& es,
                                                  const std::vector<align::Segment>& en)>;

// `previous` is the document as stored before (null for a new one): its
// decisions are found again by their text and kept where they still fit;
// the machine's beads fill the rest, stretches they do not fit re-aligned
// by `realign_gap`.
PairPlan plan_pairs(const DocumentSides& sides, const align::Alignment& machine,
                    const PairPolicy& policy, const tm::DocumentAlignment* previous,
                    const GapAligner& realign_gap);

// A table a person corrected (`alinea import FILE --doc NAME --replace`),
// matched against the document as stored (`previous`, null when it is not
// in the TM). A row equal to a stored pair keeps that pair as it is; any
// other row is the person's decision (reviewed), placed between its
// neighbours. For a new document each row's cells become its sentences.
struct TablePlan {
  std::vector<tm::AlignedPair> pairs;
  std::vector<tm::Sentence> source_sentences, target_sentences;  // a new document's
  std::size_t unchanged = 0, changed = 0;
};
TablePlan plan_table(std::vector<tm::TranslationUnit> rows, const tm::DocumentAlignment* previous);

}  // namespace alinea::cli
