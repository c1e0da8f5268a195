// Whole tables of an SQLite TM, for migrate (table_copy.h): read in one
// read transaction, written in one write transaction with one prepared
// INSERT per table; the full-text index is rebuilt from the units at the
// end, as a bulk import indexes them.
#include <sqlite3.h>

#include <charconv>
#include <memory>
#include <string>

#include "tm/error.h"
#include "tm/store/sqlite_store.h"

namespace alinea::tm {
namespace {

// meta keys an SQLite TM keeps for itself: the revision counter travels
// through revision()/set_revision().
bool own_meta(std::string_view key) { return key == "revision"; }

class SqliteTables final : public TableAccess {
 public:
  // write: a write transaction (WriteScope), else a read one.
  SqliteTables(SqliteStore& s, bool write) : s_(s) {
    if (write) {
      scope_ = std::make_unique<WriteScope>(s_);
    } else {
      // A read transaction starts at BEGIN and takes its snapshot at the
      // first read: every table then comes from that one snapshot (WAL).
      s_.db->exec("BEGIN");
      reading_ = true;
      count("units");
    }
  }
  ~SqliteTables() override {
    insert_.reset();
    if (!reading_) return;
    try {
      s_.db->exec("COMMIT");  // a read transaction: nothing to undo
    } catch (...) {
    }
  }

  std::vector<std::string> tables() override {
    // units_fts and its shadow tables are the full-text index: derived.
    sql::Statement st(*s_.db,
                      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                      "'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'units\\_fts%' ESCAPE '\\' "
                      "ORDER BY name");
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.str(0));
    return out;
  }

  std::vector<std::string> columns(std::string_view table) override {
    sql::Statement st(*s_.db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
    st.bind(1, std::string(table));
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.str(0));
    return out;
  }

  int64_t count(std::string_view table) override {
    sql::Statement st(*s_.db, "SELECT count(*) FROM " + quoted(table));
    st.step();
    return st.int64(0);
  }

  void read(const TableSpec& spec, const std::function<void(const Row&)>& fn) override {
    sql::Statement st(*s_.db, "SELECT " + column_list(spec) + " FROM " + quoted(spec.name) +
                                  " ORDER BY " + std::string(spec.order_by));
    Row row(spec.columns.size());
    while (st.step()) {
      for (std::size_t i = 0; i < spec.columns.size(); ++i) {
        const int col = static_cast<int>(i);
        const int type = sqlite3_column_type(st.handle(), col);
        if (type == SQLITE_NULL) {
          row[i].reset();
          continue;
        }
        // SQLite keeps whatever type a value came with: a value of another
        // type than its column's would change on the way, so it stops here.
        const auto kind = spec.columns[i].kind;
        const bool fits = kind == ColumnKind::Text ? type == SQLITE_TEXT
                          : kind == ColumnKind::Integer
                              ? type == SQLITE_INTEGER
                              : type == SQLITE_FLOAT || type == SQLITE_INTEGER;
        if (!fits)
          throw Error(s_.path + ": " + std::string(spec.name) + "." +
                      std::string(spec.columns[i].name) + " holds a value of the wrong type (" +
                      std::string(st.text(col)) + ")");
        if (kind == ColumnKind::Text)
          row[i] = st.str(col);
        else if (kind == ColumnKind::Integer)
          row[i] = std::to_string(st.int64(col));
        else
          row[i] = real_text(st.real(col));
      }
      fn(row);
    }
  }

  std::vector<std::pair<std::string, std::string>> meta() override {
    sql::Statement st(*s_.db, "SELECT key, value FROM meta ORDER BY key");
    std::vector<std::pair<std::string, std::string>> out;
    while (st.step())
      if (!own_meta(st.text(0))) out.emplace_back(st.str(0), st.str(1));
    return out;
  }

  int64_t revision() override {
    sql::Statement st(*s_.db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'revision'");
    return st.step() ? st.int64(0) : 0;
  }

  void write_begin(const TableSpec& spec) override {
    std::string marks;
    for (std::size_t i = 0; i < spec.columns.size(); ++i) marks += i ? ", ?" : "?";
    spec_ = &spec;
    insert_ = std::make_unique<sql::Statement>(
        *s_.db,
        "INSERT INTO " + quoted(spec.name) + "(" + column_list(spec) + ") VALUES (" + marks + ")");
  }

  void write_row(const Row& row) override {
    sql::ResetGuard g(*insert_);
    for (std::size_t i = 0; i < row.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      if (!row[i]) {
        insert_->bind_null(at);
        continue;
      }
      const std::string& v = *row[i];
      switch (spec_->columns[i].kind) {
        case ColumnKind::Text:
          insert_->bind(at, std::string_view(v));
          break;
        case ColumnKind::Integer: {
          int64_t n = 0;
          const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
          if (ec != std::errc() || end != v.data() + v.size())
            throw Error(s_.path + ": " + std::string(spec_->name) + "." +
                        std::string(spec_->columns[i].name) + ": not an integer: " + v);
          insert_->bind(at, n);
          break;
        }
        case ColumnKind::Real: {
          double d = 0;
          const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
          if (ec != std::errc() || end != v.data() + v.size())
            throw Error(s_.path + ": " + std::string(spec_->name) + "." +
                        std::string(spec_->columns[i].name) + ": not a number: " + v);
          insert_->bind(at, d);
          break;
        }
      }
    }
    insert_->run();
  }

  void write_end() override {
    insert_.reset();
    spec_ = nullptr;
  }

  void set_meta(const std::string& key, const std::string& value) override {
    sql::Statement st(*s_.db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
    st.bind(1, key);
    st.bind(2, value);
    st.run();
  }

  void set_revision(int64_t revision) override { set_meta("revision", std::to_string(revision)); }

  void finish() override {
    // Every unit is new to the index: the commit-time bulk indexing a
    // write transaction does anyway (flush_fts) indexes them all, now.
    s_.fts_pending_from = 0;
    s_.flush_fts();
  }

  void commit() override { scope_->commit(); }

 private:
  SqliteStore& s_;
  std::unique_ptr<WriteScope> scope_;
  bool reading_ = false;
  const TableSpec* spec_ = nullptr;
  std::unique_ptr<sql::Statement> insert_;
};

}  // namespace

std::unique_ptr<TableAccess> SqliteStore::read_tables() {
  if (!db) throw NotFoundError(path + ": no such TM");
  return std::make_unique<SqliteTables>(*this, false);
}

std::unique_ptr<TableAccess> SqliteStore::load_tables() {
  auto t = std::make_unique<SqliteTables>(*this, true);
  sql::Statement n(*db, "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM documents)");
  n.step();
  if (n.int64(0) != 0 || n.int64(1) != 0)
    throw NotEmptyError(path + ": the TM is not empty (" + std::to_string(n.int64(0)) + " units, " +
                        std::to_string(n.int64(1)) +
                        " documents); migrate copies into an empty TM only");
  // Language pairs of units deleted since: the copy brings its own.
  db->exec("DELETE FROM lang_pairs");
  return t;
}

}  // namespace alinea::tm
