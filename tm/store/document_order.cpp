#include "tm/store/document_order.h"

#include <algorithm>
#include <tuple>

namespace alinea::tm {

std::vector<Placement*> placed_in_order(std::vector<Placement>& all) {
  std::vector<Placement*> placed;
  for (auto& p : all)
    if (p.place) placed.push_back(&p);
  std::sort(placed.begin(), placed.end(), [](const Placement* a, const Placement* b) {
    return std::tie(a->place->source.begin, a->place->target.begin, a->position) <
           std::tie(b->place->source.begin, b->place->target.begin, b->position);
  });
  return placed;
}

void put_in_document_order(DocumentAlignment& doc) {
  std::sort(doc.pairs.begin(), doc.pairs.end(), [](const PlacedPair& a, const PlacedPair& b) {
    return std::tie(a.unit.place->source.begin, a.unit.place->target.begin, a.unit.position) <
           std::tie(b.unit.place->source.begin, b.unit.place->target.begin, b.unit.position);
  });
  std::sort(doc.unplaced.begin(), doc.unplaced.end(), [](const PlacedPair& a, const PlacedPair& b) {
    return std::tie(a.unit.position, a.unit.id) < std::tie(b.unit.position, b.unit.id);
  });
}

}  // namespace alinea::tm
