// The routes of the JSON API: request parameters in, the CLI's functions
// called, the CLI's JSON shapes out. No TM logic lives here.
#include "cli/tm_api.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/json_shapes.h"
#include "cli/lexicon_access.h"
#include "cli/request_error.h"
#include "cli/request_params.h"
#include "cli/tm_queries.h"
#include "cli/tm_writes.h"
#include "tm/error.h"
#include "tm/exchange/tmx_reader.h"
#include "tm/exchange/tmx_writer.h"
#include "tm/exchange/tsv.h"

#ifndef ALINEA_VERSION
#define ALINEA_VERSION "0"
#endif

namespace alinea::cli {

namespace {

HttpResponse json_answer(int status, const Json& body) {
  return {status, "application/json; charset=utf-8", json_line(body), {}};
}

HttpResponse json_list(const std::vector<Json>& items) {
  Json list = Json::array();
  for (const Json& item : items) list.push_back(item);
  return json_answer(200, list);
}

// "es", "en" or absent; the CLI takes a tag too, so does this.
std::string lang_param(const HttpRequest& req) {
  std::string lang = text_param(req, "lang");
  if (lang.empty()) return lang;
  for (char c : lang)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
      bad_request("lang looks like es or en: got '" + lang + "'");
  return lang;
}

// The query text: bounded as the tmserver protocol's, and UTF-8.
std::string query_param(const HttpRequest& req, const TmServiceOptions& options) {
  std::string text = text_param(req, "q", true);
  if (text.size() > options.max_query_bytes)
    throw RequestError(414, "too_long",
                       "q is longer than " + std::to_string(options.max_query_bytes) + " bytes");
  try {
    (void)Json(text).dump();
  } catch (const Json::type_error&) {
    bad_request("q is not UTF-8");
  }
  return text;
}

LexiconSource lexicon_of(const TmServiceOptions& options) {
  return [lexicon = options.lexicon] { return lexicon; };
}

HttpResponse search(const HttpRequest& req, const TmServiceOptions& options, TmStores& stores) {
  SearchQuery q;
  q.text = query_param(req, options);
  q.lang = lang_param(req);
  q.limit = count_param(req, "limit", q.limit, options.max_results);
  q.words = flag_param(req, "words");
  q.newest = flag_param(req, "newest");
  q.document = text_param(req, "doc");
  q.include_rejected = flag_param(req, "include_rejected");
  q.include_pending = flag_param(req, "include_pending");
  const SearchAnswer a = search_tm(*stores.reader(), q, lexicon_of(options));
  std::vector<Json> hits;
  for (const tm::ConcordanceHit& h : a.hits) hits.push_back(search_hit_json(h, a.count));
  return json_list(hits);
}

HttpResponse match(const HttpRequest& req, const TmServiceOptions& options, TmStores& stores) {
  MatchQuery q;
  q.sentence = query_param(req, options);
  q.lang = lang_param(req);
  q.min_percent = number_param(req, "min", q.min_percent, 0, 100);
  q.limit = count_param(req, "limit", q.limit, options.max_candidates);
  q.include_pending = flag_param(req, "include_pending");
  const MatchAnswer a = match_tm(*stores.reader(), q, lexicon_of(options));
  std::vector<Json> matches;
  for (const tm::FuzzyMatch& m : a.matches) matches.push_back(match_json(m));
  return json_list(matches);
}

HttpResponse terms(const HttpRequest& req, const TmServiceOptions& options, TmStores& stores) {
  TermsQuery q;
  q.term = query_param(req, options);
  q.lang = lang_param(req);
  q.limit = count_param(req, "limit", q.limit, options.max_results);
  q.include_pending = flag_param(req, "include_pending");
  const TermsAnswer a = terms_tm(*stores.reader(), q, options.lexicon);
  std::vector<Json> lines;
  for (const TermsAnswer::Side& side : a.sides)
    for (const tm::TermRendering& r : side.renderings)
      lines.push_back(term_rendering_json(q.term, side.lang, r, side.inconsistent, std::nullopt));
  return json_list(lines);
}

// "42" -> 42; anything else is no unit id.
int64_t unit_id(const std::string& text) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0)
    throw RequestError(404, "not_found", "no unit with id '" + text + "'");
  return id;
}

HttpResponse export_tmx(const HttpRequest& req, TmStores& stores) {
  ExportFilter f;
  f.document = text_param(req, "doc");
  f.status = text_param(req, "status");
  f.include_rejected = flag_param(req, "include_rejected");
  f.include_pending = flag_param(req, "include_pending");
  // Checked now, while a 4xx can still be answered.
  std::shared_ptr<const tm::Store> store = stores.reader();
  const tm::UnitFilter filter = export_filter(*store, f);
  HttpResponse r{200, "application/x-tmx+xml; charset=utf-8", {}, {}};
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"tm.tmx\"");
  r.stream = [store, filter, f](std::ostream& out) {
    tm::TmxHeader header;
    header.creationtoolversion = ALINEA_VERSION;
    tm::TmxWriter writer(out, header);
    write_units(*store, filter, f, writer);
  };
  return r;
}

// The request body as JSON (an object).
Json body_object(const HttpRequest& req) {
  Json body = Json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    bad_request("the body must be a JSON object (Content-Type: application/json)");
  return body;
}

std::optional<std::string> string_field(const Json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return std::nullopt;
  if (!body[name].is_string()) bad_request(std::string(name) + " must be a string");
  return body[name].get<std::string>();
}

std::vector<int64_t> ids_field(const Json& body) {
  if (!body.contains("ids") || !body["ids"].is_array() || body["ids"].empty())
    bad_request("ids must be a list of unit ids");
  std::vector<int64_t> ids;
  for (const Json& id : body["ids"]) {
    if (!id.is_number_integer() || id.get<int64_t>() <= 0)
      bad_request("ids must be a list of unit ids");
    ids.push_back(id.get<int64_t>());
  }
  return ids;
}

HttpResponse add(const HttpRequest& req, TmStores& stores) {
  const Json body = body_object(req);
  AddRequest a;
  a.source = string_field(body, "source").value_or("");
  a.target = string_field(body, "target").value_or("");
  a.source_lang = string_field(body, "source_lang").value_or(a.source_lang);
  a.target_lang = string_field(body, "target_lang").value_or(a.target_lang);
  a.note = string_field(body, "note").value_or("");
  if (body.contains("reviewed")) {
    if (!body["reviewed"].is_boolean()) bad_request("reviewed must be true or false");
    a.reviewed = body["reviewed"].get<bool>();
  }
  tm::AddResult added;
  tm::TranslationUnit unit;
  stores.write([&](tm::Store& store) {
    added = add_pair(store, a);
    unit = *store.get_unit(added.id);
  });
  Json out = unit_json(unit);
  out["merged"] = added.merged;
  return json_answer(added.merged ? 200 : 201, out);
}

HttpResponse edit(const HttpRequest& req, int64_t id, TmStores& stores) {
  const Json body = body_object(req);
  EditRequest e;
  e.id = id;
  e.source = string_field(body, "source");
  e.target = string_field(body, "target");
  e.note = string_field(body, "note");
  if (!e.source && !e.target && !e.note) bad_request("give source, target or note");
  tm::TranslationUnit unit;
  stores.write([&](tm::Store& store) {
    edit_pair(store, e);
    unit = *store.get_unit(id);
  });
  return json_answer(200, unit_json(unit));
}

HttpResponse review(const HttpRequest& req, TmStores& stores) {
  const Json body = body_object(req);
  const std::vector<int64_t> ids = ids_field(body);
  const std::string action = string_field(body, "action").value_or("");
  tm::UnitStatus status;
  if (action == "accept")
    status = tm::UnitStatus::Reviewed;
  else if (action == "reject")
    status = tm::UnitStatus::Rejected;
  else if (action == "reset")
    status = tm::UnitStatus::Aligned;
  else
    bad_request("action must be accept, reject or reset");
  stores.write([&](tm::Store& store) { set_units_status(store, ids, status); });
  return json_answer(200,
                     {{"units", ids.size()}, {"status", std::string(tm::status_name(status))}});
}

HttpResponse remove(const HttpRequest& req, TmStores& stores) {
  const std::vector<int64_t> ids = ids_field(body_object(req));
  std::size_t deleted = 0;
  stores.write([&](tm::Store& store) { deleted = delete_units(store, ids); });
  return json_answer(200, {{"deleted", deleted}});
}

HttpResponse import(const HttpRequest& req, TmStores& stores) {
  const std::string format = text_param(req, "format", true);
  if (format != "tmx" && format != "tsv" && format != "csv")
    bad_request("format must be tmx, tsv or csv");
  if (req.body.empty()) bad_request("the body is empty: send the TMX or table file as the body");
  ImportCounts counts;
  stores.write([&](tm::Store& store) {
    std::istringstream in(req.body);
    counts = import_units(store, in, "body", format, text_param(req, "doc"),
                          flag_param(req, "force"), "send force=1");
  });
  return json_answer(200, import_json("body", counts));
}

}  // namespace

bool api_route_writes(const HttpRequest& request) {
  return request.method != "GET" && request.method != "HEAD";
}

HttpResponse answer_api(const HttpRequest& req, const std::string& route,
                        const TmServiceOptions& options, TmStores& stores) {
  const bool get = !api_route_writes(req);
  auto only = [&](bool ok, const char* method) {
    if (!ok) throw RequestError(405, "method_not_allowed", std::string("use ") + method);
  };
  if (route == "search") return only(get, "GET"), search(req, options, stores);
  if (route == "match") return only(get, "GET"), match(req, options, stores);
  if (route == "terms") return only(get, "GET"), terms(req, options, stores);
  if (route == "stats") {
    only(get, "GET");
    std::shared_ptr<const tm::Store> store = stores.reader();
    return json_answer(200, stats_json(store->path(), store->stats()));
  }
  if (route == "docs") {
    only(get, "GET");
    std::vector<Json> docs;
    for (const tm::DocumentInfo& d : stores.reader()->documents()) docs.push_back(document_json(d));
    return json_list(docs);
  }
  if (route == "export") return only(get, "GET"), export_tmx(req, stores);
  if (route == "units") return only(!get, "POST"), add(req, stores);
  if (route.starts_with("units/")) {
    const int64_t id = unit_id(route.substr(6));
    if (!get) return edit(req, id, stores);
    auto unit = stores.reader()->get_unit(id);
    if (!unit) throw RequestError(404, "not_found", "no unit with id " + std::to_string(id));
    return json_answer(200, unit_json(*unit));
  }
  if (route == "review") return only(!get, "POST"), review(req, stores);
  if (route == "delete") return only(!get, "POST"), remove(req, stores);
  if (route == "import") return only(!get, "POST"), import(req, stores);
  throw RequestError(404, "not_found", "no such API route: " + std::string(kApiPrefix) + route);
}

}  // namespace alinea::cli
