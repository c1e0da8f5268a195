// Aligned documents in the store: sentences and places, a new alignment that
// keeps what a person decided, the workbench's journaled writes, undo and
// conflicts.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "backends.h"
#include "fixtures.h"
#include "tm/error.h"

using namespace alinea::tm;
using namespace alinea::tm::test;

namespace {

// Three Spanish and three English sentences, aligned 1-1, 1-1, 1-0 + 0-1,
// in a TM on the backend given (none, and a message, when it is absent).
struct Document {
  TempDir dir;
  std::optional<Store> s;
  DocumentRecord record{"toma", "es.txt", "en.txt", "a", "b", "es", "en", "{}"};
  explicit Document(const std::string& backend) {
    auto where = tm_address(backend, dir);
    if (!where) return;
    s.emplace(Store::open(*where, OpenMode::ReadWrite, "ana"));
    record.source_sentences = {{"Uno.", 0}, {"Dos.", 0}, {"Tres.", 1}};
    record.target_sentences = {{"One.", 0}, {"Two.", 0}, {"Three, more or less.", 1}};
    std::vector<AlignedPair> pairs = {placed("Uno.", "One.", {{0, 1}, {0, 1}}),
                                      placed("Dos.", "Two.", {{1, 2}, {1, 2}}),
                                      placed("Tres.", "", {{2, 3}, {2, 2}}),
                                      placed("", "Three, more or less.", {{3, 3}, {2, 3}})};
    auto r = s->store_alignment(record, pairs);
    BOOST_REQUIRE(r.inserted == 4);
  }
  static TranslationUnit placed(std::string a, std::string b, Place place) {
    auto u = unit(std::move(a), std::move(b), "es", "en");
    u.place = place;
    u.confidence = 0.9;
    u.pending = u.omission();
    return u;
  }
  std::vector<PlacedPair> pairs() { return s->document_alignment("toma").pairs; }
};

}  // namespace

BOOST_DATA_TEST_CASE(a_document_keeps_its_sentences_and_every_pair_in_order, kBackends, backend) {
  Document d(backend);
  if (!d.s) return;
  auto doc = d.s->document_alignment("toma");
  BOOST_TEST(doc.source_sentences.size() == 3u);
  BOOST_TEST(doc.target_sentences[2].paragraph == 1u);
  BOOST_REQUIRE_EQUAL(doc.pairs.size(), 4u);
  BOOST_TEST(doc.pairs[2].unit.source.text == "Tres.");
  BOOST_TEST(doc.pairs[2].unit.omission());
  BOOST_TEST(doc.pairs[2].unit.pending);
  BOOST_TEST((doc.pairs[3].unit.place == Place{{3, 3}, {2, 3}}));
  // Omissions and pending pairs stay out of search and export.
  BOOST_TEST(d.s->concordance({.text = "Tres"}).empty());
  BOOST_TEST(d.s->concordance({.text = "Tres", .include_pending = true}).size() == 1u);
  BOOST_TEST(all_units(*d.s).size() == 2u);
  BOOST_TEST(d.s->stats().pending == 2);
  BOOST_TEST(d.s->stats().omissions == 2);
}

BOOST_DATA_TEST_CASE(a_merge_is_undone_with_the_units_ids_and_texts_back, kBackends, backend) {
  Document d(backend);
  if (!d.s) return;
  auto before = d.pairs();
  auto made = d.s->replace_pairs(
      "toma", {before[2].ref(), before[3].ref()},
      {Document::placed("Tres.", "Three, more or less.", {{2, 3}, {2, 3}})}, "pair");
  BOOST_REQUIRE_EQUAL(made.size(), 1u);
  auto after = d.pairs();
  BOOST_REQUIRE_EQUAL(after.size(), 3u);
  BOOST_TEST(after[2].unit.target.text == "Three, more or less.");
  BOOST_TEST(d.s->last_change("toma")->action == "pair");

  auto undone = d.s->undo_last("toma");
  BOOST_TEST(undone.action == "pair");
  auto back = d.pairs();
  BOOST_REQUIRE_EQUAL(back.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    BOOST_TEST(back[k].unit.id == before[k].unit.id);
    BOOST_TEST(back[k].unit.source.text == before[k].unit.source.text);
    BOOST_TEST(back[k].unit.target.text == before[k].unit.target.text);
    BOOST_TEST((back[k].unit.place == before[k].unit.place));
  }
  BOOST_TEST(!d.s->get_unit(made[0].unit_id));
  BOOST_TEST(!d.s->last_change("toma"));
  BOOST_CHECK_THROW(d.s->undo_last("toma"), NotFoundError);
  BOOST_TEST(d.s->check().empty());
  BOOST_TEST(d.s->concordance({.text = "Tres", .include_pending = true}).size() == 1u);
}

BOOST_DATA_TEST_CASE(a_stale_revision_is_a_conflict_and_writes_nothing, kBackends, backend) {
  Document d(backend);
  if (!d.s) return;
  auto p = d.pairs()[0];
  auto now = d.s->change_pair("toma", p.ref(), {.status = UnitStatus::Reviewed}, "accept");
  BOOST_TEST(now.revision > p.unit.revision);
  BOOST_CHECK_THROW(d.s->change_pair("toma", p.ref(), {.status = UnitStatus::Rejected}, "reject"),
                    ConflictError);
  BOOST_CHECK_THROW(d.s->replace_pairs("toma", {p.ref()}, {}, "merge"), ConflictError);
  BOOST_TEST((d.s->get_unit(p.unit.id)->status == UnitStatus::Reviewed));
  BOOST_TEST(d.pairs().size() == 4u);
}

BOOST_DATA_TEST_CASE(a_new_alignment_keeps_decisions_and_names_those_it_does_not_place, kBackends,
                     backend) {
  Document d(backend);
  if (!d.s) return;
  auto pairs = d.pairs();
  d.s->change_pair("toma", pairs[0].ref(), {.target_text = "One!", .status = UnitStatus::Reviewed},
                   "edit");
  d.s->change_pair("toma", pairs[1].ref(), {.status = UnitStatus::Rejected}, "reject");
  pairs = d.pairs();
  // The document changed: "Uno." keeps its place (one sentence earlier),
  // the rejected "Dos." is gone from it.
  d.record.src_sha256 = "c";
  d.record.source_sentences = {{"Uno.", 0}, {"Tres.", 1}};
  d.record.target_sentences = {{"One.", 0}, {"Three.", 1}};
  std::vector<AlignedPair> next = {KeptPair{pairs[0].ref(), {{0, 1}, {0, 1}}},
                                   Document::placed("Tres.", "Three.", {{1, 2}, {1, 2}})};
  auto r = d.s->store_alignment(d.record, next);
  BOOST_TEST((r.outcome == DocumentImportResult::Outcome::Replaced));
  BOOST_TEST(r.kept_decisions == 1);
  BOOST_TEST((r.unplaced == std::vector<int64_t>{pairs[1].unit.id}));
  BOOST_TEST(r.removed == 2);  // the two omissions
  auto doc = d.s->document_alignment("toma");
  BOOST_REQUIRE_EQUAL(doc.pairs.size(), 2u);
  BOOST_TEST(doc.pairs[0].unit.id == pairs[0].unit.id);
  BOOST_TEST(doc.pairs[0].unit.target.text == "One!");
  BOOST_REQUIRE_EQUAL(doc.unplaced.size(), 1u);
  BOOST_TEST((doc.unplaced[0].unit.status == UnitStatus::Rejected));
  // The journal spoke of the alignment replaced.
  BOOST_TEST(!d.s->last_change("toma"));
  // A kept pair that changed since is refused, and nothing is written.
  auto kept = doc.pairs[0];
  d.s->change_pair("toma", kept.ref(), {.status = UnitStatus::Rejected}, "reject");
  auto stale = KeptPair{kept.ref(), {{0, 1}, {0, 1}}};
  d.record.src_sha256 = "d";
  BOOST_CHECK_THROW(d.s->store_alignment(d.record, {stale}), ConflictError);
  BOOST_TEST(d.s->document("toma")->src_sha256 == "c");
}
