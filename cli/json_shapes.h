// The JSON shapes of the records the CLI prints with --json and `alinea
// serve` answers with: one function per record, so that a search hit, a
// fuzzy match or a unit has one shape wherever it is written. The shapes
// are documented in the README (keys in a fixed order, as listed there).
//
//   for (const tm::ConcordanceHit& h : hits)
//     std::cout << json_line(search_hit_json(h, count)) << '\n';
//
// nlohmann-json is only forward-declared here; a caller that builds or
// reads the values includes <nlohmann/json.hpp> itself.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tm/store/migrate.h"
#include "tm/store/store.h"
#include "tm/unit.h"

namespace alinea::cli {

// Keys kept in the order they are added (the documented order).
using Json = nlohmann::ordered_json;

// One line of compact JSON (bytes that are not UTF-8 replaced by U+FFFD).
std::string json_line(const Json& value);

// A number as the shapes write it: six significant digits ("%.6g"; a whole
// value without a decimal point), null when not finite or absent.
Json json_number(double value);
Json json_number(const std::optional<double>& value);

// [[begin, end], ...]: byte ranges into a text.
Json byte_ranges_json(const std::vector<tm::ByteRange>& ranges);

// `alinea search --json`: one hit, with the query's match counts.
Json search_hit_json(const tm::ConcordanceHit& hit, const tm::ConcordanceCount& count);
// `alinea match --json`: one fuzzy match.
Json match_json(const tm::FuzzyMatch& match);
// Where a sentence or a side of a pair is in its file, the shape `segment
// --format json` gives: {paragraph, char_start, char_end}, plus page when
// the format has pages; null without a location.
Json location_json(const std::optional<tm::Location>& location);
// `alinea show --json`: one unit with all its fields.
Json unit_json(const tm::TranslationUnit& unit);
// `alinea stats --json`.
Json stats_json(const std::string& tm_path, const tm::TmStats& stats);
// `alinea migrate --json`: what was copied and how it was checked.
Json migrate_json(const tm::MigrateResult& result);
// `alinea docs --json`: one document.
Json document_json(const tm::DocumentInfo& document);
// `alinea terms --json`: one rendering group of `term` (in `lang`);
// in_glossary only when a glossary was given.
Json term_rendering_json(const std::string& term, const std::string& lang,
                         const tm::TermRendering& rendering, bool inconsistent,
                         std::optional<bool> in_glossary);

// `alinea import --json`: what an import did.
struct ImportCounts {
  int64_t units = 0;  // units read from the file
  int64_t inserted = 0;
  int64_t merged = 0;
  int64_t removed = 0;
  int64_t skipped = 0;
  int64_t extra_variants = 0;
};
Json import_json(const std::string& file, const ImportCounts& counts);

}  // namespace alinea::cli
