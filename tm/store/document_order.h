// The order in which every backend hands a document's pairs to the
// workbench, private to tm/store: placed pairs by where they start on each
// side, unplaced units by position.
#pragma once

#include "tm/store/store.h"

namespace alinea::tm {

// Sorts doc.pairs (by source start, target start, position) and
// doc.unplaced (by position, then id).
void put_in_document_order(DocumentAlignment& doc);

}  // namespace alinea::tm
