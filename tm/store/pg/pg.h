// Thin RAII wrappers over libpq, private to tm/store/pg, in the manner of
// sql::Database and sql::Statement (tm/store/sqlite.h): results are freed
// by their destructor, errors become tm::Error exceptions carrying the
// server's message (a serialization failure or deadlock -> BusyError, so
// that callers retry as they do after an SQLite busy timeout).
//
//   pg::Connection db("postgresql://alinea@/tm?host=/run/pg");
//   auto r = db.exec("SELECT id FROM units WHERE status = $1", {"reviewed"});
//   for (int i = 0; i < r.rows(); ++i) use(r.int64(i, 0));
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace alinea::tm::pg {

// A parameter: text, or NULL.
using Param = std::optional<std::string>;

class Result {
 public:
  explicit Result(pg_result* r);
  int rows() const;
  bool is_null(int row, int col) const;
  std::string_view text(int row, int col) const;
  std::string str(int row, int col) const { return std::string(text(row, col)); }
  int64_t int64(int row, int col) const;
  double real(int row, int col) const;
  std::optional<int64_t> opt_int64(int row, int col) const;
  std::optional<double> opt_real(int row, int col) const;
  int64_t affected() const;  // rows an INSERT/UPDATE/DELETE touched

 private:
  struct Free {
    void operator()(pg_result* r) const;
  };
  std::unique_ptr<pg_result, Free> r_;
};

class Connection {
 public:
  // Connects (a URL or "key=value" string, as libpq takes them); throws
  // NotFoundError when the server or database cannot be reached.
  explicit Connection(const std::string& conninfo);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements without parameters.
  void exec(const std::string& sql);
  // One statement with $1, $2 ... parameters, as text.
  Result query(const std::string& sql, const std::vector<Param>& params = {});
  // COPY ... FROM STDIN: rows in text format, sent in pieces by put(), then
  // finished by end_copy().
  void begin_copy(const std::string& sql);
  void put(std::string_view data);
  void end_copy();
  // Ends a COPY without its rows (the server discards them and the
  // transaction fails), so that the connection can roll back. Never throws.
  void abort_copy() noexcept;

 private:
  [[noreturn]] void fail(pg_result* r, const std::string& context);
  struct Finish {
    void operator()(pg_conn* c) const;
  };
  std::unique_ptr<pg_conn, Finish> c_;
};

// Quotes text for a COPY text-format field: backslash, tab, newline and
// carriage return escaped.
void copy_field(std::string& out, std::string_view text);

// Whether an address names a PostgreSQL TM: postgresql:// or postgres://,
// or a libpq "key=value" string with host= or dbname=.
bool is_url(std::string_view address);
// The address without its password, fit to show.
std::string shown(const std::string& address);

}  // namespace alinea::tm::pg
