// The store tests' parameter: each backend a Store can run on. A test that
// takes a backend opens its TMs with open_tm(); on a machine without
// PostgreSQL the PostgreSQL half says so and is skipped.
//
//   BOOST_DATA_TEST_CASE(round_trip, kBackends, backend) {
//     auto tm = open_tm(backend);
//     if (!tm) return;  // skipped, with a message
//     ...
//   }
#pragma once

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>

#include "fixtures.h"
#include "pg_server.h"
#include "tm/store/store.h"

namespace alinea::tm::test {

// Strings, not character pointers: a test compares its backend with a literal,
// and two equal literals are one pointer only where the compiler merges them
// (not under AddressSanitizer).
inline const auto kBackends =
    boost::unit_test::data::make({std::string("sqlite"), std::string("postgresql")});

// The tests' PostgreSQL server, or null after saying why the test is
// skipped (a message, never silently).
inline PgServer* pg_or_skip() {
  PgServer* pg = PgServer::shared();
  if (!pg) BOOST_TEST_MESSAGE("skipped on PostgreSQL: " << PgServer::why_not());
  return pg;
}

// A new, empty TM's address on the backend: a file in `dir` for SQLite, a
// fresh database for PostgreSQL; nothing (and a message) when PostgreSQL
// is not there.
inline std::optional<std::string> tm_address(const std::string& backend, const TempDir& dir) {
  if (backend == "sqlite") return dir.file("tm.sqlite");
  PgServer* pg = pg_or_skip();
  if (!pg) return std::nullopt;
  return pg->fresh_database();
}

}  // namespace alinea::tm::test
