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

#include <libpq-fe.h>
#include <sqlite3.h>

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

// Runs SQL on the TM at `where` behind the store's back.
inline void run_sql(const std::string& backend, const std::string& where, const std::string& sql) {
  if (backend == "sqlite") {
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open(where.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    if (err) BOOST_TEST_MESSAGE(err);
    sqlite3_free(err);
    sqlite3_close(db);
    BOOST_REQUIRE(rc == SQLITE_OK);
    return;
  }
  PGconn* db = PQconnectdb(where.c_str());
  BOOST_REQUIRE(PQstatus(db) == CONNECTION_OK);
  PGresult* r = PQexec(db, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) BOOST_TEST_MESSAGE(PQerrorMessage(db));
  PQclear(r);
  PQfinish(db);
  BOOST_REQUIRE(ok);
}

// A PostgreSQL TM of schema 2 made from a current one: words indexes over
// the texts (as that schema made them) instead of stored words.
inline const std::string kPgSchema2Words = R"sql(
ALTER TABLE units DROP COLUMN src_words, DROP COLUMN tgt_words;
CREATE FUNCTION alinea_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(public.unaccent('public.unaccent'::regdictionary, t));
CREATE INDEX units_src_words ON units USING gin (to_tsvector('simple', alinea_fold(src_text)));
CREATE INDEX units_tgt_words ON units USING gin (to_tsvector('simple', alinea_fold(tgt_text)));
)sql";

}  // namespace alinea::tm::test
