// The workbench journal's copy of a unit and of a pair reference, as JSON,
// private to tm/store: every backend writes undo entries in this one shape,
// so that a TM moved between backends keeps its undo history readable.
//
//   journal::unit_json(unit).dump()  ->  review_journal.before
//   TranslationUnit back = journal::unit_from(json::parse(text));
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "tm/store/store.h"

namespace alinea::tm::journal {

using nlohmann::json;

json place_json(const std::optional<Place>& p);
std::optional<Place> place_from(const json& j);
json properties_json(const std::vector<Property>& props);
std::vector<Property> properties_from(const json& a);
// Everything needed to put the unit back as it was, id included.
json unit_json(const TranslationUnit& u);
TranslationUnit unit_from(const json& j);
json ref_json(const PairRef& r);
PairRef ref_from(const json& j);

// Journal entries kept per document: enough to undo a long session.
inline constexpr int64_t kJournalDepth = 500;

}  // namespace alinea::tm::journal
