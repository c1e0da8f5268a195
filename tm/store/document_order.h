// What every backend knows of a document's pairs besides their rows,
// private to tm/store: a placement (where a unit or an extra origin of it
// sits in the document) and the order in which pairs go to the workbench
// (placed pairs by where they start on each side, unplaced units by
// position).
#pragma once

#include <cstdint>
#include <optional>
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

}  // namespace alinea::tm
