// Reading units and documents back from a PostgreSQL TM, and its statistics.
#include <string>
#include <unordered_map>

#include "tm/error.h"
#include "tm/store/document_order.h"
#include "tm/store/document_sql.h"
#include "tm/store/pg/pg_store_impl.h"
#include "tm/store/stats_counts.h"

namespace alinea::tm::pg {

TranslationUnit read_unit(const Result& r, int i) {
  TranslationUnit u;
  u.id = r.int64(i, 0);
  u.source.lang = r.str(i, 1);
  u.source.text = r.str(i, 2);
  u.source.markup = r.str(i, 3);
  u.target.lang = r.str(i, 4);
  u.target.text = r.str(i, 5);
  u.target.markup = r.str(i, 6);
  if (!r.is_null(i, 7)) u.document = r.str(i, 7);
  u.position = r.opt_int64(i, 8);
  u.context_prev = r.str(i, 9);
  u.context_next = r.str(i, 10);
  u.confidence = r.opt_real(i, 11);
  u.status = status_from_db(r.text(i, 12));
  u.created_at = r.int64(i, 13);
  u.created_by = r.str(i, 14);
  u.changed_at = r.int64(i, 15);
  u.changed_by = r.str(i, 16);
  u.note = r.str(i, 17);
  u.source_annotations.note = r.str(i, 18);
  u.target_annotations.note = r.str(i, 19);
  if (!r.is_null(i, 20)) {
    auto at = [&](int c) { return static_cast<uint32_t>(r.int64(i, c)); };
    u.place = Place{{at(20), at(21)}, {at(22), at(23)}};
  }
  u.pending = r.int64(i, 24) != 0;
  u.revision = r.int64(i, 25);
  return u;
}

Sentence read_sentence(const Result& r, int i) {
  return sentence_from(
      r.str(i, 2), r.int64(i, 1),
      {r.opt_int64(i, 3), r.opt_int64(i, 4), r.opt_int64(i, 5), r.opt_int64(i, 6)});
}

namespace {

const std::string kProps = "SELECT unit_id, type, value, side FROM unit_props";
const std::string kOrigins =
    "SELECT o.unit_id, d.name, o.position, o.added_at, o.added_by, o.src_begin, o.src_end, "
    "o.tgt_begin, o.tgt_end FROM unit_origins o LEFT JOIN documents d ON d.id = o.document_id";

// A unit_props row (unit_id, type, value, side) into its unit.
void add_property(TranslationUnit& u, const Result& r, int i) {
  const int64_t side = r.int64(i, 3);
  auto& list = side == 1   ? u.source_annotations.properties
               : side == 2 ? u.target_annotations.properties
                           : u.properties;
  list.push_back({r.str(i, 1), r.str(i, 2)});
}

Origin read_origin(const Result& r, int i) {
  Origin o;
  if (!r.is_null(i, 1)) o.document = r.str(i, 1);
  o.position = r.opt_int64(i, 2);
  o.added_at = r.int64(i, 3);
  o.added_by = r.str(i, 4);
  if (!r.is_null(i, 5)) {
    auto at = [&](int c) { return static_cast<uint32_t>(r.int64(i, c)); };
    o.place = Place{{at(5), at(6)}, {at(7), at(8)}};
  }
  return o;
}

// The properties and origins of `units` (in id order): for a run of ids
// (a page of for_each_unit) by their range, for ids picked here and there
// (search hits) by the list.
void load_extras(Connection& db, std::vector<TranslationUnit>& units, bool by_list = false) {
  if (units.empty()) return;
  std::vector<Param> params;
  std::string props_where, origins_where;
  if (by_list) {
    std::vector<int64_t> ids;
    for (const auto& u : units) ids.push_back(u.id);
    params = {num_array(ids)};
    props_where = " WHERE unit_id = ANY($1::bigint[])";
    origins_where = " WHERE o.unit_id = ANY($1::bigint[])";
  } else {
    params = {num(units.front().id), num(units.back().id)};
    props_where = " WHERE unit_id BETWEEN $1 AND $2";
    origins_where = " WHERE o.unit_id BETWEEN $1 AND $2";
  }
  auto props = db.query(kProps + props_where + " ORDER BY unit_id, seq", params);
  auto origins = db.query(kOrigins + origins_where + " ORDER BY o.unit_id, o.id", params);
  int p = 0, o = 0;
  for (auto& u : units) {
    while (p < props.rows() && props.int64(p, 0) < u.id) ++p;
    for (; p < props.rows() && props.int64(p, 0) == u.id; ++p) add_property(u, props, p);
    while (o < origins.rows() && origins.int64(o, 0) < u.id) ++o;
    for (; o < origins.rows() && origins.int64(o, 0) == u.id; ++o)
      u.origins.push_back(read_origin(origins, o));
  }
}

}  // namespace

std::optional<TranslationUnit> PgStore::get(int64_t id, bool lock) {
  static const std::string sql =
      "SELECT " + std::string(kUnitColumns) + std::string(kUnitFrom) + " WHERE u.id = $1";
  auto r = db->query(lock ? sql + " FOR UPDATE OF u" : sql, {num(id)});
  if (r.rows() == 0) return std::nullopt;
  std::vector<TranslationUnit> one{read_unit(r, 0)};
  load_extras(*db, one);
  locate(one.front());
  return std::move(one.front());
}

std::vector<TranslationUnit> PgStore::get_many(const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  static const std::string sql = "SELECT " + std::string(kUnitColumns) + std::string(kUnitFrom) +
                                 " WHERE u.id = ANY($1::bigint[]) ORDER BY u.id";
  auto r = db->query(sql, {num_array(ids)});
  std::vector<TranslationUnit> units;
  units.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) units.push_back(read_unit(r, i));
  load_extras(*db, units, /*by_list=*/true);
  std::unordered_map<int64_t, std::size_t> at;
  for (std::size_t i = 0; i < units.size(); ++i) at[units[i].id] = i;
  std::vector<TranslationUnit> out;
  out.reserve(units.size());
  for (const int64_t id : ids) {
    auto it = at.find(id);
    if (it == at.end()) continue;  // gone, or asked twice
    out.push_back(std::move(units[it->second]));
    at.erase(it);
    locate(out.back());
  }
  return out;
}

// A unit's place in its document: the sentences it covers.
void PgStore::locate(TranslationUnit& unit) {
  locate_unit(unit, [this](const std::string& document, int side, SentenceRange range) {
    auto q = db->query(std::string(kSentenceColumns) +
                           " FROM sentences WHERE document_id = (SELECT id FROM documents WHERE "
                           "name = $1) AND side = $2 AND idx >= $3 AND idx < $4 ORDER BY idx",
                       {document, num(side), num(range.begin), num(range.end)});
    std::vector<Sentence> out;
    for (int i = 0; i < q.rows(); ++i) out.push_back(read_sentence(q, i));
    return out;
  });
}

int64_t PgStore::unit_count() { return db->query("SELECT count(*) FROM units").int64(0, 0); }

// A snapshot (xmin:xmax:ids in progress) stays the same until a transaction
// of the server takes an id (the first write of any transaction does) or
// ends: a commit made between two calls changes it, whether its transaction
// began before the first call (its id leaves the in-progress list) or after
// (xmax moves past it). Reads take no id and change nothing. Server-wide:
// another database's writes and autovacuum's ANALYZE say "changed" too,
// which costs a cache refill, never a stale answer.
bool PgStore::changed_since_last_asked() {
  std::string now = db->query("SELECT pg_current_snapshot()::text").str(0, 0);
  const bool changed = now != seen_snapshot;
  seen_snapshot = std::move(now);
  return changed;
}

void PgStore::for_each_unit(const UnitFilter& filter,
                            const std::function<void(const TranslationUnit&)>& fn) {
  std::string where;
  std::vector<Param> params;
  auto add = [&](const std::string& cond) {
    where += (where.empty() ? " WHERE " : " AND ") + cond;
  };
  auto param = [&](Param p) {
    params.push_back(std::move(p));
    // Appended, not "$" + ...: GCC 12 sees overlapping copies there (a
    // false -Wrestrict).
    std::string ref = "$";
    return ref.append(std::to_string(params.size()));
  };
  if (filter.document) {
    const std::string doc = param(*filter.document);
    add("(u.document_id = (SELECT id FROM documents WHERE name = " + doc +
        ") OR u.id IN (SELECT unit_id FROM unit_origins WHERE document_id = "
        "(SELECT id FROM documents WHERE name = " +
        doc + ")))");
  }
  if (filter.status) add("u.status = " + param(std::string(status_name(*filter.status))));
  if (filter.min_confidence) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", *filter.min_confidence);
    add("u.confidence >= " + param(std::string(buf)) + "::float8");
  }
  if (filter.changed_since) add("u.changed_at >= " + param(num(*filter.changed_since)));
  if (filter.changed_until) add("u.changed_at <= " + param(num(*filter.changed_until)));
  if (!filter.include_pending) add("u.pending = 0 AND u.src_text <> '' AND u.tgt_text <> ''");
  // Pages by id (keyset), so that memory stays flat however large the TM
  // and no transaction stays open while the callback runs.
  constexpr int kPage = 1000;
  int64_t after = 0;
  const SentenceReader located = last_document_reader([&](const std::string& document) {
    DocumentSentences out;
    auto r = db->query(std::string(kSentenceColumns) +
                           " FROM sentences WHERE document_id = (SELECT id FROM documents WHERE "
                           "name = $1) ORDER BY side, idx",
                       {document});
    for (int i = 0; i < r.rows(); ++i)
      (r.int64(i, 0) == 1 ? out.source : out.target).push_back(read_sentence(r, i));
    return out;
  });
  const std::string base = "SELECT " + std::string(kUnitColumns) + std::string(kUnitFrom) + where +
                           (where.empty() ? " WHERE " : " AND ") + "u.id > $" +
                           std::to_string(params.size() + 1) + " ORDER BY u.id LIMIT " +
                           std::to_string(kPage);
  for (;;) {
    auto page_params = params;
    page_params.push_back(num(after));
    auto r = db->query(base, page_params);
    std::vector<TranslationUnit> units;
    units.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) units.push_back(read_unit(r, i));
    load_extras(*db, units);
    for (auto& u : units) {
      locate_unit(u, located);
      fn(u);
    }
    if (r.rows() < kPage) break;
    after = units.back().id;
  }
}

namespace {

DocumentInfo read_document(const Result& r, int i) {
  DocumentInfo d;
  d.id = r.int64(i, 0);
  d.name = r.str(i, 1);
  d.src_file = r.str(i, 2);
  d.tgt_file = r.str(i, 3);
  d.src_sha256 = r.str(i, 4);
  d.tgt_sha256 = r.str(i, 5);
  d.src_lang = r.str(i, 6);
  d.tgt_lang = r.str(i, 7);
  d.options = r.str(i, 8);
  d.imported_at = r.int64(i, 9);
  d.imported_by = r.str(i, 10);
  d.units = r.int64(i, 11);
  d.pending = r.int64(i, 12);
  d.omissions = r.int64(i, 13);
  d.reviewed = r.int64(i, 14);
  d.rejected = r.int64(i, 15);
  return d;
}

}  // namespace

std::vector<DocumentInfo> PgStore::documents() {
  std::vector<DocumentInfo> out;
  auto r = db->query(document_columns_sql() + "ORDER BY d.id");
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_document(r, i));
  return out;
}

std::optional<DocumentInfo> PgStore::document(const std::string& name) {
  auto r = db->query(document_columns_sql() + "WHERE d.name = $1", {name});
  if (r.rows() == 0) return std::nullopt;
  return read_document(r, 0);
}

TmStats PgStore::stats() {
  TmStats t;
  auto scalar = [&](const char* q) { return db->query(q).int64(0, 0); };
  t.schema_version =
      static_cast<int>(scalar("SELECT value::int FROM meta WHERE key = 'schema_version'"));
  count_unit_stats(t, scalar, [&](const char* q, const auto& row) {
    auto r = db->query(q);
    for (int i = 0; i < r.rows(); ++i) row(r.str(i, 0), r.int64(i, 1));
  });
  {
    // COLLATE "C": the same order as SQLite's BINARY comparison.
    auto r = db->query(
        "SELECT lang, count(*) FROM (SELECT src_lang AS lang FROM units "
        "UNION ALL SELECT tgt_lang FROM units WHERE tgt_lang <> src_lang) l "
        "GROUP BY lang ORDER BY count(*) DESC, lang COLLATE \"C\"");
    for (int i = 0; i < r.rows(); ++i) t.languages.emplace_back(r.str(i, 0), r.int64(i, 1));
  }
  // The database's size on disk: tables, indexes and their TOAST data.
  t.file_bytes = scalar("SELECT pg_database_size(current_database())");
  return t;
}

std::vector<std::string> PgStore::check() {
  std::vector<std::string> problems;
  // What SQLite's foreign_key_check and the index check would find: PostgreSQL
  // enforces keys and keeps its indexes itself, so only the TM's own
  // invariants are checked here.
  auto r = db->query("SELECT count(*) FROM units WHERE src_text = '' AND tgt_text = ''");
  if (r.int64(0, 0) > 0)
    problems.push_back(std::to_string(r.int64(0, 0)) + " units have no text on either side");
  auto v = db->query("SELECT value FROM meta WHERE key = 'schema_version'");
  if (v.rows() == 0) problems.push_back("no schema version in meta");
  return problems;
}

}  // namespace alinea::tm::pg
