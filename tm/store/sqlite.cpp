#include "tm/store/sqlite.h"

#include <sqlite3.h>

#include <string>

#include "tm/error.h"

namespace alinea::tm::sql {

void throw_error(int rc, const std::string& message) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw BusyError(message + " (the TM is locked by another writer; try again)", rc);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      throw NotATmError(message + " (the file is not a valid TM or is corrupt)");
    default:
      throw DbError(message, rc);
  }
}

Database::Database(const std::string& path, int flags) : path_(path) {
  // Without memory statistics SQLite's allocator takes no global mutex
  // (every row insert allocates). Only possible before SQLite initialises:
  // if something else in the process initialised it first, the call fails
  // harmlessly.
  static const bool memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)memstatus_off;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    int ext = db_ ? sqlite3_extended_errcode(db_) : rc;
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw_error(ext, path + ": cannot open: " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw_error(sqlite3_extended_errcode(db_), path_ + ": " + msg);
  }
}

ReadSnapshot::ReadSnapshot(Database& db) : db_(db) {
  if (sqlite3_get_autocommit(db.handle()) == 0) return;
  db.exec("BEGIN");
  open_ = true;
}

ReadSnapshot::~ReadSnapshot() {
  // A read transaction has nothing to lose: ending it cannot fail in a way
  // that matters, and a destructor must not throw.
  if (open_ && sqlite3_get_autocommit(db_.handle()) == 0)
    sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int64_t Database::changes() const { return sqlite3_changes64(db_); }
void Database::set_busy_timeout(int milliseconds) { sqlite3_busy_timeout(db_, milliseconds); }

void Database::fail(int rc, std::string_view context) const {
  int ext = sqlite3_extended_errcode(db_);
  if ((ext & 0xff) != (rc & 0xff)) ext = rc;
  throw_error(ext, path_ + ": " + std::string(context) + ": " + sqlite3_errmsg(db_));
}

Statement::Statement(Database& db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "preparing statement");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail(rc, "binding");
}
void Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail(rc, "binding");
}
void Statement::bind(int index, std::string_view value) {
  // A non-null pointer even for "", so that empty text is not bound as NULL.
  const char* data = value.data() ? value.data() : "";
  int rc = sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) db_.fail(rc, "binding");
}
void Statement::bind(int index, std::string&& value) {
  int rc =
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) db_.fail(rc, "binding");
}
void Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_.fail(rc, "binding");
}

int Statement::index_of(const char* name) const {
  return sqlite3_bind_parameter_index(stmt_, name);
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // Keep the error text before reset() clears it.
  std::string msg = sqlite3_errmsg(db_.handle());
  int ext = sqlite3_extended_errcode(db_.handle());
  sqlite3_reset(stmt_);
  throw_error(ext, db_.path() + ": " + msg);
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }
std::string_view Statement::text(int col) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}
std::optional<int64_t> Statement::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}
std::optional<double> Statement::opt_real(int col) const {
  if (is_null(col)) return std::nullopt;
  return real(col);
}

}  // namespace alinea::tm::sql
