// A PostgreSQL server of the tests' own: initdb in a temporary directory,
// started on a Unix socket there (no TCP port, no system service), stopped
// and removed when the test program ends. One per test program: starting
// costs a second or two.
//
//   PgServer* pg = PgServer::shared();
//   if (!pg) { BOOST_TEST_MESSAGE("skipped: " << PgServer::why_not()); return; }
//   auto tm = Store::open(pg->fresh_database(), OpenMode::ReadWrite);
#pragma once

#include <string>

namespace alinea::tm::test {

class PgServer {
 public:
  // The server, started on first use; null when PostgreSQL's programs are
  // absent or it would not start (why_not() says which).
  static PgServer* shared();
  static const std::string& why_not();

  // A new, empty database on the server: its libpq URL.
  std::string fresh_database();
  // The same database's address as a libpq "key=value" string.
  std::string keyword_form(const std::string& url) const;
  const std::string& socket_dir() const { return dir_; }

  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

 private:
  PgServer() = default;
  bool start(std::string& error);
  std::string bin_;      // PostgreSQL's bin directory
  std::string dir_;      // data, socket and log; removed at the end
  std::string as_user_;  // "setpriv ... " when running as root
  bool running_ = false;
  int databases_ = 0;
};

}  // namespace alinea::tm::test
