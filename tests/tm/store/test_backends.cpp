// The same store tests on each backend (backends.h), and the answers of
// SQLite and PostgreSQL compared on the same units.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <set>
#include <thread>

#include "backends.h"
#include "tm/error.h"

using namespace alinea::tm;
using namespace alinea::tm::test;
namespace data = boost::unit_test::data;

namespace {

void add_sample(Store& s) {
  auto tx = s.begin();
  int64_t t = 1600000000;
  for (auto u : sample_units()) {
    u.created_at = t++;
    tx.add(u);
  }
  tx.commit();
}

std::string cut(const std::string& text, ByteRange r) {
  return text.substr(r.begin, r.end - r.begin);
}

std::set<int64_t> ids(const std::vector<ConcordanceHit>& hits) {
  std::set<int64_t> out;
  for (const auto& h : hits) out.insert(h.unit.id);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(backends)

BOOST_DATA_TEST_CASE(a_unit_comes_back_with_every_field, kBackends, backend) {
  TempDir dir;
  auto where = tm_address(backend, dir);
  if (!where) return;
  auto s = Store::open(*where, OpenMode::ReadWrite, "ana");
  TranslationUnit u = unit("La toma\tde \"terreno\"\\ \n1970.", "The land takeover.");
  u.source.markup = "La toma <bpt i=\"1\">&lt;b&gt;</bpt>de";
  u.document = "toma";
  u.position = 7;
  u.context_prev = "Antes.";
  u.confidence = 0.875;
  u.status = UnitStatus::Reviewed;
  u.note = "revisar fecha";
  u.properties = {{"x-origin", "tmx"}, {"x-client", "archivo"}};
  u.source_annotations = {"dicho en la asamblea", {{"x-origin", "acta"}}};
  u.target_annotations = {"", {{"x-quality", "rough"}}};
  u.created_at = 1000;
  u.created_by = "pedro";
  u.place = Place{{2, 3}, {4, 6}};
  const auto r = s.add_unit(u);
  BOOST_TEST(!r.merged);
  auto got = s.get_unit(r.id);
  BOOST_REQUIRE(got);
  BOOST_TEST(got->source.text == u.source.text);
  BOOST_TEST(got->source.markup == u.source.markup);
  BOOST_TEST(got->target.markup.empty());
  BOOST_TEST(*got->document == "toma");
  BOOST_TEST(*got->position == 7);
  BOOST_TEST(got->context_prev == "Antes.");
  BOOST_TEST(*got->confidence == 0.875);
  BOOST_TEST((got->status == UnitStatus::Reviewed));
  BOOST_TEST(got->note == "revisar fecha");
  BOOST_TEST_REQUIRE(got->properties.size() == 2u);
  BOOST_TEST(got->properties[1].value == "archivo");
  BOOST_TEST(got->source_annotations.note == "dicho en la asamblea");
  BOOST_TEST_REQUIRE(got->source_annotations.properties.size() == 1u);
  BOOST_TEST_REQUIRE(got->target_annotations.properties.size() == 1u);
  BOOST_TEST(got->created_by == "pedro");
  BOOST_TEST(got->changed_at == 1000);
  BOOST_REQUIRE(got->place);
  BOOST_TEST(got->place->target.end == 6u);
  BOOST_TEST(s.unit_count() == 1);
  BOOST_TEST(!s.get_unit(r.id + 100));
  // The same unit again (other spacing) is merged, with an origin.
  TranslationUnit again = unit("La toma\tde  \"terreno\"\\ \n1970. ", "The land takeover.");
  again.document = "otra";
  const auto m = s.add_unit(again);
  BOOST_TEST(m.merged);
  BOOST_TEST(m.id == r.id);
  BOOST_TEST(m.origin_id > 0);
  BOOST_TEST(s.get_unit(r.id)->origins.size() == 1u);
  BOOST_TEST(s.unit_count() == 1);
}

BOOST_DATA_TEST_CASE(transactions_roll_back_unless_committed, kBackends, backend) {
  TempDir dir;
  auto where = tm_address(backend, dir);
  if (!where) return;
  auto s = Store::open(*where, OpenMode::ReadWrite);
  {
    auto tx = s.begin();
    tx.add(unit("Uno.", "One."));
  }
  BOOST_TEST(s.unit_count() == 0);
  {
    auto tx = s.begin();
    auto n = tx.add_all([](const Store::Transaction::UnitSink& sink) {
      for (int i = 0; i < 600; ++i) sink(unit("Frase " + std::to_string(i) + ".", "Sentence."));
      sink(unit("Frase 0.", "Sentence."));  // a duplicate
    });
    BOOST_TEST(n.inserted == 600);
    BOOST_TEST(n.merged == 1);
    tx.commit();
  }
  BOOST_TEST(s.unit_count() == 600);
  // Duplicates within one batch and across batches, in another document or
  // not: the same outcome as adding them one by one.
  {
    auto tx = s.begin();
    auto n = tx.add_all([](const Store::Transaction::UnitSink& sink) {
      TranslationUnit a = unit("Doble.", "Double.");
      a.document = "x";
      sink(TranslationUnit(a));
      TranslationUnit b = a;
      b.document = "y";
      sink(std::move(b));
      sink(TranslationUnit(a));  // the same document and place: nothing new
      TranslationUnit c = unit("Frase 1.", "Sentence.");
      c.document = "z";
      sink(std::move(c));
    });
    BOOST_TEST(n.inserted == 1);
    BOOST_TEST(n.merged == 3);
    tx.commit();
  }
  BOOST_TEST(s.unit_count() == 601);
  BOOST_TEST(s.stats().duplicates_merged == 2);
  BOOST_TEST(s.documents().size() == 3u);
  // Invalid UTF-8 stops the import and leaves the TM as it was.
  {
    auto tx = s.begin();
    BOOST_CHECK_THROW(tx.add_all([](const Store::Transaction::UnitSink& sink) {
      sink(unit("Bien.", "Fine."));
      sink(unit("Mal \xff.", "Bad."));
    }),
                      Error);
  }
  BOOST_TEST(s.unit_count() == 601);
}

BOOST_DATA_TEST_CASE(filters_documents_stats_edits, kBackends, backend) {
  TempDir dir;
  auto where = tm_address(backend, dir);
  if (!where) return;
  auto s = Store::open(*where, OpenMode::ReadWrite, "ana");
  add_sample(s);
  const auto units = all_units(s);
  BOOST_TEST(units.size() == sample_units().size());
  for (size_t i = 1; i < units.size(); ++i) BOOST_TEST(units[i].id > units[i - 1].id);
  const auto docs = s.documents();
  BOOST_REQUIRE(!docs.empty());
  int64_t in_docs = 0;
  for (const auto& d : docs) in_docs += d.units;
  BOOST_TEST(in_docs == static_cast<int64_t>(units.size()));
  BOOST_TEST(all_units(s, {.document = docs[0].name}).size() == static_cast<size_t>(docs[0].units));
  BOOST_TEST(s.document(docs[0].name)->units == docs[0].units);
  BOOST_TEST(!s.document("no such"));

  const int64_t id = units[0].id;
  s.edit_unit(id, {.target_text = "Edited.", .note = "checked"});
  s.set_status(units[1].id, UnitStatus::Reviewed);
  s.delete_unit(units[2].id);
  BOOST_CHECK_THROW(s.delete_unit(units[2].id), NotFoundError);
  BOOST_CHECK_THROW(s.set_status(999999, UnitStatus::Rejected), NotFoundError);
  auto edited = s.get_unit(id);
  BOOST_TEST(edited->target.text == "Edited.");
  BOOST_TEST(edited->note == "checked");
  BOOST_TEST(edited->changed_by == "ana");
  BOOST_TEST(edited->revision > 0);
  BOOST_TEST(all_units(s, {.status = UnitStatus::Reviewed}).size() == 1u);
  const auto st = s.stats();
  BOOST_TEST(st.units == static_cast<int64_t>(units.size()) - 1);
  BOOST_TEST(st.reviewed == 1);
  BOOST_TEST(st.documents == static_cast<int64_t>(docs.size()));
  BOOST_TEST(st.file_bytes > 0);
  BOOST_REQUIRE(!st.languages.empty());
  BOOST_TEST(st.languages[0].second == st.units);
  BOOST_TEST(s.check().empty());
}

BOOST_DATA_TEST_CASE(deleting_a_document_keeps_units_another_one_holds, kBackends, backend) {
  TempDir dir;
  auto where = tm_address(backend, dir);
  if (!where) return;
  auto s = Store::open(*where, OpenMode::ReadWrite);
  auto placed = [](std::string src, std::string doc, uint32_t at) {
    TranslationUnit u = unit(std::move(src), "Text.");
    u.document = std::move(doc);
    u.position = at;
    u.place = Place{{at, at + 1}, {at, at + 1}};
    return u;
  };
  const int64_t only_x = s.add_unit(placed("Solo en x.", "x", 0)).id;
  const int64_t shared = s.add_unit(placed("En los dos.", "x", 1)).id;
  BOOST_TEST(s.add_unit(placed("En los dos.", "y", 0)).merged);
  s.add_unit(placed("Solo en y.", "y", 1));
  const auto y = s.document_alignment("y");
  BOOST_TEST(y.pairs.size() == 2u);
  BOOST_TEST(y.pairs[0].unit.id == shared);
  BOOST_TEST(y.pairs[0].origin_id > 0);
  BOOST_TEST(!s.last_change("y"));
  BOOST_CHECK_THROW(s.document_alignment("z"), NotFoundError);

  s.delete_document("x");
  BOOST_TEST(!s.get_unit(only_x));
  const auto kept = s.get_unit(shared);
  BOOST_REQUIRE(kept);
  BOOST_TEST(*kept->document == "y");  // its other origin became its own placement
  BOOST_TEST(kept->origins.empty());
  BOOST_TEST(s.unit_count() == 2);
  BOOST_TEST(s.documents().size() == 1u);
  BOOST_TEST(s.document_alignment("y").pairs.size() == 2u);
  BOOST_CHECK_THROW(s.delete_document("x"), NotFoundError);
}

BOOST_DATA_TEST_CASE(a_new_alignment_replaces_machine_pairs_and_keeps_decisions, kBackends,
                     backend) {
  TempDir dir;
  auto where = tm_address(backend, dir);
  if (!where) return;
  auto s = Store::open(*where, OpenMode::ReadWrite, "ana");
  DocumentRecord doc{"toma-1970", "toma.es.txt", "toma.en.txt", "aaa",
                     "bbb",       "es-CL",       "en",          "{\"model\":\"x\"}"};
  doc.source_sentences = {{"Uno.", 0}, {"Dos.", 0}, {"Tres.", 1}, {"Cuatro.", 1}};
  doc.target_sentences = {{"One.", 0}, {"Two.", 0}, {"Three.", 1}, {"Four.", 1}};
  auto placed = [](std::string src, std::string tgt, uint32_t at) {
    TranslationUnit u = unit(std::move(src), std::move(tgt));
    u.place = Place{{at, at + 1}, {at, at + 1}};
    return u;
  };
  std::vector<TranslationUnit> v1 = {placed("Uno.", "One.", 0), placed("Dos.", "Two.", 1),
                                     placed("Tres.", "Three.", 2), placed("Cuatro.", "Four.", 3)};
  std::size_t last_done = 0;
  auto r1 = s.import_document(doc, v1, [&](std::size_t done, std::size_t) { last_done = done; });
  BOOST_TEST(last_done == 4u);
  BOOST_TEST((r1.outcome == DocumentImportResult::Outcome::Added));
  BOOST_TEST(r1.inserted == 4);
  BOOST_TEST(s.documents().at(0).options == "{\"model\":\"x\"}");
  const auto first = all_units(s);
  BOOST_TEST(*first[2].position == 2);
  BOOST_TEST(s.document_alignment("toma-1970").source_sentences.size() == 4u);
  // Same digests: nothing changes.
  BOOST_TEST((s.import_document(doc, v1).outcome == DocumentImportResult::Outcome::Unchanged));
  // A person fixes one pair and rejects another.
  s.edit_unit(first[1].id, {.target_text = "Two (fixed).", .status = UnitStatus::Reviewed});
  s.set_status(first[3].id, UnitStatus::Rejected);
  const PairRef fixed{first[1].id, 0, s.get_unit(first[1].id)->revision};
  // The document changed: the fixed pair is kept at a new place, the
  // rejected one is not placed again, machine pairs are replaced.
  doc.src_sha256 = "ccc";
  doc.source_sentences = {{"Dos.", 0}, {"Tres y media.", 0}};
  doc.target_sentences = {{"Two.", 0}, {"Three and a half.", 0}};
  std::vector<AlignedPair> v2 = {KeptPair{fixed, {{0, 1}, {0, 1}}},
                                 placed("Tres y media.", "Three and a half.", 1)};
  auto r2 = s.store_alignment(doc, v2);
  BOOST_TEST((r2.outcome == DocumentImportResult::Outcome::Replaced));
  BOOST_TEST(r2.kept_decisions == 1);
  BOOST_TEST(r2.removed == 2);
  BOOST_TEST((r2.unplaced == std::vector<int64_t>{first[3].id}));
  BOOST_TEST(r2.inserted == 1);
  const auto now = s.document_alignment("toma-1970");
  BOOST_REQUIRE_EQUAL(now.pairs.size(), 2u);
  BOOST_TEST(now.pairs[0].unit.target.text == "Two (fixed).");
  BOOST_TEST(now.pairs[1].unit.source.text == "Tres y media.");
  BOOST_REQUIRE_EQUAL(now.unplaced.size(), 1u);
  BOOST_TEST(now.source_sentences.size() == 2u);
  BOOST_TEST(s.unit_count() == 3);
  // A kept pair that changed since is refused, and nothing is written.
  s.set_status(first[1].id, UnitStatus::Rejected);
  doc.src_sha256 = "ddd";
  BOOST_CHECK_THROW(s.store_alignment(doc, {KeptPair{fixed, {{0, 1}, {0, 1}}}}), ConflictError);
  BOOST_TEST(s.document("toma-1970")->src_sha256 == "ccc");
  BOOST_TEST(s.unit_count() == 3);
}

BOOST_DATA_TEST_CASE(a_pair_is_located_by_its_sentences_in_the_file, kBackends, backend) {
  TempDir dir;
  auto where = tm_address(backend, dir);
  if (!where) return;
  auto s = Store::open(*where, OpenMode::ReadWrite, "ana");
  DocumentRecord doc{"rosa", "rosa.docx", "rosa.pdf", "aaa", "bbb", "es", "en", ""};
  // Spanish from a .docx (no pages), English from a .pdf (pages).
  doc.source_sentences = {{"Uno.", 0, Location{1, 0, 4, 0}},
                          {"Dos.", 0, Location{1, 5, 9, 0}},
                          {"Tres.", 1, Location{2, 0, 5, 0}}};
  doc.target_sentences = {{"One.", 0, Location{1, 0, 4, 3}},
                          {"Two.", 0, Location{1, 5, 9, 3}},
                          {"Three.", 1, Location{2, 0, 6, 4}}};
  auto placed = [](std::string src, std::string tgt, Place place) {
    TranslationUnit u = unit(std::move(src), std::move(tgt));
    u.place = place;
    return u;
  };
  s.import_document(doc, {placed("Uno. Dos.", "One. Two.", {{0, 2}, {0, 2}}),
                          placed("Tres.", "Three.", {{2, 3}, {2, 3}})});
  const auto stored = s.document_alignment("rosa");
  BOOST_TEST((stored.source_sentences == doc.source_sentences));
  BOOST_TEST((stored.target_sentences == doc.target_sentences));
  BOOST_REQUIRE_EQUAL(stored.pairs.size(), 2u);
  // Two sentences of one paragraph: from the first's start to the second's end.
  BOOST_TEST((stored.pairs[0].unit.source_location == Location{1, 0, 9, 0}));
  BOOST_TEST((stored.pairs[0].unit.target_location == Location{1, 0, 9, 3}));
  BOOST_TEST((stored.pairs[1].unit.target_location == Location{2, 0, 6, 4}));
  const auto one = s.get_unit(stored.pairs[1].unit.id);
  BOOST_TEST((one->source_location == Location{2, 0, 5, 0}));
  BOOST_TEST((one->target_location == Location{2, 0, 6, 4}));

  // A stream of units (what an export reads) has them too.
  std::vector<std::optional<Location>> streamed;
  s.for_each_unit({.include_pending = true},
                  [&](const TranslationUnit& u) { streamed.push_back(u.target_location); });
  BOOST_TEST((streamed ==
              std::vector<std::optional<Location>>{Location{1, 0, 9, 3}, Location{2, 0, 6, 4}}));

  // The workbench merges the two pairs: the new pair is located at once,
  // ending where its first paragraph's part ends.
  const auto merged =
      s.replace_pairs("rosa", {stored.pairs[0].ref(), stored.pairs[1].ref()},
                      {placed("Uno. Dos. Tres.", "One. Two. Three.", {{0, 3}, {0, 3}})}, "merge");
  const auto after = s.get_unit(merged.at(0).unit_id);
  BOOST_TEST((after->source_location == Location{1, 0, 9, 0}));
  BOOST_TEST((after->target_location == Location{1, 0, 9, 3}));

  // Text formats have no locations; a unit without a place has none.
  DocumentRecord txt{"txt", "a.txt", "b.txt", "ccc", "ddd", "es", "en", ""};
  txt.source_sentences = {{"Cinco.", 0}};
  txt.target_sentences = {{"Five.", 0}};
  s.import_document(txt, {placed("Cinco.", "Five.", {{0, 1}, {0, 1}})});
  const auto plain = s.document_alignment("txt");
  BOOST_TEST(!plain.source_sentences.at(0).location);
  BOOST_TEST(!plain.pairs.at(0).unit.source_location);
  BOOST_TEST(!s.get_unit(plain.pairs.at(0).unit.id)->target_location);
  BOOST_TEST(!s.get_unit(s.add_unit(unit("Seis.", "Six.")).id)->source_location);
}

BOOST_DATA_TEST_CASE(a_tm_without_sentence_locations_is_upgraded_and_takes_them, kBackends,
                     backend) {
  TempDir dir;
  auto where = tm_address(backend, dir);
  if (!where) return;
  DocumentRecord doc{"rosa", "rosa.docx", "rosa.docx", "aaa", "bbb", "es", "en", ""};
  doc.source_sentences = {{"Uno.", 0}};
  doc.target_sentences = {{"One.", 0}};
  TranslationUnit u = unit("Uno.", "One.");
  u.place = Place{{0, 1}, {0, 1}};
  int current = 0;
  {
    auto s = Store::open(*where, OpenMode::ReadWrite);
    s.import_document(doc, {u});
    current = s.stats().schema_version;
  }
  // The schema before locations: SQLite's 3, PostgreSQL's 1.
  std::string drop;
  for (const char* column : {"loc_paragraph", "char_start", "char_end", "page"})
    drop += std::string("ALTER TABLE sentences DROP COLUMN ") + column + "; ";
  run_sql(
      backend, *where,
      drop + (backend == "sqlite"
                  ? "PRAGMA user_version = 3;"
                  : kPgSchema2Words + "UPDATE meta SET value = '1' WHERE key = 'schema_version';"));
  std::vector<std::string> told;
  const UpgradeNotice tell = [&](const std::string& tm, int from, int to) {
    told.push_back(tm + " " + std::to_string(from) + " -> " + std::to_string(to));
  };
  auto s = Store::open(*where, OpenMode::ReadWrite, current_user(), kDefaultBusyTimeoutMs, tell);
  BOOST_TEST(s.stats().schema_version == current);
  const std::string upgrade =
      s.path() + (backend == "sqlite" ? " 3 -> " : " 1 -> ") + std::to_string(current);
  BOOST_TEST(told == std::vector<std::string>{upgrade}, boost::test_tools::per_element());
  Store::open(*where, OpenMode::ReadWrite, current_user(), kDefaultBusyTimeoutMs, tell);
  BOOST_TEST(told.size() == 1u);  // once: the TM is current now
  const auto old = s.document_alignment("rosa");
  BOOST_TEST(old.source_sentences.at(0).text == "Uno.");
  BOOST_TEST(!old.source_sentences.at(0).location);
  BOOST_TEST(!old.pairs.at(0).unit.source_location);
  BOOST_TEST(!s.get_unit(old.pairs.at(0).unit.id)->target_location);
  // Aligned again from the files, the document takes its locations.
  doc.src_sha256 = "ccc";
  doc.source_sentences[0].location = Location{7, 10, 14, 0};
  doc.target_sentences[0].location = Location{7, 12, 16, 2};
  s.import_document(doc, {u});
  const auto now = s.document_alignment("rosa");
  BOOST_TEST((now.pairs.at(0).unit.source_location == Location{7, 10, 14, 0}));
  BOOST_TEST((s.get_unit(now.pairs.at(0).unit.id)->target_location == Location{7, 12, 16, 2}));
  BOOST_TEST(s.check().empty());
}

BOOST_DATA_TEST_CASE(read_only_stores_refuse_writes_and_missing_tms, kBackends, backend) {
  TempDir dir;
  auto where = tm_address(backend, dir);
  if (!where) return;
  BOOST_CHECK_THROW(Store::open(*where, OpenMode::ReadOnly), NotFoundError);
  {
    auto w = Store::open(*where, OpenMode::ReadWrite);
    w.add_unit(unit("Uno.", "One."));
  }
  auto r = Store::open(*where, OpenMode::ReadOnly);
  BOOST_TEST(r.unit_count() == 1);
  BOOST_CHECK_THROW(r.add_unit(unit("Dos.", "Two.")), Error);
  BOOST_TEST(r.unit_count() == 1);
}

BOOST_DATA_TEST_CASE(search_ignores_case_and_accents, kBackends, backend) {
  TempDir dir;
  auto where = tm_address(backend, dir);
  if (!where) return;
  auto s = Store::open(*where, OpenMode::ReadWrite);
  add_sample(s);
  auto hits = s.concordance({.text = "EDUCACION"});
  BOOST_REQUIRE_EQUAL(hits.size(), 2u);
  for (const auto& h : hits) {
    BOOST_REQUIRE_EQUAL(h.source_highlights.size(), 1u);
    BOOST_TEST(cut(h.unit.source.text, h.source_highlights[0]) == "educación");
  }
  BOOST_TEST(s.concordance({.text = "educación"}).size() == 2u);
  BOOST_TEST(s.concordance({.text = "\"poder popular\"", .lang = "es", .limit = 50}).size() == 6u);
  BOOST_TEST(s.concordance({.text = "poder", .lang = "es", .limit = 50}).size() == 7u);
  BOOST_TEST(s.concordance({.text = "poblac*", .limit = 50}).size() == 2u);
  // Hostile text is text.
  BOOST_TEST(s.concordance({.text = "'; DROP TABLE units; --"}).empty());
  BOOST_TEST(s.concordance({.text = "a & b | !c <-> d:*"}).size() <= 20u);
  BOOST_TEST(s.unit_count() == static_cast<int64_t>(sample_units().size()));
  const auto c = s.concordance_count({.text = "poder popular", .lang = "es"});
  BOOST_TEST(c.units == 6);
  BOOST_TEST(c.phrase == 6);

  auto m = s.fuzzy_match("En 1971 se fundó el campamento Nueva La Habana.");
  BOOST_REQUIRE(!m.empty());
  BOOST_TEST(m[0].unit.source.text == "En 1970 se fundó el campamento Nueva La Habana.");
  BOOST_TEST(m[0].percent > 95.0);
  BOOST_TEST(m[0].percent < 100.0);
}

// Checks that both stores give the same fuzzy matches (units, percentages,
// diffs) for each sentence, searched in either language and in English;
// how many matches there were.
std::size_t same_fuzzy_matches(Store& lite, Store& post, const std::vector<std::string>& sentences,
                               double min_percent) {
  std::size_t matches = 0;
  for (const auto& q : sentences) {
    for (const std::string lang : {"", "en"}) {
      const FuzzyOptions options{.lang = lang, .min_percent = min_percent, .limit = 5};
      const auto a = lite.fuzzy_match(q, options);
      const auto b = post.fuzzy_match(q, options);
      matches += a.size();
      BOOST_TEST_CONTEXT(q << " [" << lang << "]") {
        BOOST_TEST_REQUIRE(a.size() == b.size());
        for (size_t i = 0; i < a.size(); ++i) {
          BOOST_TEST(a[i].unit.id == b[i].unit.id);
          BOOST_TEST(a[i].percent == b[i].percent);
          BOOST_TEST((a[i].unit_diff == b[i].unit_diff));
        }
      }
    }
  }
  return matches;
}

// Every answer of the PostgreSQL store, against SQLite's on the same units.
// What a server's kept answers rely on: a reader learns that another
// connection committed a change, and only then.
BOOST_DATA_TEST_CASE(a_reader_learns_of_another_connections_commit_and_of_nothing_else, kBackends,
                     backend) {
  TempDir dir;
  auto where = tm_address(backend, dir);
  if (!where) return;
  auto writer = Store::open(*where, OpenMode::ReadWrite, "ana");
  const int64_t id = writer.add_unit(unit("La toma.", "The takeover.")).id;
  auto reader = Store::open(*where, OpenMode::ReadOnly);
  BOOST_TEST(reader.changed_since_last_asked());  // the first time
  BOOST_TEST(!reader.changed_since_last_asked());
  // Reads, here and elsewhere, change nothing.
  BOOST_TEST(reader.unit_count() == 1);
  BOOST_TEST(writer.get_unit(id).has_value());
  auto other_reader = Store::open(*where, OpenMode::ReadOnly);
  BOOST_TEST(other_reader.concordance({.text = "toma"}).size() == 1u);
  BOOST_TEST(!reader.changed_since_last_asked());
  // A commit elsewhere: an edit, a new unit, a transaction of several.
  writer.edit_unit(id, {.note = "revisar"});
  BOOST_TEST(reader.changed_since_last_asked());
  BOOST_TEST(!reader.changed_since_last_asked());
  writer.add_unit(unit("El terreno.", "The land."));
  BOOST_TEST(reader.changed_since_last_asked());
  {
    auto tx = writer.begin();
    tx.add(unit("La olla común.", "The common pot."));
    // Before the commit SQLite tells nothing; PostgreSQL may already say
    // "changed" (the writing transaction took an id): a refill, no harm.
    const bool before_commit = reader.changed_since_last_asked();
    if (backend == "sqlite") BOOST_TEST(!before_commit);
    tx.commit();
  }
  BOOST_TEST(reader.changed_since_last_asked());
  BOOST_TEST(!reader.changed_since_last_asked());
}

BOOST_AUTO_TEST_CASE(postgresql_answers_as_sqlite_does) {
  PgServer* pg = pg_or_skip();
  if (!pg) return;
  auto lite = Store::open(":memory:", OpenMode::ReadWrite);
  auto post = Store::open(pg->fresh_database(), OpenMode::ReadWrite);
  add_sample(lite);
  add_sample(post);
  // The same ids: both stores number units from 1 in the order added.
  std::size_t hits = 0, matches = 0;
  for (const std::string q : {"poder", "poder popular", "\"toma de terreno\"", "pobla*",
                              "campamento", "power", "land takeover", "1970"}) {
    for (const std::string lang : {"", "es", "en"}) {
      const ConcordanceQuery query{.text = q, .lang = lang, .limit = 100};
      BOOST_TEST_CONTEXT(q << " [" << lang << "]") {
        const auto found = ids(lite.concordance(query));
        hits += found.size();
        BOOST_TEST(found == ids(post.concordance(query)), boost::test_tools::per_element());
        BOOST_TEST(lite.concordance_count(query).units == post.concordance_count(query).units);
        BOOST_TEST(lite.concordance_count(query).phrase == post.concordance_count(query).phrase);
      }
    }
  }
  matches += same_fuzzy_matches(
      lite, post,
      {"La toma de terreno comenzó al amanecer.", "En 1971 se fundó el campamento.",
       "El poder popular se construye en los campamentos.", "People's power is built from above."},
      30);
  BOOST_TEST(hits > 50u);
  BOOST_TEST(matches > 4u);
  for (const std::string term : {"poder popular", "toma de terreno", "campamento"}) {
    const auto a = lite.term_variants(term);
    const auto b = post.term_variants(term);
    BOOST_TEST_CONTEXT(term) {
      BOOST_TEST(!a.empty());
      BOOST_TEST_REQUIRE(a.size() == b.size());
      for (size_t i = 0; i < a.size(); ++i) {
        BOOST_TEST(a[i].text == b[i].text);
        BOOST_TEST(a[i].count == b[i].count);
        BOOST_TEST(a[i].dice == b[i].dice);
      }
    }
  }
  const auto sa = lite.stats(), sb = post.stats();
  BOOST_TEST(sa.units == sb.units);
  BOOST_TEST(sa.duplicates_merged == sb.duplicates_merged);
  BOOST_TEST((sa.languages == sb.languages));
}

// Words are SQLite's tokens on both backends: PostgreSQL's own parser
// would keep a path, an address or a host name as one word and split a
// hyphenated one three ways.
BOOST_AUTO_TEST_CASE(postgresql_finds_the_words_sqlite_finds) {
  PgServer* pg = pg_or_skip();
  if (!pg) return;
  auto lite = Store::open(":memory:", OpenMode::ReadWrite);
  auto post = Store::open(pg->fresh_database(), OpenMode::ReadWrite);
  for (auto* s : {&lite, &post}) {
    auto tx = s->begin();
    tx.add(unit("Edita /etc/fstab y escribe a soporte@debian.org sobre el e-mail.",
                "Edit /etc/fstab and write to support@debian.org about the e-mail."));
    tx.add(unit("La versión 2.6.32 del núcleo.", "Kernel version 2.6.32."));
    tx.add(unit("Un correo electrónico.", "An electronic mail."));
    // Past what a tsvector holds: 256 positions a word, position 16,383,
    // a word of 2,046 bytes.
    std::string repeated;
    for (int i = 0; i < 20000; ++i) repeated += "tierra ";
    tx.add(unit(repeated + std::string(3000, 'x') + " cerro", "Land."));
    tx.commit();
  }
  for (const std::string q : {"fstab", "etc", "debian", "soporte", "org", "mail", "e mail",
                              "\"e mail\"", "2", "32", "nucleo", "NÚCLEO", "electr*", "tierra"}) {
    BOOST_TEST_CONTEXT(q) {
      const ConcordanceQuery query{.text = q, .limit = 10};
      const auto found = ids(lite.concordance(query));
      BOOST_TEST(!found.empty());
      BOOST_TEST(found == ids(post.concordance(query)), boost::test_tools::per_element());
      BOOST_TEST(lite.concordance_count(query).units == post.concordance_count(query).units);
    }
  }
  // An edit's words replace the old ones.
  const auto fstab = ids(post.concordance({.text = "fstab"}));
  BOOST_TEST_REQUIRE(fstab.size() == 1u);
  const int64_t id = *fstab.begin();
  post.edit_unit(id, {.source_text = "Edita /etc/hosts."});
  BOOST_TEST(ids(post.concordance({.text = "fstab", .lang = "es"})).empty());
  BOOST_TEST(ids(post.concordance({.text = "hosts", .lang = "es"})) == std::set<int64_t>{id});
}

// Schema 2 kept no words: opened for writing, the TM gets its units' words
// and finds them as a new one does.
BOOST_AUTO_TEST_CASE(a_postgresql_tm_of_schema_2_is_given_its_words) {
  PgServer* pg = pg_or_skip();
  if (!pg) return;
  const std::string url = pg->fresh_database();
  {
    auto s = Store::open(url, OpenMode::ReadWrite);
    add_sample(s);
  }
  run_sql("postgresql", url,
          kPgSchema2Words + "UPDATE meta SET value = '2' WHERE key = 'schema_version';");
  BOOST_CHECK_THROW(Store::open(url, OpenMode::ReadOnly), NotATmError);
  auto lite = Store::open(":memory:", OpenMode::ReadWrite);
  add_sample(lite);
  auto post = Store::open(url, OpenMode::ReadWrite);
  BOOST_TEST(post.stats().schema_version == 3);
  for (const std::string q : {"poder popular", "pobla*", "land takeover", "1970"}) {
    const ConcordanceQuery query{.text = q, .limit = 100};
    BOOST_TEST_CONTEXT(q) {
      BOOST_TEST(!ids(lite.concordance(query)).empty());
      BOOST_TEST(ids(lite.concordance(query)) == ids(post.concordance(query)),
                 boost::test_tools::per_element());
    }
  }
  BOOST_TEST(post.check().empty());
}

// A word in most units: PostgreSQL ranks only its newest matches, looked
// for among the newest units first, and looks further back when the query's
// filters leave too few there.
BOOST_AUTO_TEST_CASE(postgresql_finds_a_common_words_older_matches_behind_the_filters) {
  PgServer* pg = pg_or_skip();
  if (!pg) return;
  const std::string url = pg->fresh_database();
  auto s = Store::open(url, OpenMode::ReadWrite);
  constexpr int kUnits = 6000, kKept = 700;
  {
    auto tx = s.begin();
    for (int i = 1; i <= kUnits; ++i) {
      TranslationUnit u;
      u.source.lang = "es";
      u.source.text = "La palabra comun aparece en la frase r" + std::to_string(i) + ".";
      u.target.lang = "en";
      u.target.text = "The common word appears in sentence r" + std::to_string(i) + ".";
      u.created_at = 1600000000 + i;
      // The newest units are rejected: the newest matches are filtered out.
      u.status = i > kKept ? UnitStatus::Rejected : UnitStatus::Aligned;
      tx.add(u);
    }
    tx.commit();
  }
  run_sql("postgresql", url, "ANALYZE units");
  auto newest_ids = [](int64_t from, int n) {
    std::vector<int64_t> v;
    for (int k = 0; k < n; ++k) v.push_back(from - k);
    return v;
  };
  auto hit_ids = [](const std::vector<ConcordanceHit>& hits) {
    std::vector<int64_t> v;
    for (const auto& h : hits) v.push_back(h.unit.id);
    return v;
  };
  for (const std::string lang : {"", "es"}) {
    BOOST_TEST_CONTEXT("[" << lang << "]") {
      // Every match ranks the same: ties go to the newest.
      const auto kept = s.concordance({.text = "comun", .lang = lang, .limit = 5});
      BOOST_TEST(hit_ids(kept) == newest_ids(kKept, 5), boost::test_tools::per_element());
      const auto all =
          s.concordance({.text = "comun", .lang = lang, .limit = 5, .include_rejected = true});
      BOOST_TEST(hit_ids(all) == newest_ids(kUnits, 5), boost::test_tools::per_element());
      BOOST_TEST(s.concordance_count({.text = "comun", .lang = lang}).units == kKept);
      // A phrase first, then the other units with both words.
      const auto phrase = s.concordance({.text = "palabra comun", .lang = lang, .limit = 3});
      BOOST_TEST(hit_ids(phrase) == newest_ids(kKept, 3), boost::test_tools::per_element());
      // Newest first looks behind the rejected units the same way.
      const auto recent = s.concordance(
          {.text = "comun", .lang = lang, .limit = 4, .order = ConcordanceQuery::Order::Newest});
      BOOST_TEST(hit_ids(recent) == newest_ids(kKept, 4), boost::test_tools::per_element());
    }
  }
  const auto en = s.concordance({.text = "common", .lang = "en", .limit = 2});
  BOOST_TEST(hit_ids(en) == newest_ids(kKept, 2), boost::test_tools::per_element());
  // Newest first is by the last change: the oldest unit, just edited, leads.
  s.edit_unit(1, {.note = "revisada"});
  const auto edited = s.concordance(
      {.text = "comun", .lang = "es", .limit = 2, .order = ConcordanceQuery::Order::Newest});
  BOOST_TEST(hit_ids(edited) == (std::vector<int64_t>{1, kKept}), boost::test_tools::per_element());
}

// The word indexes of a PostgreSQL TM, "name oid" in name order: an index
// made again has the same name and a new oid.
// The first column of what `sql` (statements after the first only
// prepare: "CREATE ...; SELECT ...") returns on the database at `url`.
std::vector<std::string> first_column(const std::string& url, const std::string& sql) {
  PGconn* db = PQconnectdb(url.c_str());
  BOOST_REQUIRE(PQstatus(db) == CONNECTION_OK);
  PGresult* r = PQexec(db, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  std::vector<std::string> values;
  for (int i = 0; ok && i < PQntuples(r); ++i) values.emplace_back(PQgetvalue(r, i, 0));
  PQclear(r);
  PQfinish(db);
  BOOST_REQUIRE(ok);
  return values;
}

std::vector<std::string> word_indexes(const std::string& url) {
  return first_column(url,
                      "SELECT c.relname || ' ' || c.oid FROM pg_index i JOIN pg_class c ON c.oid = "
                      "i.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = "
                      "'units'::regclass AND a.amname = 'gin' ORDER BY 1");
}

// The foreign keys of the units' tables, as "name oid", by name.
std::vector<std::string> unit_references(const std::string& url) {
  return first_column(url,
                      "SELECT conname || ' ' || oid FROM pg_constraint WHERE contype = 'f' AND "
                      "conrelid IN ('units'::regclass, 'unit_props'::regclass, "
                      "'unit_origins'::regclass) ORDER BY 1");
}

bool names_are(const std::vector<std::string>& indexes, const std::vector<std::string>& names) {
  if (indexes.size() != names.size()) return false;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (indexes[i].rfind(names[i] + " ", 0) != 0) return false;
  return true;
}

// Fuzzy matches where words are common (in 1,000 units or more, whose
// units are not all read): one rare word among common ones, and common
// words only. Both backends find the same units, with the same percentages.
BOOST_AUTO_TEST_CASE(postgresql_fuzzy_matches_among_common_words_as_sqlite_does) {
  PgServer* pg = pg_or_skip();
  if (!pg) return;
  auto lite = Store::open(":memory:", OpenMode::ReadWrite);
  auto post = Store::open(pg->fresh_database(), OpenMode::ReadWrite);
  const char* verbs[] = {"apoyó", "convocó", "celebró", "organizó"};
  const char* places[] = {"Maipú", "Cerrillos", "Vicuña Mackenna", "Recoleta"};
  for (Store* s : {&lite, &post}) {
    auto tx = s->begin();
    for (int i = 1; i <= 2400; ++i) {
      TranslationUnit u;
      u.source.lang = "es";
      u.source.text = std::string("El sindicato de la fábrica número ") + std::to_string(i) + " " +
                      verbs[i % 4] + " la huelga del cordón " + places[i / 4 % 4] + ".";
      u.target.lang = "en";
      u.target.text = "The union of factory number " + std::to_string(i) +
                      " backed the strike of the industrial belt.";
      tx.add(u);
    }
    tx.commit();
  }
  const std::size_t matches =
      same_fuzzy_matches(lite, post,
                         {"El sindicato de la fábrica número 1232 apoyó la huelga.",
                          "El sindicato de la fábrica convocó la huelga del cordón Maipú.",
                          "La fábrica organizó la huelga del cordón Recoleta.",
                          "The union of factory number 77 backed the strike."},
                         50);
  BOOST_TEST(matches > 10u);
  // The unit with the rare word comes first.
  const auto best = post.fuzzy_match("El sindicato de la fábrica número 1232 apoyó la huelga.",
                                     {.min_percent = 50, .limit = 1});
  BOOST_TEST_REQUIRE(best.size() == 1u);
  BOOST_TEST(best[0].unit.source.text.find("número 1232 ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(postgresql_first_import_builds_indexes_and_references_at_its_commit) {
  PgServer* pg = pg_or_skip();
  if (!pg) return;
  const std::string url = pg->fresh_database();
  auto s = Store::open(url, OpenMode::ReadWrite);
  const auto at_first = word_indexes(url);
  BOOST_TEST(names_are(at_first, {"units_src_words", "units_tgt_words"}));
  const auto references = unit_references(url);
  const std::vector<std::string> reference_names = {
      "unit_origins_document_id_fkey", "unit_origins_unit_id_fkey", "unit_props_unit_id_fkey",
      "units_document_id_fkey"};
  BOOST_TEST(names_are(references, reference_names));
  auto produce = [](int from, int to) {
    return [from, to](const Store::Transaction::UnitSink& sink) {
      for (int i = from; i < to; ++i) {
        const std::string n = std::to_string(i);
        sink(unit("El campamento número " + n + " resistió.", "Camp number " + n + " held out.",
                  "es"));
      }
    };
  };
  // A first import that fails (never committed) leaves the indexes as
  // they were.
  {
    auto tx = s.begin();
    tx.add_all(produce(0, 600));
  }
  BOOST_TEST(s.stats().units == 0);
  BOOST_TEST(word_indexes(url) == at_first, boost::test_tools::per_element());
  BOOST_TEST(unit_references(url) == references, boost::test_tools::per_element());
  // A reader holding the table: the import keeps the indexes rather than
  // wait for it, and succeeds.
  {
    PGconn* reader = PQconnectdb(url.c_str());
    BOOST_REQUIRE(PQstatus(reader) == CONNECTION_OK);
    PQclear(PQexec(reader, "BEGIN; SELECT count(*) FROM units"));
    auto tx = s.begin();
    BOOST_TEST(tx.add_all(produce(0, 300)).inserted == 300);
    tx.commit();
    PQclear(PQexec(reader, "COMMIT"));
    PQfinish(reader);
  }
  BOOST_TEST(word_indexes(url) == at_first, boost::test_tools::per_element());
  // Into an empty TM with nobody reading: dropped and made again at the
  // commit (new oids), and search finds the units through them.
  const std::string empty = pg->fresh_database();
  auto t = Store::open(empty, OpenMode::ReadWrite);
  const auto before = word_indexes(empty);
  const auto references_before = unit_references(empty);
  {
    auto tx = t.begin();
    BOOST_TEST(tx.add_all(produce(0, 600)).inserted == 600);
    tx.commit();
  }
  const auto after = word_indexes(empty);
  BOOST_TEST(names_are(after, {"units_src_words", "units_tgt_words"}));
  BOOST_TEST(after != before);
  // The references too, checked again at the commit.
  const auto references_after = unit_references(empty);
  BOOST_TEST(names_are(references_after, reference_names));
  BOOST_TEST(references_after != references_before);
  const auto hits = t.concordance({.text = "campamento 417", .lang = "es"});
  BOOST_REQUIRE_EQUAL(hits.size(), 1u);
  BOOST_TEST(hits[0].unit.target.text == "Camp number 417 held out.");
  // A second import into the now full TM keeps them.
  {
    auto tx = t.begin();
    BOOST_TEST(tx.add_all(produce(600, 700)).inserted == 100);
    tx.commit();
  }
  BOOST_TEST(word_indexes(empty) == after, boost::test_tools::per_element());
}

// A first import into an empty TM looks up the units its keys may
// duplicate by id, among those it added itself (pg_added_keys.h), with the
// index of keys dropped until the commit: duplicates of units it added in
// earlier batches, or one at a time, are still merged, and the index is
// back after the commit.
BOOST_AUTO_TEST_CASE(postgresql_first_import_merges_duplicates_of_its_own_units) {
  PgServer* pg = pg_or_skip();
  if (!pg) return;
  const std::string url = pg->fresh_database();
  auto s = Store::open(url, OpenMode::ReadWrite);
  auto numbered = [](int i) {
    const std::string n = std::to_string(i);
    return unit("Asamblea " + n + " de pobladores.", "Settlers' assembly " + n + ".", "es");
  };
  auto tx = s.begin();
  auto first = tx.add_all([&](const Store::Transaction::UnitSink& sink) {
    for (int i = 0; i < 1000; ++i) sink(numbered(i));
  });
  BOOST_TEST(first.inserted == 1000);
  BOOST_TEST(!tx.add(numbered(5000)).merged);
  // An edit gives a unit the texts of one added later: that one merges
  // into it under its new key, and nothing merges under its old one.
  const int64_t edited = tx.add(numbered(7000)).id;
  s.edit_unit(edited, {.source_text = "Asamblea 8000 de pobladores.",
                       .target_text = "Settlers' assembly 8000."});
  auto again = tx.add_all([&](const Store::Transaction::UnitSink& sink) {
    for (int i = 999; i >= 0; i -= 3) sink(numbered(i));
    sink(numbered(5000));
    sink(numbered(6000));
    sink(numbered(8000));
    sink(numbered(7000));
    // Omissions are never merged, however alike.
    for (int i = 0; i < 3; ++i) sink(unit("Asamblea 1 de pobladores.", "", "es"));
  });
  BOOST_TEST(again.merged == 336);
  BOOST_TEST(again.inserted == 5);
  BOOST_TEST(tx.add(numbered(8000)).id == edited);
  BOOST_TEST(tx.add(numbered(1)).merged);
  tx.commit();
  BOOST_TEST(s.stats().units == 1007);
  BOOST_TEST(s.check().empty());
  // The index of keys, dropped for the import, is back and used.
  BOOST_TEST(first_column(url, "SELECT indexdef FROM pg_indexes WHERE indexname = 'units_dup'") ==
                 std::vector<std::string>{"CREATE INDEX units_dup ON public.units USING btree "
                                          "(dup_key)"},
             boost::test_tools::per_element());
  auto later = s.begin();
  BOOST_TEST(later.add(numbered(8000)).id == edited);
  BOOST_TEST(later.add(numbered(1)).merged);
  later.commit();
  BOOST_TEST(s.stats().units == 1007);
}

// Entries waiting in the word indexes' pending lists (pageinspect reads
// them; the test server's superuser may create it).
long pending_word_entries(const std::string& url) {
  const auto sum =
      first_column(url,
                   "CREATE EXTENSION IF NOT EXISTS pageinspect; "
                   "SELECT sum(m.n_pending_tuples) FROM pg_index i "
                   "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam, "
                   "gin_metapage_info(get_raw_page(c.relname::text, 0)) m "
                   "WHERE i.indrelid = 'units'::regclass AND a.amname = 'gin'");
  BOOST_REQUIRE_EQUAL(sum.size(), 1u);
  return std::atol(sum[0].c_str());
}

// A bulk import into a TM that already has units merges what it added to
// the word indexes' pending lists before its commit: every search reads
// through those lists until they are merged.
BOOST_AUTO_TEST_CASE(postgresql_bulk_import_merges_the_word_indexes_pending_lists) {
  PgServer* pg = pg_or_skip();
  if (!pg) return;
  const std::string url = pg->fresh_database();
  auto s = Store::open(url, OpenMode::ReadWrite);
  auto import = [&](int from, int to) {
    auto tx = s.begin();
    const auto n = tx.add_all([from, to](const Store::Transaction::UnitSink& sink) {
      for (int i = from; i < to; ++i) {
        const std::string n = std::to_string(i);
        sink(unit("La toma número " + n + " duró tres días.",
                  "Takeover number " + n + " lasted three days.", "es"));
      }
    });
    tx.commit();
    return n.inserted;
  };
  BOOST_TEST(import(0, 100) == 100);  // the first: indexes built at the commit
  // A few units stay pending (merging costs more than reading them)...
  BOOST_TEST(import(100, 200) == 100);
  BOOST_TEST(pending_word_entries(url) > 0);
  // ...a bulk import's do not, nor the earlier ones.
  BOOST_TEST(import(200, 2200) == 2000);
  BOOST_TEST(pending_word_entries(url) == 0);
  const auto hits = s.concordance({.text = "toma 1999", .lang = "es"});
  BOOST_REQUIRE_EQUAL(hits.size(), 1u);
  BOOST_TEST(hits[0].unit.target.text == "Takeover number 1999 lasted three days.");
}

BOOST_AUTO_TEST_CASE(postgresql_writers_on_two_connections_lose_no_update) {
  PgServer* pg = pg_or_skip();
  if (!pg) return;
  const std::string url = pg->fresh_database();
  int64_t id = 0;
  {
    auto s = Store::open(url, OpenMode::ReadWrite, "setup");
    id = s.add_unit(unit("Uno.", "One.")).id;
  }
  // Two writers, each on its own connection, one editing the target and
  // the other the note of the same unit, many times over; and both adding
  // the same new units. Every change lands; no unit is stored twice.
  auto writer = [&](bool target) {
    auto s = Store::open(target ? url : pg->keyword_form(url), OpenMode::ReadWrite,
                         target ? "ana" : "pedro");
    for (int i = 0; i < 40; ++i) {
      if (target)
        s.edit_unit(id, {.target_text = "One " + std::to_string(i) + "."});
      else
        s.edit_unit(id, {.note = "note " + std::to_string(i)});
      s.add_unit(unit("Compartida " + std::to_string(i) + ".", "Shared."));
    }
  };
  std::thread a(writer, true), b(writer, false);
  a.join();
  b.join();
  auto s = Store::open(url, OpenMode::ReadOnly);
  const auto u = s.get_unit(id);
  BOOST_TEST(u->target.text == "One 39.");
  BOOST_TEST(u->note == "note 39");
  BOOST_TEST(s.unit_count() == 41);
  BOOST_TEST(s.stats().duplicates_merged == 0);  // same document and place: no extra origin
}

BOOST_AUTO_TEST_CASE(postgresql_refuses_missing_databases_and_opens_nothing_read_only) {
  PgServer* pg = pg_or_skip();
  if (!pg) return;
  const std::string url = pg->fresh_database();
  auto s = Store::open(url, OpenMode::ReadWrite);
  s.add_unit(unit("Uno.", "One."));
  BOOST_TEST(s.unit_count() == 1);
  BOOST_CHECK_THROW(
      Store::open("postgresql://alinea@/no_such_db?host=" + pg->socket_dir(), OpenMode::ReadOnly),
      DbError);
  // The server's own database holds no TM: read-only, nothing is created.
  BOOST_CHECK_THROW(
      Store::open("postgresql://alinea@/postgres?host=" + pg->socket_dir(), OpenMode::ReadOnly),
      NotFoundError);
}

BOOST_AUTO_TEST_SUITE_END()
