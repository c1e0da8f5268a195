#include "tm_probe.h"

#include <sqlite3.h>

#include <string_view>

namespace alinea::test {
namespace {

struct Db {
  sqlite3* db = nullptr;
  ~Db() { sqlite3_close_v2(db); }
};

// Runs `sql` and appends each first-column row to `rows`; returns the error.
std::string query(sqlite3* db, const std::string& sql, std::vector<std::string>* rows) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return sqlite3_errmsg(db);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st, 0);
    if (rows) rows->emplace_back(t ? reinterpret_cast<const char*>(t) : "");
  }
  std::string error = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db);
  sqlite3_finalize(st);
  return error;
}

}  // namespace

TmProbe probe_tm(const std::string& path) {
  TmProbe p;
  Db d;
  if (sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    p.problems.push_back("cannot open: " + std::string(d.db ? sqlite3_errmsg(d.db) : "?"));
    return p;
  }
  sqlite3_busy_timeout(d.db, 10000);
  std::vector<std::string> rows;
  if (std::string e = query(d.db, "PRAGMA integrity_check", &rows); !e.empty())
    p.problems.push_back("integrity_check: " + e);
  for (const auto& r : rows)
    if (r != "ok") p.problems.push_back(r);
  rows.clear();
  if (std::string e = query(d.db, "PRAGMA foreign_key_check", &rows); !e.empty())
    p.problems.push_back("foreign_key_check: " + e);
  for (const auto& r : rows) p.problems.push_back("foreign key violation in " + r);
  // The search index must match the units table; the check is phrased as a
  // write, so it runs in a savepoint that is rolled back.
  query(d.db, "SAVEPOINT probe", nullptr);
  if (std::string e = query(
          d.db, "INSERT INTO units_fts(units_fts, rank) VALUES ('integrity-check', 1)", nullptr);
      !e.empty())
    p.problems.push_back("search index: " + e);
  query(d.db, "ROLLBACK TO probe", nullptr);
  query(d.db, "RELEASE probe", nullptr);
  rows.clear();
  if (std::string e = query(d.db, "SELECT count(*) FROM units", &rows); !e.empty() || rows.empty())
    p.problems.push_back("cannot count units: " + e);
  else
    p.units = std::stoll(rows[0]);
  p.opened = true;
  return p;
}

int64_t count_units_like(const std::string& path, const std::string& pattern) {
  Db d;
  if (sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return -1;
  sqlite3_busy_timeout(d.db, 10000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(d.db, "SELECT count(*) FROM units WHERE src_text LIKE ?", -1, &st,
                         nullptr) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, pattern.c_str(), -1, SQLITE_TRANSIENT);
  int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return n;
}

std::map<std::string, int64_t> count_units_by_tag(const std::string& path) {
  std::map<std::string, int64_t> counts;
  Db d;
  if (sqlite3_open_v2(path.c_str(), &d.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    return counts;
  sqlite3_busy_timeout(d.db, 10000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(d.db, "SELECT src_text FROM units", -1, &st, nullptr) != SQLITE_OK)
    return counts;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char* t = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    std::string_view text = t ? t : "";
    ++counts[std::string(text.substr(0, text.find_first_of("- ")))];
  }
  sqlite3_finalize(st);
  return counts;
}

WriteLock::WriteLock(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return;
  held_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
}

WriteLock::~WriteLock() {
  if (held_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close_v2(db_);
}

}  // namespace alinea::test
