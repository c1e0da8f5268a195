// The journal's copy of a unit (journal.h).
#include "tm/store/journal.h"

#include "tm/store/unit_key.h"

namespace alinea::tm::journal {

json place_json(const std::optional<Place>& p) {
  if (!p) return nullptr;
  return json::array({p->source.begin, p->source.end, p->target.begin, p->target.end});
}

std::optional<Place> place_from(const json& j) {
  if (j.is_null()) return std::nullopt;
  auto at = [&](std::size_t i) { return j.at(i).get<uint32_t>(); };
  return Place{{at(0), at(1)}, {at(2), at(3)}};
}

json properties_json(const std::vector<Property>& props) {
  json a = json::array();
  for (const auto& p : props) a.push_back({p.type, p.value});
  return a;
}

std::vector<Property> properties_from(const json& a) {
  std::vector<Property> props;
  for (const auto& p : a) props.push_back({p.at(0).get<std::string>(), p.at(1).get<std::string>()});
  return props;
}

json unit_json(const TranslationUnit& u) {
  return {{"id", u.id},
          {"src", {u.source.lang, u.source.text, u.source.markup}},
          {"tgt", {u.target.lang, u.target.text, u.target.markup}},
          {"position", u.position ? json(*u.position) : json(nullptr)},
          {"context", {u.context_prev, u.context_next}},
          {"confidence", u.confidence ? json(*u.confidence) : json(nullptr)},
          {"status", status_name(u.status)},
          {"created", {u.created_at, u.created_by}},
          {"changed", {u.changed_at, u.changed_by}},
          {"note", {u.note, u.source_annotations.note, u.target_annotations.note}},
          {"props",
           {properties_json(u.properties), properties_json(u.source_annotations.properties),
            properties_json(u.target_annotations.properties)}},
          {"place", place_json(u.place)},
          {"pending", u.pending}};
}

TranslationUnit unit_from(const json& j) {
  TranslationUnit u;
  u.id = j.at("id").get<int64_t>();
  u.source = {j.at("src").at(0), j.at("src").at(1), j.at("src").at(2)};
  u.target = {j.at("tgt").at(0), j.at("tgt").at(1), j.at("tgt").at(2)};
  if (!j.at("position").is_null()) u.position = j.at("position").get<int64_t>();
  u.context_prev = j.at("context").at(0);
  u.context_next = j.at("context").at(1);
  if (!j.at("confidence").is_null()) u.confidence = j.at("confidence").get<double>();
  u.status = status_from_db(j.at("status").get<std::string>());
  u.created_at = j.at("created").at(0);
  u.created_by = j.at("created").at(1);
  u.changed_at = j.at("changed").at(0);
  u.changed_by = j.at("changed").at(1);
  u.note = j.at("note").at(0);
  u.source_annotations.note = j.at("note").at(1);
  u.target_annotations.note = j.at("note").at(2);
  u.properties = properties_from(j.at("props").at(0));
  u.source_annotations.properties = properties_from(j.at("props").at(1));
  u.target_annotations.properties = properties_from(j.at("props").at(2));
  u.place = place_from(j.at("place"));
  u.pending = j.at("pending").get<bool>();
  return u;
}

json ref_json(const PairRef& r) { return {r.unit_id, r.origin_id, r.revision}; }
PairRef ref_from(const json& j) { return {j.at(0), j.at(1), j.at(2)}; }

}  // namespace alinea::tm::journal
