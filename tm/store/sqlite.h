// Thin RAII wrappers over the SQLite C API, private to tm/store. They turn
// result codes into tm::Error exceptions that keep the extended code:
// SQLITE_BUSY/LOCKED -> BusyError, SQLITE_NOTADB/CORRUPT -> NotATmError,
// anything else -> DbError.
//
//   sql::Database db("x.tm", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
//   sql::Statement st(db, "SELECT id FROM units WHERE status = ?");
//   st.bind(1, "reviewed");
//   while (st.step()) use(st.int64(0));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace alinea::tm::sql {

// Throws the tm::Error subclass that matches rc (an extended result code).
[[noreturn]] void throw_error(int rc, const std::string& message);

class Database {
 public:
  Database(const std::string& path, int flags);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  // Runs one or more statements that return no rows of interest.
  void exec(const std::string& sql);
  int64_t last_insert_rowid() const;
  int64_t changes() const;
  void set_busy_timeout(int milliseconds);
  // Throws for rc, with sqlite3_errmsg and the context.
  [[noreturn]] void fail(int rc, std::string_view context) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  void bind(int index, int64_t value);
  void bind(int index, int value) { bind(index, static_cast<int64_t>(value)); }
  void bind(int index, double value);
  // Not copied: the text must stay alive and unchanged until reset() (the
  // ResetGuard pattern guarantees it for locals). Temporary std::strings go
  // to the copying overload below.
  void bind(int index, std::string_view value);
  void bind(int index, const char* value) { bind(index, std::string_view(value)); }
  void bind(int index, const std::string& value) { bind(index, std::string_view(value)); }
  void bind(int index, std::string&& value);  // copied
  void bind_null(int index);
  template <typename T>
  void bind(int index, const std::optional<T>& value) {
    if (value)
      bind(index, *value);
    else
      bind_null(index);
  }

  sqlite3_stmt* handle() const { return stmt_; }
  // Index of a named parameter (":name"), 0 if the statement has none.
  int index_of(const char* name) const;

  // true while a row is available.
  bool step();
  // Steps once and expects no row (INSERT/UPDATE/DELETE).
  void run();
  // Resets and clears bindings; safe to call at any time.
  void reset();

  bool is_null(int col) const;
  int64_t int64(int col) const;
  double real(int col) const;
  std::string_view text(int col) const;  // valid until the next step/reset
  std::string str(int col) const { return std::string(text(col)); }
  std::optional<int64_t> opt_int64(int col) const;
  std::optional<double> opt_real(int col) const;

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a reused statement when leaving a scope, whatever happens.
class ResetGuard {
 public:
  explicit ResetGuard(Statement& st) : st_(st) {}
  ResetGuard(const ResetGuard&) = delete;
  ResetGuard& operator=(const ResetGuard&) = delete;
  ~ResetGuard() { st_.reset(); }

 private:
  Statement& st_;
};

// One read transaction for the statements of a scope: they all see the same
// snapshot of the file (a unit a candidate query found is still there when
// it is fetched, whatever a writer commits meanwhile), and the file's read
// lock is taken once instead of once per statement. Does nothing inside a
// transaction already open (a write scope).
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db);
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  ~ReadSnapshot();

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace alinea::tm::sql
