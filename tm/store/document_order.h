// What every backend knows of a document's pairs besides their rows,
// private to tm/store: a placement (where a unit or an extra origin of it
// sits in the document) and the order in which pairs go to the workbench
// (placed pairs by where they start on each side, unplaced units by
// position), and where a placement is in the document's files (its
// sentences' location).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tm/store/store.h"

namespace alinea::tm {

// The place and position a placement has in its document.
struct Placement {
  int64_t unit_id = 0;
  int64_t origin_id = 0;  // 0: the unit's own placement
  std::optional<int64_t> position;
  std::optional<Place> place;
};

// The placements of `all` that have a place, in document order (where they
// start on each side, then position): the order positions are renumbered in.
std::vector<Placement*> placed_in_order(std::vector<Placement>& all);

// Sorts doc.pairs (by source start, target start, position) and
// doc.unplaced (by position, then id).
void put_in_document_order(DocumentAlignment& doc);

// Fills the location of every placed pair of doc from its sentences.
void locate_pairs(DocumentAlignment& doc);

// A backend's read of the sentences [range] of one side (1 source, 2
// target) of a document, in order; fewer when the document has fewer.
using SentenceReader = std::function<std::vector<Sentence>(const std::string& document, int side,
                                                           SentenceRange range)>;
// Fills the locations of a unit's place and of its origins' places.
void locate_unit(TranslationUnit& u, const SentenceReader& read);

// A document's sentences, source side first.
struct DocumentSentences {
  std::vector<Sentence> source, target;
};
// A SentenceReader over whole documents read by `load`, keeping the last
// one read: a stream of units in id order meets a document's units
// together, so each document is read about once and memory holds one.
SentenceReader last_document_reader(
    std::function<DocumentSentences(const std::string& document)> load);

}  // namespace alinea::tm
