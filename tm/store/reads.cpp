// Reading units and documents back, and the TM's statistics and checks.
#include <filesystem>
#include <set>
#include <string>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/document_order.h"
#include "tm/store/document_sql.h"
#include "tm/store/sqlite_store.h"
#include "tm/store/stats_counts.h"
#include "tm/store/store.h"
#include "tm/store/text.h"

namespace alinea::tm {

// ---- reads --------------------------------------------------------------------

TranslationUnit SqliteStore::read_unit(const sql::Statement& st) {
  TranslationUnit u;
  u.id = st.int64(0);
  u.source.lang = st.str(1);
  u.source.text = st.str(2);
  u.source.markup = st.str(3);
  u.target.lang = st.str(4);
  u.target.text = st.str(5);
  u.target.markup = st.str(6);
  if (!st.is_null(7)) u.document = st.str(7);
  u.position = st.opt_int64(8);
  u.context_prev = st.str(9);
  u.context_next = st.str(10);
  u.confidence = st.opt_real(11);
  u.status = status_from_db(st.text(12));
  u.created_at = st.int64(13);
  u.created_by = st.str(14);
  u.changed_at = st.int64(15);
  u.changed_by = st.str(16);
  u.note = st.str(17);
  u.source_annotations.note = st.str(18);
  u.target_annotations.note = st.str(19);
  u.place = read_place(st, 20);
  u.pending = st.int64(24) != 0;
  u.revision = st.int64(25);
  return u;
}

namespace {
// A statement's text must outlive the statement cache (Impl::stmt).
const std::string& get_unit_sql() {
  static const std::string sql =
      "SELECT " + std::string(kUnitColumns) + std::string(kUnitFrom) + " WHERE u.id = ?";
  return sql;
}
constexpr std::string_view kProps =
    "SELECT unit_id, type, value, side FROM unit_props WHERE unit_id = ? ORDER BY seq";

// A unit_props row (unit_id, type, value, side) into its unit.
void add_property(TranslationUnit& u, const sql::Statement& st) {
  const int64_t side = st.int64(3);
  side_properties(u, side == 1   ? PropSide::Source
                     : side == 2 ? PropSide::Target
                                 : PropSide::Unit)
      .push_back({st.str(1), st.str(2)});
}
constexpr std::string_view kOrigins =
    "SELECT o.unit_id, d.name, o.position, o.added_at, o.added_by, o.src_begin, o.src_end, "
    "o.tgt_begin, o.tgt_end FROM unit_origins o "
    "LEFT JOIN documents d ON d.id = o.document_id WHERE o.unit_id = ? ORDER BY o.id";

Origin read_origin(const sql::Statement& st) {
  Origin o;
  if (!st.is_null(1)) o.document = st.str(1);
  o.position = st.opt_int64(2);
  o.added_at = st.int64(3);
  o.added_by = st.str(4);
  o.place = read_place(st, 5);
  return o;
}
}  // namespace

void SqliteStore::load_extras(TranslationUnit& u) {
  {
    auto& st = stmt(kProps);
    sql::ResetGuard g(st);
    st.bind(1, u.id);
    while (st.step()) add_property(u, st);
  }
  auto& st = stmt(kOrigins);
  sql::ResetGuard g(st);
  st.bind(1, u.id);
  while (st.step()) u.origins.push_back(read_origin(st));
}

std::optional<TranslationUnit> SqliteStore::get(int64_t id) {
  if (!db) return std::nullopt;
  auto& st = stmt(get_unit_sql());
  sql::ResetGuard g(st);
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  auto u = read_unit(st);
  st.reset();
  load_extras(u);
  locate_unit(u, [this](const std::string& document, int side, SentenceRange range) {
    static const std::string sql =
        std::string(kSentenceColumns) +
        " FROM sentences WHERE document_id = (SELECT id FROM documents WHERE name = ?) AND side "
        "= ? AND idx >= ? AND idx < ? ORDER BY idx";
    auto& q = stmt(sql);
    sql::ResetGuard g(q);
    q.bind(1, document);
    q.bind(2, side);
    q.bind(3, static_cast<int64_t>(range.begin));
    q.bind(4, static_cast<int64_t>(range.end));
    std::vector<Sentence> out;
    while (q.step()) out.push_back(read_sentence(q));
    return out;
  });
  return u;
}

int64_t SqliteStore::count_units() {
  if (!db) return 0;
  auto& st = stmt("SELECT count(*) FROM units");
  sql::ResetGuard g(st);
  st.step();
  return st.int64(0);
}

std::optional<TranslationUnit> SqliteStore::get_unit(int64_t id) { return this->get(id); }
int64_t SqliteStore::unit_count() { return this->count_units(); }

bool SqliteStore::changed_since_last_asked() {
  if (!db) return true;
  auto& st = stmt("PRAGMA data_version");
  sql::ResetGuard g(st);
  st.step();
  const int64_t now = st.int64(0);
  const bool changed = seen_data_version != now;
  seen_data_version = now;
  return changed;
}

void SqliteStore::for_each_unit(const UnitFilter& filter,
                                const std::function<void(const TranslationUnit&)>& fn) {
  auto& s = *this;
  if (!s.db) return;
  std::string where;
  auto add = [&](const std::string& cond) {
    where += (where.empty() ? " WHERE " : " AND ") + cond;
  };
  if (filter.document)
    add("(u.document_id = (SELECT id FROM documents WHERE name = :doc) OR u.id IN "
        "(SELECT unit_id FROM unit_origins WHERE document_id = "
        "(SELECT id FROM documents WHERE name = :doc)))");
  if (filter.status) add("u.status = :status");
  if (filter.min_confidence) add("u.confidence >= :conf");
  if (filter.changed_since) add("u.changed_at >= :since");
  if (filter.changed_until) add("u.changed_at <= :until");
  if (!filter.include_pending) add("u.pending = 0 AND u.src_text != '' AND u.tgt_text != ''");
  const std::string q =
      "SELECT " + std::string(kUnitColumns) + std::string(kUnitFrom) + where + " ORDER BY u.id";
  // Fresh statements: the callback may read through the cached ones.
  sql::Statement st(*s.db, q);
  int idx = 1;
  // Parameters are numbered in order of first appearance.
  if (filter.document) st.bind(idx++, *filter.document);
  if (filter.status) st.bind(idx++, status_name(*filter.status));
  if (filter.min_confidence) st.bind(idx++, *filter.min_confidence);
  if (filter.changed_since) st.bind(idx++, *filter.changed_since);
  if (filter.changed_until) st.bind(idx++, *filter.changed_until);
  // Properties and origins are merged in by unit id, so memory stays flat.
  sql::Statement props(*s.db,
                       "SELECT unit_id, type, value, side FROM unit_props ORDER BY unit_id, seq");
  sql::Statement origins(*s.db,
                         "SELECT o.unit_id, d.name, o.position, o.added_at, o.added_by, "
                         "o.src_begin, o.src_end, o.tgt_begin, o.tgt_end "
                         "FROM unit_origins o LEFT JOIN documents d ON d.id = o.document_id "
                         "ORDER BY o.unit_id, o.id");
  sql::Statement sentences(*s.db, std::string(kSentenceColumns) +
                                      " FROM sentences WHERE document_id = (SELECT id FROM "
                                      "documents WHERE name = ?) ORDER BY side, idx");
  const SentenceReader located = last_document_reader([&](const std::string& document) {
    DocumentSentences out;
    sql::ResetGuard g(sentences);
    sentences.bind(1, document);
    while (sentences.step())
      (sentences.int64(0) == 1 ? out.source : out.target).push_back(read_sentence(sentences));
    return out;
  });
  bool props_row = props.step();
  bool origins_row = origins.step();
  while (st.step()) {
    TranslationUnit u = SqliteStore::read_unit(st);
    while (props_row && props.int64(0) < u.id) props_row = props.step();
    while (props_row && props.int64(0) == u.id) {
      add_property(u, props);
      props_row = props.step();
    }
    while (origins_row && origins.int64(0) < u.id) origins_row = origins.step();
    while (origins_row && origins.int64(0) == u.id) {
      u.origins.push_back(read_origin(origins));
      origins_row = origins.step();
    }
    locate_unit(u, located);
    fn(u);
  }
}

namespace {
DocumentInfo read_document(const sql::Statement& st) {
  DocumentInfo d;
  d.id = st.int64(0);
  d.name = st.str(1);
  d.src_file = st.str(2);
  d.tgt_file = st.str(3);
  d.src_sha256 = st.str(4);
  d.tgt_sha256 = st.str(5);
  d.src_lang = st.str(6);
  d.tgt_lang = st.str(7);
  d.options = st.str(8);
  d.imported_at = st.int64(9);
  d.imported_by = st.str(10);
  d.units = st.int64(11);
  d.pending = st.int64(12);
  d.omissions = st.int64(13);
  d.reviewed = st.int64(14);
  d.rejected = st.int64(15);
  return d;
}
}  // namespace

std::vector<DocumentInfo> SqliteStore::documents() {
  std::vector<DocumentInfo> out;
  if (!this->db) return out;
  sql::Statement st(*this->db, document_columns_sql() + "ORDER BY d.id");
  while (st.step()) out.push_back(read_document(st));
  return out;
}

std::optional<DocumentInfo> SqliteStore::document(const std::string& name) {
  if (!this->db) return std::nullopt;
  sql::Statement st(*this->db, document_columns_sql() + "WHERE d.name = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return read_document(st);
}

TmStats SqliteStore::stats() {
  TmStats t;
  t.schema_version = kSchemaVersion;
  auto& s = *this;
  if (!s.db) return t;
  auto scalar = [&](const char* q) {
    sql::Statement st(*s.db, q);
    return st.step() ? st.int64(0) : 0;
  };
  t.schema_version = static_cast<int>(scalar("PRAGMA user_version"));
  count_unit_stats(t, scalar, [&](const char* q, const auto& row) {
    sql::Statement st(*s.db, q);
    while (st.step()) row(st.str(0), st.int64(1));
  });
  {
    sql::Statement st(*s.db,
                      "SELECT lang, count(*) FROM (SELECT src_lang AS lang FROM units "
                      "UNION ALL SELECT tgt_lang FROM units WHERE tgt_lang != src_lang) "
                      "GROUP BY lang ORDER BY count(*) DESC, lang");
    while (st.step()) t.languages.emplace_back(st.str(0), st.int64(1));
  }
  if (s.path != ":memory:") {
    std::error_code ec;
    for (const char* suffix : {"", "-wal"}) {
      auto size = std::filesystem::file_size(s.path + suffix, ec);
      if (!ec) t.file_bytes += static_cast<int64_t>(size);
    }
  }
  return t;
}

std::vector<std::string> SqliteStore::check() {
  std::vector<std::string> problems;
  auto& s = *this;
  if (!s.db) return problems;
  {
    sql::Statement st(*s.db, "PRAGMA integrity_check");
    while (st.step())
      if (st.text(0) != "ok") problems.push_back(st.str(0));
  }
  {
    sql::Statement st(*s.db, "PRAGMA foreign_key_check");
    while (st.step()) problems.push_back("foreign key violation in " + st.str(0));
  }
  if (s.mode == OpenMode::ReadWrite) {
    s.flush_fts();
    // FTS5's check is phrased as a write; run it in a savepoint we undo.
    WriteScope tx(s);
    try {
      s.db->exec("INSERT INTO units_fts(units_fts, rank) VALUES ('integrity-check', 1)");
    } catch (const Error& e) {
      problems.push_back(std::string("search index: ") + e.what());
    }
  }
  return problems;
}

}  // namespace alinea::tm
