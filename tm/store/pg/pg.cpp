#include "tm/store/pg/pg.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>

#include "tm/error.h"

namespace alinea::tm::pg {

void Result::Free::operator()(pg_result* r) const { PQclear(r); }
void Connection::Finish::operator()(pg_conn* c) const { PQfinish(c); }

Result::Result(pg_result* r) : r_(r) {}
int Result::rows() const { return PQntuples(r_.get()); }
bool Result::is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
std::string_view Result::text(int row, int col) const {
  return {PQgetvalue(r_.get(), row, col),
          static_cast<std::size_t>(PQgetlength(r_.get(), row, col))};
}
int64_t Result::int64(int row, int col) const {
  return std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10);
}
double Result::real(int row, int col) const {
  return std::strtod(PQgetvalue(r_.get(), row, col), nullptr);
}
std::optional<int64_t> Result::opt_int64(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  return int64(row, col);
}
std::optional<double> Result::opt_real(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  return real(row, col);
}
int64_t Result::affected() const { return std::strtoll(PQcmdTuples(r_.get()), nullptr, 10); }

namespace {

// The server's message on one line.
std::string one_line(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  for (char& c : m)
    if (c == '\n') c = ' ';
  return m;
}

}  // namespace

Connection::Connection(const std::string& conninfo) : c_(PQconnectdb(conninfo.c_str())) {
  if (!c_) throw DbError("PostgreSQL: out of memory connecting", 0);
  if (PQstatus(c_.get()) != CONNECTION_OK)
    throw DbError(
        shown(conninfo) + ": cannot connect to PostgreSQL: " + one_line(PQerrorMessage(c_.get())),
        0);
  // Messages of NOTICE level (CREATE ... IF NOT EXISTS) are not ours to print.
  PQsetNoticeProcessor(
      c_.get(), [](void*, const char*) {}, nullptr);
}

Connection::~Connection() = default;

void Connection::fail(pg_result* r, const std::string& context) {
  Result owned(r);
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = one_line(r ? PQresultErrorMessage(r) : PQerrorMessage(c_.get()));
  if (message.empty()) message = one_line(PQerrorMessage(c_.get()));
  message = "PostgreSQL: " + message + " (" + context + ")";
  // 40001 serialization failure, 40P01 deadlock, 55P03 lock not available.
  if (state && (!std::strcmp(state, "40001") || !std::strcmp(state, "40P01") ||
                !std::strcmp(state, "55P03")))
    throw BusyError(message, 0);
  throw DbError(message, 0);
}

void Connection::exec(const std::string& sql) {
  pg_result* r = PQexec(c_.get(), sql.c_str());
  const auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql.substr(0, 60));
  PQclear(r);
}

Result Connection::query(const std::string& sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  pg_result* r = PQexecParams(c_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0);
  const auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql.substr(0, 60));
  return Result(r);
}

void Connection::begin_copy(const std::string& sql) {
  pg_result* r = PQexec(c_.get(), sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) fail(r, sql.substr(0, 60));
  PQclear(r);
}

void Connection::put(std::string_view data) {
  if (PQputCopyData(c_.get(), data.data(), static_cast<int>(data.size())) != 1)
    fail(nullptr, "COPY");
}

void Connection::end_copy() {
  if (PQputCopyEnd(c_.get(), nullptr) != 1) fail(nullptr, "COPY");
  pg_result* r = PQgetResult(c_.get());
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    // Drain what remains, so that the connection is usable after a throw.
    while (pg_result* more = PQgetResult(c_.get())) PQclear(more);
    fail(r, "COPY");
  }
  PQclear(r);
  while (pg_result* more = PQgetResult(c_.get())) PQclear(more);
}

void Connection::abort_copy() noexcept {
  if (PQputCopyEnd(c_.get(), "abandoned") != 1) return;
  while (pg_result* more = PQgetResult(c_.get())) PQclear(more);
}

void copy_field(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

bool is_url(std::string_view a) {
  return a.starts_with("postgresql://") || a.starts_with("postgres://") ||
         ((a.find("host=") != std::string_view::npos ||
           a.find("dbname=") != std::string_view::npos) &&
          a.find('/') != 0 && a.find('=') < a.find('/'));
}

std::string shown(const std::string& address) {
  // postgresql://user:secret@host/db -> postgresql://user@host/db
  const auto scheme = address.find("://");
  if (scheme != std::string::npos) {
    const auto at = address.find('@', scheme + 3);
    const auto colon = address.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at)
      return address.substr(0, colon) + address.substr(at);
    return address;
  }
  // key=value form: drop password=...
  std::string out;
  std::size_t i = 0;
  while (i < address.size()) {
    std::size_t end = address.find(' ', i);
    if (end == std::string::npos) end = address.size();
    const std::string_view kv(address.data() + i, end - i);
    if (!kv.starts_with("password=")) {
      if (!out.empty()) out += ' ';
      out += kv;
    }
    i = end + 1;
  }
  return out;
}

}  // namespace alinea::tm::pg
