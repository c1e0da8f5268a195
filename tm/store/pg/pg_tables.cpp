// Whole tables of a PostgreSQL TM, for migrate (table_copy.h): read through
// a cursor in one REPEATABLE READ transaction (one snapshot), written with
// COPY in one transaction that also creates the schema when the database
// is new, so that a failed copy leaves the database as it was.
#include <memory>
#include <string>

#include "tm/error.h"
#include "tm/store/pg/pg_store_impl.h"
#include "tm/store/pg/pg_words.h"

namespace alinea::tm::pg {
namespace {

// meta keys a PostgreSQL TM keeps for itself; its revision counter is the
// sequence `revisions` (revision()/set_revision()).
bool own_meta(std::string_view key) { return key == "application" || key == "schema_version"; }

// Rows fetched per round trip, and COPY data sent per put().
constexpr int kFetchRows = 5000;
constexpr std::size_t kCopyChunk = 1 << 20;

class PgTables final : public TableAccess {
 public:
  PgTables(PgStore& s, bool write) : s_(s) {
    if (write)
      scope_ = std::make_unique<Scope>(s_);
    else {
      s_.db->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      reading_ = true;
    }
  }
  ~PgTables() override {
    if (copying_) s_.db->abort_copy();
    if (!reading_) return;
    try {
      s_.db->exec("COMMIT");
    } catch (...) {
    }
  }

  std::vector<std::string> tables() override {
    auto r = s_.db->query(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1");
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.str(i, 0));
    return out;
  }

  // A unit's words are left out: they are made from its texts, and the
  // receiving side makes its own (write_row), as it builds its own indexes.
  std::vector<std::string> columns(std::string_view table) override {
    auto r = s_.db->query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = $1 ORDER BY ordinal_position",
        {std::string(table)});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i)
      if (table != "units" || !is_words_column(r.text(i, 0))) out.push_back(r.str(i, 0));
    return out;
  }

  int64_t count(std::string_view table) override {
    return s_.db->query("SELECT count(*) FROM " + quoted(table)).int64(0, 0);
  }

  void read(const TableSpec& spec, const std::function<void(const Row&)>& fn) override {
    s_.db->exec("DECLARE alinea_rows NO SCROLL CURSOR FOR SELECT " + column_list(spec) + " FROM " +
                quoted(spec.name) + " ORDER BY " + std::string(spec.order_by));
    Row row(spec.columns.size());
    for (;;) {
      auto r = s_.db->query("FETCH " + std::to_string(kFetchRows) + " FROM alinea_rows");
      for (int i = 0; i < r.rows(); ++i) {
        for (std::size_t c = 0; c < spec.columns.size(); ++c) {
          const int col = static_cast<int>(c);
          if (r.is_null(i, col))
            row[c].reset();
          else if (spec.columns[c].kind == ColumnKind::Real)
            row[c] = canonical_real(r.text(i, col), s_.path + ": " + std::string(spec.name) + "." +
                                                        std::string(spec.columns[c].name));
          else
            row[c] = r.str(i, col);
        }
        fn(row);
      }
      if (r.rows() < kFetchRows) break;
    }
    s_.db->exec("CLOSE alinea_rows");
  }

  std::vector<std::pair<std::string, std::string>> meta() override {
    auto r = s_.db->query("SELECT key, value FROM meta ORDER BY key");
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 0; i < r.rows(); ++i)
      if (!own_meta(r.text(i, 0))) out.emplace_back(r.str(i, 0), r.str(i, 1));
    return out;
  }

  int64_t revision() override {
    return s_.db->query("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM revisions")
        .int64(0, 0);
  }

  void write_begin(const TableSpec& spec) override {
    for (const auto& c : spec.columns)
      if (c.name == "id") with_ids_.emplace_back(spec.name);
    drop_indexes(spec.name);
    // Its foreign keys too, as pg_restore does. Measured on 1M generated
    // units: COPY into units 10.1 s with its reference to documents, 3.4 s
    // without, and 0.4 s to add it back.
    for (auto& add : s_.drop_references(spec.name)) dropped_references_.push_back(std::move(add));
    std::string columns = column_list(spec);
    texts_.clear();
    if (spec.name == "units") {
      for (const char* text : {"src_text", "tgt_text"})
        for (std::size_t c = 0; c < spec.columns.size(); ++c)
          if (spec.columns[c].name == text) texts_.push_back(c);
      if (texts_.size() != 2) throw Error(s_.path + ": units without their texts");
      columns.append(", ").append(kWordsColumns);
    }
    s_.db->begin_copy("COPY " + quoted(spec.name) + " (" + columns + ") FROM STDIN");
    copying_ = true;
    buffer_.clear();
  }

  void write_row(const Row& row) override {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) buffer_ += '\t';
      if (!row[i])
        buffer_ += "\\N";
      else
        copy_field(buffer_, *row[i]);  // numbers pass unchanged
    }
    if (!texts_.empty()) {
      const UnitWords words = unit_words(row[texts_[0]].value_or(""), row[texts_[1]].value_or(""));
      buffer_ += '\t';
      copy_field(buffer_, words.source);
      buffer_ += '\t';
      copy_field(buffer_, words.target);
    }
    buffer_ += '\n';
    if (buffer_.size() >= kCopyChunk) {
      s_.db->put(buffer_);
      buffer_.clear();
    }
  }

  void write_end() override {
    if (!buffer_.empty()) s_.db->put(buffer_);
    buffer_.clear();
    copying_ = false;
    s_.db->end_copy();
  }

  void set_meta(const std::string& key, const std::string& value) override {
    s_.db->query(
        "INSERT INTO meta(key, value) VALUES ($1, $2) "
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        {key, value});
  }

  void set_revision(int64_t revision) override {
    // A sequence cannot be set below 1: "nothing handed out yet" is 1, not
    // called.
    s_.db->query("SELECT setval('revisions', $1, $2)",
                 {num(revision > 0 ? revision : 1), revision > 0 ? "true" : "false"});
  }

  void finish() override {
    // One bulk build per index instead of one insert per row into each
    // (drop_indexes).
    for (const auto& definition : dropped_) s_.db->exec(definition);
    dropped_.clear();
    // Then the references, each checked by one join over the whole table:
    // a row that points nowhere fails the copy here, as it would have
    // during COPY.
    for (const auto& statement : dropped_references_) s_.db->exec(statement);
    dropped_references_.clear();
    // Rows came with their ids: each id sequence continues after the
    // largest, as it would had the rows been added here.
    for (const auto& table : with_ids_) {
      s_.db->exec("SELECT setval(pg_get_serial_sequence('" + table +
                  "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + quoted(table));
    }
    // Statistics for the planner now, not at the next autovacuum: the first
    // searches on the new TM would otherwise plan for empty tables.
    s_.db->exec("ANALYZE");
  }

  void commit() override { scope_->commit(); }

 private:
  PgStore& s_;
  std::unique_ptr<Scope> scope_;
  bool reading_ = false;
  bool copying_ = false;
  std::string buffer_;
  std::vector<std::size_t> texts_;  // units: the columns words are made from
  std::vector<std::string> with_ids_;
  std::vector<std::string> dropped_;             // CREATE INDEX statements to run again
  std::vector<std::string> dropped_references_;  // ALTER TABLE ... ADD CONSTRAINT, likewise

  // The table's indexes other than its keys, dropped before its rows come
  // and made again at the end (finish), in this transaction (TO is empty,
  // so nobody loses them meanwhile; readers of TO wait for the commit).
  // Measured on 200k generated units, SQLite -> PostgreSQL: COPY into
  // units with its word indexes (then GIN over unaccent-folded text) kept up to
  // date took 21.6 s; without them 4.1 s, then 10.6 s to build the four
  // indexes at once: the whole copy about a fifth faster. Keys stay: they
  // check the rows.
  void drop_indexes(std::string_view table) {
    auto r = s_.db->query(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = $1::regclass AND NOT i.indisprimary AND NOT i.indisunique",
        {quoted(table)});
    for (int i = 0; i < r.rows(); ++i) {
      s_.db->exec("DROP INDEX " + r.str(i, 0));
      dropped_.push_back(r.str(i, 1));
    }
  }
};

}  // namespace

std::unique_ptr<TableAccess> PgStore::read_tables() {
  return std::make_unique<PgTables>(*this, false);
}

std::unique_ptr<TableAccess> PgStore::load_tables() {
  auto t = std::make_unique<PgTables>(*this, true);
  // The schema, when the database has none yet, is made in this
  // transaction: a failed copy leaves an empty database empty.
  validate_or_create();
  // No one adds units while the copy runs (their ids would collide). The
  // lock also plans by index, for imports; counting and checking the copy
  // wants the planner's estimates.
  lock_for_adding();
  plan_statements(Planning::ByStatistics);
  auto n = db->query("SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM documents)");
  if (n.int64(0, 0) != 0 || n.int64(0, 1) != 0)
    throw NotEmptyError(path + ": the TM is not empty (" + n.str(0, 0) + " units, " + n.str(0, 1) +
                        " documents); migrate copies into an empty TM only");
  // Language pairs of units deleted since: the copy brings its own.
  db->exec("DELETE FROM lang_pairs");
  return t;
}

}  // namespace alinea::tm::pg
