#include "cli/json_shapes.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "cli/format.h"

namespace alinea::cli {

std::string json_line(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json json_number(double value) {
  if (!std::isfinite(value)) return nullptr;
  // Six significant digits keep the lines short and stable across
  // platforms; a whole value is written as an integer ("3", not "3.0"),
  // as the shapes have always written it.
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  if (std::strpbrk(text, ".en") == nullptr) return std::strtoll(text, nullptr, 10);
  return std::strtod(text, nullptr);
}

Json json_number(const std::optional<double>& value) {
  return value ? json_number(*value) : Json(nullptr);
}

Json byte_ranges_json(const std::vector<tm::ByteRange>& ranges) {
  Json a = Json::array();
  for (const tm::ByteRange& r : ranges) a.push_back(Json::array({r.begin, r.end}));
  return a;
}

namespace {

template <typename T>
Json optional_json(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace

Json search_hit_json(const tm::ConcordanceHit& h, const tm::ConcordanceCount& count) {
  const tm::TranslationUnit& u = h.unit;
  return {{"id", u.id},
          {"score", json_number(h.score)},
          {"source_lang", u.source.lang},
          {"source", u.source.text},
          {"source_highlights", byte_ranges_json(h.source_highlights)},
          {"target_lang", u.target.lang},
          {"target", u.target.text},
          {"target_highlights", byte_ranges_json(h.target_highlights)},
          {"document", optional_json(u.document)},
          {"status", std::string(tm::status_name(u.status))},
          {"confidence", json_number(u.confidence)},
          {"phrase", h.phrase},
          {"total", count.units},
          {"phrase_total", count.phrase},
          {"total_capped", count.capped}};
}

Json match_json(const tm::FuzzyMatch& m) {
  const tm::TranslationUnit& u = m.unit;
  const tm::Variant& matched = m.matched_target ? u.target : u.source;
  const tm::Variant& other = m.matched_target ? u.source : u.target;
  return {{"id", u.id},
          {"percent", json_number(m.percent)},
          {"matched_lang", matched.lang},
          {"matched", matched.text},
          {"matched_diff", byte_ranges_json(m.unit_diff)},
          {"query_diff", byte_ranges_json(m.query_diff)},
          {"translation_lang", other.lang},
          {"translation", other.text},
          {"document", optional_json(u.document)},
          {"status", std::string(tm::status_name(u.status))}};
}

Json location_json(const std::optional<tm::Location>& location) {
  if (!location) return nullptr;
  Json o = {{"paragraph", location->paragraph},
            {"char_start", location->char_start},
            {"char_end", location->char_end}};
  if (location->page) o["page"] = location->page;
  return o;
}

Json unit_json(const tm::TranslationUnit& u) {
  Json o = {{"id", u.id},
            {"source_lang", u.source.lang},
            {"source", u.source.text},
            {"target_lang", u.target.lang},
            {"target", u.target.text},
            {"document", optional_json(u.document)},
            {"position", optional_json(u.position)},
            {"confidence", json_number(u.confidence)},
            {"status", std::string(tm::status_name(u.status))},
            {"note", u.note},
            {"source_note", u.source_annotations.note},
            {"target_note", u.target_annotations.note},
            {"created_at", iso_time(u.created_at)},
            {"created_by", u.created_by},
            {"changed_at", iso_time(u.changed_at)},
            {"changed_by", u.changed_by},
            {"pending", u.pending}};
  if (u.place) {
    o["source_sentences"] = Json::array({u.place->source.begin, u.place->source.end});
    o["target_sentences"] = Json::array({u.place->target.begin, u.place->target.end});
  } else {
    o["source_sentences"] = nullptr;
    o["target_sentences"] = nullptr;
  }
  o["source_location"] = location_json(u.source_location);
  o["target_location"] = location_json(u.target_location);
  return o;
}

Json stats_json(const std::string& tm_path, const tm::TmStats& s) {
  const double reviewed_share = s.units ? static_cast<double>(s.reviewed) / s.units : 0.0;
  Json langs = Json::object();
  for (const auto& [lang, count] : s.languages) langs[lang] = count;
  return {{"tm", tm_path},
          {"units", s.units},
          {"documents", s.documents},
          {"aligned", s.aligned},
          {"reviewed", s.reviewed},
          {"rejected", s.rejected},
          {"reviewed_share", json_number(reviewed_share)},
          {"duplicates_merged", s.duplicates_merged},
          {"manual", s.manual},
          {"pending", s.pending},
          {"omissions", s.omissions},
          {"languages", langs},
          {"first_change", iso_time(s.first_change)},
          {"last_change", iso_time(s.last_change)},
          {"file_bytes", s.file_bytes},
          {"schema_version", s.schema_version}};
}

Json migrate_json(const tm::MigrateResult& r) {
  Json tables = Json::object();
  for (const auto& t : r.tables) tables[t.name] = t.rows;
  return {{"from", r.from},
          {"to", r.to},
          {"tables", tables},
          {"rows", r.rows},
          {"units_sha256", r.units_sha256},
          {"revision", r.revision},
          {"seconds", json_number(r.seconds)}};
}

Json document_json(const tm::DocumentInfo& d) {
  // The run's settings and resources, as align --doc recorded them: JSON
  // kept as JSON, anything else as a string.
  Json options = Json::parse(d.options, nullptr, false);
  if (options.is_discarded()) options = d.options;
  return {{"name", d.name},
          {"units", d.units},
          {"pending", d.pending},
          {"omissions", d.omissions},
          {"reviewed", d.reviewed},
          {"rejected", d.rejected},
          {"src_file", d.src_file},
          {"tgt_file", d.tgt_file},
          {"src_lang", d.src_lang},
          {"tgt_lang", d.tgt_lang},
          {"src_sha256", d.src_sha256},
          {"tgt_sha256", d.tgt_sha256},
          {"imported_at", iso_time(d.imported_at)},
          {"imported_by", d.imported_by},
          {"options", options}};
}

Json term_rendering_json(const std::string& term, const std::string& lang,
                         const tm::TermRendering& r, bool inconsistent,
                         std::optional<bool> in_glossary) {
  static const char* const kKindNames[] = {"translation", "untranslated", "unknown"};
  Json forms = Json::array(), docs = Json::array();
  for (const auto& [text, count] : r.forms) forms.push_back({{"text", text}, {"count", count}});
  for (const auto& [name, count] : r.documents)
    docs.push_back({{"document", name}, {"count", count}});
  auto range = [](tm::ByteRange br) { return Json::array({br.begin, br.end}); };
  Json o = {{"term", term},
            {"lang", lang},
            {"kind", kKindNames[static_cast<int>(r.kind)]},
            {"rendering", r.text},
            {"stems", r.stems},
            {"forms", forms},
            {"count", r.count},
            {"share", json_number(r.share)},
            {"dice", json_number(r.dice)},
            {"log_likelihood", json_number(r.log_likelihood)},
            {"documents", docs},
            {"example_id", r.example_id},
            {"example_source", r.example_source},
            {"example_target", r.example_target},
            {"example_term", range(r.example_term)},
            {"example_rendering", range(r.example_rendering)},
            {"inconsistent", inconsistent}};
  if (in_glossary) o["in_glossary"] = *in_glossary;
  return o;
}

Json import_json(const std::string& file, const ImportCounts& c) {
  return {{"file", file},
          {"units", c.units},
          {"inserted", c.inserted},
          {"merged", c.merged},
          {"removed", c.removed},
          {"skipped", c.skipped},
          {"extra_variants", c.extra_variants}};
}

}  // namespace alinea::cli
