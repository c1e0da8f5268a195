// Foreign, newer and corrupt files; read-only stores; concurrent writers.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include "fixtures.h"
#include "tm/error.h"
#include "tm/store/store.h"

using namespace alinea::tm;
using namespace alinea::tm::test;

namespace {

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

void sqlite_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  if (err) BOOST_TEST_MESSAGE(err);
  sqlite3_free(err);
  sqlite3_close(db);
  BOOST_REQUIRE(rc == SQLITE_OK);
}

std::string make_tm(const TempDir& dir, const std::string& name, int units = 3) {
  const auto path = dir.file(name);
  auto s = Store::open(path, OpenMode::ReadWrite);
  auto tx = s.begin();
  for (int i = 0; i < units; ++i)
    tx.add(unit("Frase " + std::to_string(i) + ".", "Sentence " + std::to_string(i) + "."));
  tx.commit();
  return path;
}

// Opening must fail with NotATmError in both modes and leave the bytes alone.
void expect_refused(const std::string& path, const std::string& fragment) {
  const auto before = read_bytes(path);
  for (auto mode : {OpenMode::ReadOnly, OpenMode::ReadWrite}) {
    try {
      auto s = Store::open(path, mode);
      // Some damage only shows when the data is read.
      s.stats();
      BOOST_ERROR("opened " << path);
    } catch (const NotATmError& e) {
      BOOST_TEST(std::string(e.what()).find(fragment) != std::string::npos, e.what());
    }
  }
  BOOST_TEST((read_bytes(path) == before), path << " was modified");
  BOOST_TEST(!std::filesystem::exists(path + "-wal"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(safety)

BOOST_AUTO_TEST_CASE(refuses_files_that_are_not_alinea_tms) {
  TempDir dir;
  const auto text = dir.file("notes.txt");
  write_file(text,
             std::string("La toma de terreno comenzó al amanecer.\n") + std::string(5000, 'x'));
  expect_refused(text, "not an Alinea TM");

  const auto foreign = dir.file("other.sqlite");
  sqlite_exec(foreign, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
  expect_refused(foreign, "not an Alinea TM");

  const auto other_app = dir.file("other-app.sqlite");
  sqlite_exec(other_app, "PRAGMA application_id = 1234; CREATE TABLE t(x);");
  expect_refused(other_app, "application_id");

  BOOST_CHECK_THROW(Store::open(dir.path.string(), OpenMode::ReadWrite), NotATmError);
}

BOOST_AUTO_TEST_CASE(a_version_1_tm_is_upgraded_when_first_opened_even_to_read) {
  TempDir dir;
  const auto path = make_tm(dir, "v1.tm");
  {
    auto s = Store::open(path, OpenMode::ReadWrite);
    auto u = unit("El poder popular.", "Popular power.");
    u.properties = {{"client", "Museo"}};
    u.note = "revisar";
    s.add_unit(u);
  }
  // Version 1 had no notes or props per language side (2), nor places,
  // sentences, pending pairs, revisions or the journal (3).
  std::string undo_3;
  for (const char* column : {"src_begin", "src_end", "tgt_begin", "tgt_end"})
    undo_3 += std::string("ALTER TABLE units DROP COLUMN ") + column +
              "; ALTER TABLE unit_origins DROP COLUMN " + column + "; ";
  sqlite_exec(path,
              undo_3 +
                  "ALTER TABLE units DROP COLUMN pending; ALTER TABLE units DROP COLUMN "
                  "revision; DROP TABLE sentences; DROP TABLE review_journal; DELETE FROM "
                  "meta WHERE key = 'revision'; "
                  "ALTER TABLE units DROP COLUMN src_note; ALTER TABLE units DROP COLUMN "
                  "tgt_note; ALTER TABLE unit_props DROP COLUMN side; PRAGMA user_version = 1;");
  {
    auto s = Store::open(path, OpenMode::ReadOnly);
    BOOST_TEST(s.unit_count() == 4);
    auto found = s.concordance({.text = "poder"});
    BOOST_TEST_REQUIRE(found.size() == 1u);
    auto u = s.get_unit(found[0].unit.id);
    BOOST_TEST_REQUIRE(u->properties.size() == 1u);
    BOOST_TEST(u->properties[0].value == "Museo");
    BOOST_TEST(u->note == "revisar");
    BOOST_TEST(u->source_annotations.empty());
    BOOST_TEST(u->target_annotations.empty());
  }
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  BOOST_REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
  BOOST_REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  BOOST_TEST(sqlite3_column_int(st, 0) == kSchemaVersion);
  sqlite3_finalize(st);
  sqlite3_close(db);
  // And it takes the new fields.
  auto s = Store::open(path, OpenMode::ReadWrite);
  auto u = unit("Los cordones.", "The industrial belts.");
  u.target_annotations = {"rough", {{"x-origin", "MT"}}};
  auto got = s.get_unit(s.add_unit(u).id);
  BOOST_TEST(got->target_annotations.note == "rough");
  BOOST_TEST_REQUIRE(got->target_annotations.properties.size() == 1u);
  BOOST_TEST(got->target_annotations.properties[0].value == "MT");
  BOOST_TEST(s.check().empty());
}

BOOST_AUTO_TEST_CASE(refuses_newer_and_damaged_tms) {
  TempDir dir;
  const auto newer = make_tm(dir, "newer.tm");
  sqlite_exec(newer, "PRAGMA journal_mode = DELETE; PRAGMA user_version = " +
                         std::to_string(kSchemaVersion + 1));
  expect_refused(newer, "newer");

  const auto header = make_tm(dir, "header.tm");
  sqlite_exec(header, "PRAGMA journal_mode = DELETE");
  {
    auto bytes = read_bytes(header);
    BOOST_REQUIRE(bytes.size() > 100);
    for (size_t i = 0; i < 16; ++i) bytes[i] = 'Z';  // "SQLite format 3" magic
    write_file(header, bytes);
  }
  expect_refused(header, "not an Alinea TM");

  const auto missing = make_tm(dir, "missing-table.tm");
  sqlite_exec(missing, "PRAGMA journal_mode = DELETE; DROP TABLE unit_origins;");
  expect_refused(missing, "missing");

  const auto truncated = make_tm(dir, "truncated.tm", 300);
  sqlite_exec(truncated, "PRAGMA journal_mode = DELETE");
  {
    auto bytes = read_bytes(truncated);
    BOOST_REQUIRE(bytes.size() > 8192);
    // Scribble over every page after the first: the schema page survives,
    // the tables do not.
    for (size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5);
    write_file(truncated, bytes);
  }
  expect_refused(truncated, "");
}

BOOST_AUTO_TEST_CASE(read_only_store_never_writes) {
  TempDir dir;
  const auto path = make_tm(dir, "ro.tm");
  sqlite_exec(path, "PRAGMA wal_checkpoint(TRUNCATE)");
  const auto before = read_bytes(path);
  {
    auto s = Store::open(path, OpenMode::ReadOnly);
    BOOST_TEST(s.unit_count() == 3);
    BOOST_TEST(s.concordance({.text = "frase"}).size() == 3u);
    BOOST_TEST(!s.fuzzy_match("Frase 1.").empty());
    BOOST_CHECK_THROW(s.add_unit(unit("a", "b")), Error);
    BOOST_CHECK_THROW(s.begin(), Error);
    BOOST_CHECK_THROW(s.set_status(1, UnitStatus::Reviewed), Error);
    BOOST_CHECK_THROW(s.delete_unit(1), Error);
    BOOST_CHECK_THROW(s.import_document({.name = "d"}, std::vector<TranslationUnit>{}), Error);
    BOOST_TEST(s.check().empty());
  }
  BOOST_TEST((read_bytes(path) == before));
}

BOOST_AUTO_TEST_CASE(two_processes_writing_at_once_both_succeed) {
  TempDir dir;
  const auto path = make_tm(dir, "shared.tm", 1);
  constexpr int kPerWriter = 200;
  pid_t child = fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    int rc = 0;
    try {
      auto s = Store::open(path, OpenMode::ReadWrite, "child");
      for (int i = 0; i < kPerWriter; ++i)
        s.add_unit(unit("Hijo " + std::to_string(i) + ".", "Child " + std::to_string(i) + "."));
    } catch (...) {
      rc = 1;
    }
    _exit(rc);
  }
  {
    auto s = Store::open(path, OpenMode::ReadWrite, "parent");
    for (int i = 0; i < kPerWriter; ++i) {
      auto tx = s.begin();
      tx.add(unit("Padre " + std::to_string(i) + ".", "Parent " + std::to_string(i) + "."));
      tx.commit();
    }
  }
  int status = 0;
  waitpid(child, &status, 0);
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == 0);
  auto s = Store::open(path, OpenMode::ReadOnly);
  BOOST_TEST(s.unit_count() == 1 + 2 * kPerWriter);
  BOOST_TEST(s.concordance({.text = "hijo", .limit = 1000}).size() == size_t{kPerWriter});
  BOOST_TEST(s.check().empty());
}

BOOST_AUTO_TEST_CASE(a_writer_blocked_too_long_fails_cleanly_with_busy_error) {
  TempDir dir;
  const auto path = make_tm(dir, "busy.tm", 1);
  auto a = Store::open(path, OpenMode::ReadWrite, "a");
  auto b = Store::open(path, OpenMode::ReadWrite, "b");
  b.set_busy_timeout(100);
  {
    auto tx = a.begin();
    tx.add(unit("Primero.", "First."));
    auto t0 = std::chrono::steady_clock::now();
    BOOST_CHECK_THROW(b.add_unit(unit("Segundo.", "Second.")), BusyError);
    BOOST_TEST((std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(90)));
    // Readers are not blocked by the writer (WAL).
    BOOST_TEST(b.unit_count() == 1);
    tx.commit();
  }
  b.add_unit(unit("Segundo.", "Second."));
  BOOST_TEST(a.unit_count() == 3);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bulk_load)

// How many segments the full-text index is in (FTS5 keeps one row of its
// %_idx table per segment and leading term).
int64_t fts_segments(const std::string& path) {
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  BOOST_REQUIRE(sqlite3_prepare_v2(db, "SELECT count(DISTINCT segid) FROM units_fts_idx", -1, &st,
                                   nullptr) == SQLITE_OK);
  BOOST_REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

BOOST_AUTO_TEST_CASE(a_load_that_is_most_of_the_tm_leaves_the_index_in_one_segment) {
  TempDir dir;
  const auto path = dir.file("bulk.tm");
  // 30,000 units of 24 words from a 6,000-word vocabulary: more index data
  // than FTS5 holds in memory (4 MB), so the load writes several segments.
  std::mt19937 random(7);
  auto sentence = [&](const char* stem) {
    std::string s;
    for (int w = 0; w < 24; ++w)
      s += std::string(w ? " " : "") + stem + std::to_string(random() % 6000);
    return s + ".";
  };
  {
    auto s = Store::open(path, OpenMode::ReadWrite);
    auto tx = s.begin();
    for (int i = 0; i < 30000; ++i) tx.add(unit(sentence("palabra"), sentence("word")));
    tx.add(unit("El cordón industrial de Cerrillos.", "The Cerrillos industrial belt."));
    tx.commit();
  }
  BOOST_TEST(fts_segments(path) == 1);
  sqlite_exec(path, "INSERT INTO units_fts(units_fts) VALUES ('integrity-check')");
  auto s = Store::open(path, OpenMode::ReadOnly);
  auto m = s.fuzzy_match("El cordón industrial de Cerrillos.");
  BOOST_REQUIRE(!m.empty());
  BOOST_TEST(m[0].percent == 100.0);
  BOOST_TEST(m[0].unit.target.text == "The Cerrillos industrial belt.");
}

BOOST_AUTO_TEST_CASE(a_small_load_into_a_large_tm_is_not_merged) {
  TempDir dir;
  const auto path = make_tm(dir, "small.tm", 3);
  const int64_t before = fts_segments(path);
  {
    auto s = Store::open(path, OpenMode::ReadWrite);
    auto tx = s.begin();
    tx.add(unit("Otra frase.", "Another sentence."));
    tx.commit();
  }
  // A unit added on its own writes a segment of its own; nothing merges it.
  BOOST_TEST(fts_segments(path) == before + 1);
}

BOOST_AUTO_TEST_SUITE_END()
