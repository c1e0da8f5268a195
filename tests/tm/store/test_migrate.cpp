// migrate: a TM copied between backends answers as the original did; a TM
// to copy into that is not empty, a copy that fails part-way, and an older
// TM to copy from.

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <set>
#include <sstream>

#include "backends.h"
#include "fixtures.h"
#include "tm/error.h"
#include "tm/exchange/tmx_writer.h"
#include "tm/store/migrate.h"

using namespace alinea::tm;
using namespace alinea::tm::test;

namespace {

TranslationUnit placed(std::string a, std::string b, Place place, double confidence = 0.9) {
  auto u = unit(std::move(a), std::move(b), "es", "en");
  u.place = place;
  u.confidence = confidence;
  u.pending = u.omission();
  return u;
}

// A TM with what a team's TM holds: an aligned document with sentences,
// omissions and a person's merge, accept and edit (journaled, revisions
// taken); imported units, one a duplicate merged as an extra origin; units
// with props, notes and markup; a rejected one; a deleted one (a gap in
// the ids); one added by hand.
void fill(Store& s) {
  DocumentRecord record{"toma", "es.txt", "en.txt", "a1", "b2", "es", "en", "{\"k\":1}"};
  record.source_sentences = {{"Uno.", 0}, {"Dos.", 0}, {"Tres.", 1}, {"Cuatro.", 1}};
  record.target_sentences = {{"One.", 0}, {"Two.", 0}, {"Three, more or less.", 1}};
  s.store_alignment(
      record,
      {placed("Uno.", "One.", {{0, 1}, {0, 1}}, 0.875), placed("Dos.", "Two.", {{1, 2}, {1, 2}}),
       placed("Tres.", "", {{2, 3}, {2, 2}}), placed("", "Three, more or less.", {{3, 3}, {2, 3}}),
       placed("Cuatro.", "", {{3, 4}, {3, 3}})});
  auto pairs = s.document_alignment("toma").pairs;
  BOOST_REQUIRE(pairs.size() == 5u);
  s.replace_pairs("toma", {pairs[2].ref(), pairs[3].ref()},
                  {placed("Tres.", "Three, more or less.", {{2, 3}, {2, 3}})}, "merge");
  pairs = s.document_alignment("toma").pairs;
  s.change_pair("toma", pairs[0].ref(), {.status = UnitStatus::Reviewed}, "accept");
  pairs = s.document_alignment("toma").pairs;
  s.change_pair("toma", pairs[1].ref(), {.target_text = std::string("Two!")}, "edit");

  auto tx = s.begin();
  int64_t t = 1600000000;
  for (auto u : sample_units()) {
    u.created_at = t++;
    tx.add(u);
  }
  auto dup = sample_units().front();
  dup.document = "otra";
  tx.add(dup);  // an exact duplicate: an extra origin
  auto rich = unit("La toma <b>de</b> 1970 fue a\tlas\n3.", "The takeover of 1970 was at 3.");
  rich.source.markup = "La toma <bpt i=\"1\">&lt;b&gt;</bpt>de<ept i=\"1\">&lt;/b&gt;</ept>";
  rich.note = "revisar fecha";
  rich.properties = {{"x-client", "archivo"}, {"x-origin", "tmx"}};
  rich.source_annotations = {"dicho en la asamblea", {{"x-origin", "acta"}}};
  rich.target_annotations = {"", {{"x-quality", "rough"}}};
  rich.confidence = 0.1 + 0.2;  // not a short decimal: must cross exactly
  tx.add(rich);
  const auto gone = tx.add(unit("Se borra.", "Deleted.")).id;
  const auto no = tx.add(unit("Esto no es así.", "This is wrong.")).id;
  tx.commit();
  s.delete_unit(gone);
  s.set_status(no, UnitStatus::Rejected);
  s.add_unit(unit("El poder popular.", "Popular power."));
}

std::string place_text(const std::optional<Place>& p) {
  if (!p) return "-";
  return std::to_string(p->source.begin) + ":" + std::to_string(p->source.end) + "/" +
         std::to_string(p->target.begin) + ":" + std::to_string(p->target.end);
}

// Every field of a unit, as text.
std::string describe(const TranslationUnit& u) {
  std::ostringstream o;
  o.precision(17);
  o << u.id << '|' << u.source.lang << '|' << u.source.text << '|' << u.source.markup << '|'
    << u.target.lang << '|' << u.target.text << '|' << u.target.markup << '|'
    << u.document.value_or("-") << '|' << u.position.value_or(-1) << '|' << u.context_prev << '|'
    << u.context_next << '|' << (u.confidence ? *u.confidence : -1.0) << '|'
    << static_cast<int>(u.status) << '|' << u.created_at << u.created_by << '|' << u.changed_at
    << u.changed_by << '|' << u.note << '|' << u.source_annotations.note << '|'
    << u.target_annotations.note << '|' << place_text(u.place) << '|' << u.pending << '|'
    << u.revision << '|';
  for (const auto* props :
       {&u.properties, &u.source_annotations.properties, &u.target_annotations.properties})
    for (const auto& p : *props) o << p.type << '=' << p.value << ';';
  for (const auto& origin : u.origins)
    o << "origin " << origin.document.value_or("-") << ' ' << origin.position.value_or(-1) << ' '
      << place_text(origin.place) << ' ' << origin.added_at << origin.added_by << ';';
  return o.str();
}

// What the commands read from a TM: export bytes, units, documents with
// their alignments and last change, stats, and the matches of some
// searches (ids and percentages). `ranked`: concordance hits in order with
// their scores (the same backend), else as sets (scores differ between
// SQLite's BM25 and PostgreSQL's ranking).
std::string answers(const Store& s, bool ranked) {
  std::ostringstream o;
  {
    TmxWriter w(o, {});
    s.for_each_unit({.include_pending = true}, [&](const TranslationUnit& u) { w.write(u); });
    w.finish();
  }
  s.for_each_unit({.include_pending = true},
                  [&](const TranslationUnit& u) { o << describe(u) << '\n'; });
  for (const auto& d : s.documents()) {
    o << d.id << d.name << d.src_file << d.tgt_file << d.src_sha256 << d.tgt_sha256 << d.src_lang
      << d.tgt_lang << d.options << d.imported_at << d.imported_by << ' ' << d.units << ' '
      << d.pending << ' ' << d.omissions << ' ' << d.reviewed << ' ' << d.rejected << '\n';
    const auto a = s.document_alignment(d.name);
    for (const auto& sentence : a.source_sentences) o << sentence.text << sentence.paragraph;
    for (const auto& sentence : a.target_sentences) o << sentence.text << sentence.paragraph;
    for (const auto& p : a.pairs) o << "\npair " << p.origin_id << ' ' << describe(p.unit);
    for (const auto& p : a.unplaced) o << "\nunplaced " << describe(p.unit);
    if (auto last = s.last_change(d.name))
      o << "\nlast " << last->id << last->action << last->at << last->by;
    o << '\n';
  }
  const auto st = s.stats();
  o << st.units << ' ' << st.documents << ' ' << st.aligned << ' ' << st.reviewed << ' '
    << st.rejected << ' ' << st.duplicates_merged << ' ' << st.manual << ' ' << st.pending << ' '
    << st.omissions << ' ' << st.first_change << ' ' << st.last_change << '\n';
  for (const auto& [lang, n] : st.languages) o << lang << n << ' ';
  for (const char* q : {"toma", "TOMA", "poder*", "\"popular power\"", "asi"}) {
    const auto hits = s.concordance({.text = q});
    o << '\n' << q << ':';
    if (ranked)
      for (const auto& h : hits) o << ' ' << h.unit.id << '@' << h.score;
    else {
      std::set<int64_t> ids;
      for (const auto& h : hits) ids.insert(h.unit.id);
      for (auto id : ids) o << ' ' << id;
    }
  }
  for (const char* q : {"La toma empezó de día.", "El poder popular!", "Dos."}) {
    o << '\n' << q << ':';
    for (const auto& m : s.fuzzy_match(q, {})) o << ' ' << m.unit.id << '=' << m.percent;
  }
  return o.str();
}

PgServer* postgresql() {
  PgServer* pg = PgServer::shared();
  if (!pg) BOOST_TEST_MESSAGE("PostgreSQL half skipped: " << PgServer::why_not());
  return pg;
}

// A database that never held a TM: opening it to read says so.
bool holds_no_tm(const std::string& url) {
  try {
    Store::open(url, OpenMode::ReadOnly);
  } catch (const NotFoundError&) {
    return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(migrate_tm)

BOOST_AUTO_TEST_CASE(sqlite_to_postgresql_and_back_answers_the_same) {
  TempDir dir;
  const std::string a = dir.file("a.tm");
  std::string before;
  {
    auto s = Store::open(a, OpenMode::ReadWrite, "ana");
    fill(s);
    before = answers(s, true);
  }
  // SQLite to SQLite needs no server.
  const auto lite = migrate(a, dir.file("copy.tm"));
  BOOST_TEST(lite.tables.size() == 7u);
  BOOST_TEST(answers(Store::open(dir.file("copy.tm"), OpenMode::ReadOnly), true) == before);

  PgServer* pg = postgresql();
  if (!pg) return;
  const std::string url = pg->fresh_database();
  const auto there = migrate(a, url);
  BOOST_TEST(there.units_sha256 == lite.units_sha256);
  BOOST_TEST(there.rows == lite.rows);
  BOOST_TEST(there.revision > 0);
  const std::string b = dir.file("b.tm");
  const auto back = migrate(url, b);
  BOOST_TEST(back.units_sha256 == there.units_sha256);
  BOOST_TEST(back.revision == there.revision);
  for (std::size_t i = 0; i < back.tables.size(); ++i)
    BOOST_TEST(back.tables[i].rows == there.tables[i].rows, back.tables[i].name);

  BOOST_TEST(answers(Store::open(b, OpenMode::ReadOnly), true) == before);
  BOOST_TEST(answers(Store::open(url, OpenMode::ReadOnly), false) ==
             answers(Store::open(a, OpenMode::ReadOnly), false));

  // The copies carry on as the original would: the next unit's id, the next
  // revision, undo of the last journaled change, duplicates found.
  auto next = [](const std::string& where) {
    auto s = Store::open(where, OpenMode::ReadWrite, "ana");
    const auto undone = s.undo_last("toma");
    auto pairs = s.document_alignment("toma").pairs;
    const auto changed = s.change_pair("toma", pairs[0].ref(), {.note = "visto"}, "edit");
    const auto added = s.add_unit(unit("Una frase nueva.", "A new sentence."));
    const auto again = s.add_unit(sample_units().front());
    return std::to_string(undone.id) + undone.action + " " + std::to_string(changed.revision) +
           " " + std::to_string(added.id) + " " + std::to_string(again.merged);
  };
  const auto on_a = next(a);
  BOOST_TEST(next(url) == on_a);
  BOOST_TEST(next(b) == on_a);
}

BOOST_DATA_TEST_CASE(a_tm_that_is_not_empty_is_refused_and_left_as_it_was, kBackends, backend) {
  TempDir dir;
  const std::string from = dir.file("from.tm");
  {
    auto s = Store::open(from, OpenMode::ReadWrite);
    fill(s);
  }
  auto to = tm_address(backend, dir);
  if (!to) return;
  std::string before;
  {
    auto s = Store::open(*to, OpenMode::ReadWrite);
    s.add_unit(unit("Ya estaba.", "Already there."));
    before = answers(s, true);
  }
  try {
    migrate(from, *to);
    BOOST_ERROR("copied into a TM that was not empty");
  } catch (const NotEmptyError& e) {
    BOOST_TEST(std::string(e.what()).find("not empty (1 units, 0 documents)") != std::string::npos,
               e.what());
  }
  BOOST_TEST(answers(Store::open(*to, OpenMode::ReadOnly), true) == before);
}

BOOST_DATA_TEST_CASE(a_copy_that_fails_part_way_leaves_the_tm_as_it_was, kBackends, backend) {
  TempDir dir;
  const std::string from = dir.file("from.tm");
  {
    auto s = Store::open(from, OpenMode::ReadWrite);
    fill(s);
  }
  auto to = tm_address(backend, dir);
  if (!to) return;
  MigrateOptions fail_after_origins;
  fail_after_origins.after_table = [](std::string_view table) {
    if (table == "unit_origins") throw Error("injected failure");
  };
  BOOST_CHECK_THROW(migrate(from, *to, fail_after_origins), Error);
  if (backend == "sqlite") {
    BOOST_TEST(!std::filesystem::exists(*to), "the new file is removed");
    // An existing empty TM stays as it was: empty.
    Store::open(*to, OpenMode::ReadWrite).add_unit(unit("Uno.", "One."));
    Store::open(*to, OpenMode::ReadWrite).delete_unit(1);
    BOOST_CHECK_THROW(migrate(from, *to, fail_after_origins), Error);
    auto s = Store::open(*to, OpenMode::ReadOnly);
    BOOST_TEST(s.stats().units == 0);
    BOOST_TEST(s.documents().empty());
    BOOST_TEST(s.check().empty());
  } else {
    BOOST_TEST(holds_no_tm(*to), "the empty database stays empty");
  }
  // And the same TM takes the copy once nothing gets in the way.
  const auto r = migrate(from, *to);
  BOOST_TEST(answers(Store::open(*to, OpenMode::ReadOnly), backend == "sqlite") ==
             answers(Store::open(from, OpenMode::ReadOnly), backend == "sqlite"));
  BOOST_TEST(r.rows > 0);
}

BOOST_AUTO_TEST_CASE(a_unit_postgresql_cannot_hold_rolls_the_copy_back) {
  PgServer* pg = postgresql();
  if (!pg) return;
  TempDir dir;
  const std::string from = dir.file("from.tm");
  {
    auto s = Store::open(from, OpenMode::ReadWrite);
    fill(s);
  }
  // Bytes that are not UTF-8, written behind the store's back: SQLite keeps
  // them, PostgreSQL's text refuses them.
  run_sql("sqlite", from,
          "UPDATE units SET note = CAST(x'4efe6f' AS TEXT) WHERE id = (SELECT max(id) FROM units)");
  const std::string url = pg->fresh_database();
  try {
    migrate(from, url);
    BOOST_ERROR("copied a unit PostgreSQL cannot hold");
  } catch (const Error& e) {
    BOOST_TEST(std::string(e.what()).find("UTF8") != std::string::npos, e.what());
  }
  BOOST_TEST(holds_no_tm(url));
}

BOOST_AUTO_TEST_CASE(a_column_migrate_does_not_know_is_refused_by_name) {
  TempDir dir;
  const std::string from = dir.file("from.tm");
  {
    auto s = Store::open(from, OpenMode::ReadWrite);
    fill(s);
  }
  run_sql("sqlite", from, "ALTER TABLE unit_origins ADD COLUMN page INTEGER");
  try {
    migrate(from, dir.file("to.tm"));
    BOOST_ERROR("dropped a column");
  } catch (const Error& e) {
    BOOST_TEST(std::string(e.what()).find("unit_origins.page") != std::string::npos, e.what());
  }
  BOOST_TEST(!std::filesystem::exists(dir.file("to.tm")));
}

BOOST_DATA_TEST_CASE(a_tm_of_an_older_schema_is_upgraded_then_copied, kBackends, backend) {
  TempDir dir;
  const std::string from = dir.file("v2.tm");
  {
    auto s = Store::open(from, OpenMode::ReadWrite);
    auto tx = s.begin();
    for (const auto& u : sample_units()) tx.add(u);
    tx.commit();
  }
  // Schema 2: no places, sentences, pending pairs, revisions or journal.
  std::string undo_3;
  for (const char* column : {"src_begin", "src_end", "tgt_begin", "tgt_end"})
    undo_3 += std::string("ALTER TABLE units DROP COLUMN ") + column +
              "; ALTER TABLE unit_origins DROP COLUMN " + column + "; ";
  run_sql("sqlite", from,
          undo_3 +
              "ALTER TABLE units DROP COLUMN pending; ALTER TABLE units DROP COLUMN "
              "revision; DROP TABLE sentences; DROP TABLE review_journal; DELETE FROM "
              "meta WHERE key = 'revision'; PRAGMA user_version = 2;");
  auto to = tm_address(backend, dir);
  if (!to) return;
  const auto r = migrate(from, *to);
  BOOST_TEST(r.revision == 0);
  auto copy = Store::open(*to, OpenMode::ReadOnly);
  BOOST_TEST(copy.unit_count() == static_cast<int64_t>(sample_units().size()));
  BOOST_TEST(copy.stats().schema_version > 0);
  BOOST_TEST(answers(copy, backend == "sqlite") ==
             answers(Store::open(from, OpenMode::ReadOnly), backend == "sqlite"));
}

BOOST_AUTO_TEST_SUITE_END()
