#define BOOST_TEST_MODULE test_store
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "fixtures.h"
#include "tm/error.h"
#include "tm/store/store.h"

using namespace alinea::tm;
using namespace alinea::tm::test;

BOOST_AUTO_TEST_SUITE(store)

BOOST_AUTO_TEST_CASE(unit_round_trip_keeps_every_field) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite, "ana");
  TranslationUnit u = unit("La toma <b>de</b> terreno.", "The land takeover.");
  u.source.markup = "La toma <bpt i=\"1\">&lt;b&gt;</bpt>de<ept i=\"1\">&lt;/b&gt;</ept> terreno.";
  u.document = "toma";
  u.position = 7;
  u.context_prev = "Antes.";
  u.context_next = "Después.";
  u.confidence = 0.875;
  u.status = UnitStatus::Reviewed;
  u.note = "revisar fecha";
  u.properties = {{"x-origin", "tmx"}, {"x-client", "archivo"}};
  u.source_annotations = {"dicho en la asamblea", {{"x-origin", "acta"}}};
  u.target_annotations = {"", {{"x-origin", "MT"}, {"x-quality", "rough"}}};
  u.created_at = 1000;
  u.created_by = "pedro";
  auto r = s.add_unit(u);
  BOOST_TEST(!r.merged);
  BOOST_TEST(r.id > 0);

  auto got = s.get_unit(r.id);
  BOOST_REQUIRE(got);
  BOOST_TEST(got->source.text == u.source.text);
  BOOST_TEST(got->source.markup == u.source.markup);
  BOOST_TEST(got->target.markup.empty());
  BOOST_TEST(got->source.lang == "es-CL");
  BOOST_TEST(got->target.lang == "en");
  BOOST_TEST(*got->document == "toma");
  BOOST_TEST(*got->position == 7);
  BOOST_TEST(got->context_prev == "Antes.");
  BOOST_TEST(got->context_next == "Después.");
  BOOST_TEST(*got->confidence == 0.875);
  BOOST_TEST((got->status == UnitStatus::Reviewed));
  BOOST_TEST(got->note == "revisar fecha");
  BOOST_REQUIRE_EQUAL(got->properties.size(), 2u);
  BOOST_TEST(got->properties[1].type == "x-client");
  BOOST_TEST(got->properties[1].value == "archivo");
  // A <tuv>'s notes and props come back on their side, in order.
  for (const auto& read : {*got, [&] {
                             TranslationUnit streamed;
                             s.for_each_unit({}, [&](const TranslationUnit& x) {
                               if (x.id == r.id) streamed = x;
                             });
                             return streamed;
                           }()}) {
    BOOST_TEST(read.properties.size() == 2u);
    BOOST_TEST(read.source_annotations.note == "dicho en la asamblea");
    BOOST_TEST_REQUIRE(read.source_annotations.properties.size() == 1u);
    BOOST_TEST(read.source_annotations.properties[0].value == "acta");
    BOOST_TEST(read.target_annotations.note.empty());
    BOOST_TEST_REQUIRE(read.target_annotations.properties.size() == 2u);
    BOOST_TEST(read.target_annotations.properties[0].value == "MT");
    BOOST_TEST(read.target_annotations.properties[1].type == "x-quality");
  }
  BOOST_TEST(got->created_at == 1000);
  BOOST_TEST(got->created_by == "pedro");
  BOOST_TEST(got->changed_at == 1000);
  BOOST_TEST(got->changed_by == "pedro");

  // Defaults: now and the store's user.
  auto r2 = s.add_unit(unit("Otra.", "Another."));
  auto got2 = s.get_unit(r2.id);
  BOOST_TEST(got2->created_by == "ana");
  BOOST_TEST(got2->changed_by == "ana");
  BOOST_TEST(got2->created_at > 1600000000);
  BOOST_TEST(!got2->document);
  BOOST_TEST(!s.get_unit(9999));
}

BOOST_AUTO_TEST_CASE(for_each_unit_streams_in_id_order_with_filters) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite);
  auto units = sample_units();
  BOOST_REQUIRE(units.size() >= 15);
  {
    auto tx = s.begin();
    for (size_t i = 0; i < units.size(); ++i) {
      units[i].confidence = static_cast<double>(i) / static_cast<double>(units.size());
      units[i].properties = {{"n", std::to_string(i)}};
      tx.add(units[i]);
    }
    tx.commit();
  }
  auto all = all_units(s);
  BOOST_REQUIRE_EQUAL(all.size(), units.size());
  for (size_t i = 0; i < all.size(); ++i) {
    BOOST_TEST(all[i].source.text == units[i].source.text);
    BOOST_REQUIRE_EQUAL(all[i].properties.size(), 1u);
    BOOST_TEST(all[i].properties[0].value == std::to_string(i));
    if (i) BOOST_TEST(all[i].id > all[i - 1].id);
  }
  auto poder = all_units(s, {.document = "poder"});
  BOOST_TEST(poder.size() == 6u);
  for (auto& u : poder) BOOST_TEST(*u.document == "poder");

  s.set_status(all[2].id, UnitStatus::Reviewed);
  auto reviewed = all_units(s, {.status = UnitStatus::Reviewed});
  BOOST_REQUIRE_EQUAL(reviewed.size(), 1u);
  BOOST_TEST(reviewed[0].id == all[2].id);

  auto confident = all_units(s, {.min_confidence = 0.5});
  for (auto& u : confident) BOOST_TEST(*u.confidence >= 0.5);
  size_t expected = 0;
  for (auto& u : units) expected += *u.confidence >= 0.5;
  BOOST_TEST(confident.size() == expected);
  BOOST_TEST(expected > 0u);

  BOOST_TEST(all_units(s, {.changed_until = 1000}).empty());
  BOOST_TEST(all_units(s, {.changed_since = 1000}).size() == units.size());
  BOOST_TEST(all_units(s, {.document = "no-such-doc"}).empty());
}

BOOST_AUTO_TEST_CASE(exact_duplicates_are_merged_with_their_origin) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite, "ana");
  auto a = unit("El poder popular.", "People's power.");
  a.document = "doc-a";
  a.position = 3;
  auto first = s.add_unit(a);
  BOOST_TEST(!first.merged);

  // Same text after normalising white space: merged, with the new origin.
  auto b = unit("  El   poder popular. ", "People's\tpower.");
  b.document = "doc-b";
  b.position = 9;
  auto second = s.add_unit(b);
  BOOST_TEST(second.merged);
  BOOST_TEST(second.id == first.id);

  // Same source, other target: kept, both renderings are data.
  auto c = unit("El poder popular.", "Popular power.");
  auto third = s.add_unit(c);
  BOOST_TEST(!third.merged);
  BOOST_TEST(third.id != first.id);

  // The same origin twice is not recorded twice.
  BOOST_TEST(s.add_unit(b).merged);
  BOOST_TEST(s.add_unit(a).merged);

  // Case matters: a different text for a translator.
  BOOST_TEST(!s.add_unit(unit("el poder popular.", "People's power.")).merged);

  auto got = s.get_unit(first.id);
  BOOST_REQUIRE_EQUAL(got->origins.size(), 1u);
  BOOST_TEST(*got->origins[0].document == "doc-b");
  BOOST_TEST(*got->origins[0].position == 9);
  BOOST_TEST(got->origins[0].added_by == "ana");
  BOOST_TEST(s.unit_count() == 3);
  auto st = s.stats();
  BOOST_TEST(st.duplicates_merged == 1);
  BOOST_TEST(st.units == 3);

  // for_each_unit carries origins too.
  auto all = all_units(s);
  BOOST_TEST(all[0].origins.size() == 1u);
  BOOST_TEST(all[1].origins.empty());
  // A document filter finds units by any origin.
  BOOST_TEST(all_units(s, {.document = "doc-b"}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(transaction_rolls_back_unless_committed) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite);
  {
    auto tx = s.begin();
    tx.add(unit("Uno.", "One."));
    tx.add(unit("Dos.", "Two."));
  }
  BOOST_TEST(s.unit_count() == 0);
  {
    auto tx = s.begin();
    tx.add(unit("Uno.", "One."));
    // A single-unit write meanwhile joins the transaction.
    s.add_unit(unit("Tres.", "Three."));
    tx.commit();
    BOOST_CHECK_THROW(tx.add(unit("Cuatro.", "Four.")), Error);
  }
  BOOST_TEST(s.unit_count() == 2);
  {
    auto tx = s.begin();
    tx.add(unit("Cinco.", "Five."));
    BOOST_CHECK_THROW(tx.add(unit("Seis \xff.", "Six.")), Error);  // invalid UTF-8
  }
  BOOST_TEST(s.unit_count() == 2);
}

BOOST_AUTO_TEST_CASE(units_added_in_an_open_transaction_are_searchable_and_editable) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite);
  s.add_unit(unit("La asamblea de pobladores.", "The residents' assembly."));
  {
    auto tx = s.begin();
    auto a = tx.add(unit("La toma de terreno.", "The land takeover."));
    auto b = tx.add(unit("La toma de la fábrica.", "The factory takeover."));
    BOOST_TEST(s.concordance({.text = "toma"}).size() == 2u);
    BOOST_TEST(!s.fuzzy_match("La toma de terreno.").empty());
    s.delete_unit(b.id);
    s.edit_unit(a.id, {.target_text = "The land seizure."});
    auto c = tx.add(unit("La toma del liceo.", "The school occupation."));
    BOOST_TEST(c.id > a.id);
    tx.commit();
  }
  BOOST_TEST(s.concordance({.text = "toma"}).size() == 2u);
  BOOST_TEST(s.concordance({.text = "seizure"}).size() == 1u);
  BOOST_TEST(s.concordance({.text = "fabrica"}).empty());
  BOOST_TEST(s.concordance({.text = "liceo"}).size() == 1u);
  BOOST_TEST(s.check().empty());
  {
    // Rolled back: neither the rows nor their index entries remain.
    auto tx = s.begin();
    tx.add(unit("Una marcha.", "A march."));
    BOOST_TEST(s.concordance({.text = "marcha"}).size() == 1u);
  }
  BOOST_TEST(s.concordance({.text = "marcha"}).empty());
  BOOST_TEST(s.unit_count() == 3);
  BOOST_TEST(s.check().empty());
  {
    // A failed write inside the transaction undoes only itself; the units
    // added before it are still indexed at commit.
    auto tx = s.begin();
    auto a = tx.add(unit("Una olla común.", "A soup kitchen."));
    BOOST_CHECK_THROW(s.edit_unit(a.id + 100, {.note = "x"}), NotFoundError);
    tx.commit();
    BOOST_TEST(s.concordance({.text = "olla"}).size() == 1u);
    s.delete_unit(a.id);
  }
  BOOST_TEST(s.concordance({.text = "olla"}).empty());
  BOOST_TEST(s.check().empty());
}

BOOST_AUTO_TEST_CASE(a_long_transaction_is_indexed_in_chunks_and_still_rolls_back_whole) {
  // More units than one indexing chunk (16,384), so that the index is
  // written in the middle of the transaction.
  const int n = 40000;
  TempDir dir;
  const auto path = dir.file("chunks.tm");
  auto s = Store::open(path, OpenMode::ReadWrite);
  s.add_unit(unit("La asamblea de pobladores.", "The residents' assembly."));
  auto make = [](int i, const char* word) {
    return unit("Campamento " + std::to_string(i) + " " + word + ".",
                "Camp " + std::to_string(i) + " " + word + ".");
  };
  {
    auto tx = s.begin();
    for (int i = 0; i < n; ++i) tx.add(make(i, "rollback"));
    // Searching indexes what is pending; the rollback must undo all of it.
    BOOST_TEST(s.concordance({.text = "rollback", .limit = 5}).size() == 5u);
  }
  BOOST_TEST(s.unit_count() == 1);
  BOOST_TEST(s.concordance({.text = "rollback"}).empty());
  BOOST_TEST(s.check().empty());
  {
    auto tx = s.begin();
    for (int i = 0; i < n; ++i) {
      auto r = tx.add(make(i, "kept"));
      BOOST_TEST_REQUIRE(!r.merged);
      if (i == n - 10) {
        // A failed write in a savepoint after a chunk was indexed.
        BOOST_CHECK_THROW(s.edit_unit(r.id + 1000000, {.note = "x"}), NotFoundError);
      }
    }
    // Duplicates of units indexed in an earlier chunk are still merged, as
    // are those of units stored before the transaction or edited in it.
    BOOST_TEST(tx.add(make(3, "kept")).merged);
    BOOST_TEST(tx.add(make(n - 1, "kept")).merged);
    BOOST_TEST(tx.add(unit("La  asamblea de pobladores. ", "The residents' assembly.")).merged);
    const auto edited = tx.add(make(n, "kept"));
    s.edit_unit(edited.id, {.source_text = "Campamento editado."});
    BOOST_TEST(tx.add(make(n, "kept")).merged == false);
    auto again = make(n, "kept");
    again.source.text = "Campamento  editado.";
    BOOST_TEST(tx.add(again).merged);
    BOOST_TEST(tx.add(again).id == edited.id);
    tx.commit();
  }
  BOOST_TEST(s.unit_count() == n + 3);
  BOOST_TEST(s.concordance({.text = "\"campamento 3 kept\""}).size() == 1u);
  BOOST_TEST(s.concordance({.text = "\"camp 39999 kept\""}).size() == 1u);
  BOOST_TEST(s.concordance({.text = "kept", .limit = 1000}).size() == 1000u);
  BOOST_TEST(s.check().empty());
}

BOOST_AUTO_TEST_CASE(add_all_stores_what_a_second_thread_reads_in_order) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite);
  s.add_unit(unit("La asamblea de pobladores.", "The residents' assembly."));
  const int n = 5000;
  auto make = [](int i) {
    auto u = unit("Toma " + std::to_string(i % 3000) + ".",
                  "Takeover " + std::to_string(i % 3000) + ".");
    u.document = "doc-" + std::to_string(i / 1000);
    u.position = i % 1000;
    return u;
  };
  {
    auto tx = s.begin();
    auto r = tx.add_all([&](const Store::Transaction::UnitSink& sink) {
      for (int i = 0; i < n; ++i) sink(make(i));
    });
    tx.commit();
    BOOST_TEST(r.inserted == 3000);
    BOOST_TEST(r.merged == n - 3000);  // units 3000.. repeat units 0..
  }
  BOOST_TEST(s.unit_count() == 3001);
  // Stored in the order read: ids follow the units.
  std::vector<std::string> texts;
  s.for_each_unit({}, [&](const TranslationUnit& u) { texts.push_back(u.source.text); });
  BOOST_TEST_REQUIRE(texts.size() == 3001u);
  BOOST_TEST(texts[1] == "Toma 0.");
  BOOST_TEST(texts[3000] == "Toma 2999.");
  auto merged = s.concordance({.text = "\"toma 1234\""});
  BOOST_TEST_REQUIRE(merged.size() == 1u);
  auto full = s.get_unit(merged[0].unit.id);
  BOOST_TEST_REQUIRE(full->origins.size() == 1u);
  BOOST_TEST(*full->origins[0].document == "doc-4");
  BOOST_TEST(s.check().empty());
}

BOOST_AUTO_TEST_CASE(add_all_rethrows_reading_and_writing_errors_and_stops_both_threads) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite);
  s.add_unit(unit("La asamblea de pobladores.", "The residents' assembly."));
  {
    // The reader fails after 2000 units: its error comes back here.
    auto tx = s.begin();
    BOOST_CHECK_THROW(tx.add_all([&](const Store::Transaction::UnitSink& sink) {
      for (int i = 0; i < 2000; ++i)
        sink(unit("Olla " + std::to_string(i), "Pot " + std::to_string(i)));
      throw InputError("bad.tmx", "unexpected </tuv>", 12, 3);
    }),
                      InputError);
  }
  BOOST_TEST(s.unit_count() == 1);
  {
    // A unit the store refuses stops a reader that would never end.
    auto tx = s.begin();
    std::atomic<int> produced = 0;
    BOOST_CHECK_THROW(tx.add_all([&](const Store::Transaction::UnitSink& sink) {
      for (int i = 0;; ++i) {
        sink(unit(i == 100 ? "Mala \xff." : "Buena " + std::to_string(i), "Unit."));
        ++produced;
      }
    }),
                      Error);
    BOOST_TEST(produced.load() < 100000);
  }
  BOOST_TEST(s.unit_count() == 1);
  BOOST_TEST(s.check().empty());
}

BOOST_AUTO_TEST_CASE(document_import_is_idempotent_and_keeps_reviewed_units) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite, "ana");
  DocumentRecord doc{"toma-1970", "toma.es.txt", "toma.en.txt", "aaa",
                     "bbb",       "es-CL",       "en",          "{\"model\":\"x\"}"};
  std::vector<TranslationUnit> v1 = {unit("Uno.", "One."), unit("Dos.", "Two."),
                                     unit("Tres.", "Three."), unit("Cuatro.", "Four.")};
  size_t last_done = 0;
  auto r1 = s.import_document(doc, v1, [&](size_t done, size_t total) {
    last_done = done;
    BOOST_TEST(total == 4u);
  });
  BOOST_TEST(last_done == 4u);
  BOOST_TEST((r1.outcome == DocumentImportResult::Outcome::Added));
  BOOST_TEST(r1.inserted == 4);
  auto docs = s.documents();
  BOOST_REQUIRE_EQUAL(docs.size(), 1u);
  BOOST_TEST(docs[0].name == "toma-1970");
  BOOST_TEST(docs[0].src_sha256 == "aaa");
  BOOST_TEST(docs[0].src_lang == "es-CL");
  BOOST_TEST(docs[0].options == "{\"model\":\"x\"}");
  BOOST_TEST(docs[0].imported_by == "ana");
  BOOST_TEST(docs[0].units == 4);
  auto first = all_units(s);
  BOOST_TEST(*first[2].position == 2);
  BOOST_TEST(*first[2].document == "toma-1970");

  // Same file digests: nothing changes.
  auto r2 = s.import_document(doc, v1);
  BOOST_TEST((r2.outcome == DocumentImportResult::Outcome::Unchanged));
  BOOST_TEST(s.unit_count() == 4);
  BOOST_TEST(all_units(s)[0].id == first[0].id);

  // A reviewer fixes one unit, rejects another.
  s.edit_unit(first[1].id, {.target_text = "Two (fixed).", .status = UnitStatus::Reviewed});
  s.set_status(first[3].id, UnitStatus::Rejected);

  // Changed document: machine pairs replaced; the person's decisions the
  // caller does not place again stay, without a place, and are named.
  doc.src_sha256 = "ccc";
  std::vector<TranslationUnit> v2 = {unit("Uno.", "One!"), unit("Dos.", "Two, again."),
                                     unit("Tres y media.", "Three and a half.")};
  auto r3 = s.import_document(doc, v2);
  BOOST_TEST((r3.outcome == DocumentImportResult::Outcome::Replaced));
  BOOST_TEST(r3.removed == 2);
  BOOST_TEST(r3.kept_decisions == 0);
  BOOST_TEST((r3.unplaced == std::vector<int64_t>{first[1].id, first[3].id}));
  BOOST_TEST(r3.inserted == 3);
  auto now = all_units(s);
  BOOST_REQUIRE_EQUAL(now.size(), 5u);
  std::vector<std::string> targets;
  for (auto& u : now) targets.push_back(u.target.text);
  BOOST_TEST((std::count(targets.begin(), targets.end(), "Two (fixed).") == 1));
  BOOST_TEST((std::count(targets.begin(), targets.end(), "Four.") == 1));
  BOOST_TEST((std::count(targets.begin(), targets.end(), "One!") == 1));
  BOOST_TEST((std::count(targets.begin(), targets.end(), "One.") == 0));
  BOOST_TEST((std::count(targets.begin(), targets.end(), "Two, again.") == 1));
  BOOST_TEST(s.document("toma-1970")->src_sha256 == "ccc");
}

BOOST_AUTO_TEST_CASE(replacing_and_deleting_documents_keeps_shared_units) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite);
  DocumentRecord a{"a", "", "", "1", "1", "es", "en", ""};
  DocumentRecord b{"b", "", "", "2", "2", "es", "en", ""};
  s.import_document(a, {unit("Compartida.", "Shared."), unit("Sólo A.", "Only A.")});
  auto rb = s.import_document(b, {unit("Compartida.", "Shared."), unit("Sólo B.", "Only B.")});
  BOOST_TEST(rb.merged == 1);
  BOOST_TEST(s.unit_count() == 3);

  // Deleting A: the shared unit now belongs to B.
  s.delete_document("a");
  auto all = all_units(s);
  BOOST_REQUIRE_EQUAL(all.size(), 2u);
  BOOST_TEST(all[0].source.text == "Compartida.");
  BOOST_TEST(*all[0].document == "b");
  BOOST_TEST(*all[0].position == 0);
  BOOST_TEST(all[0].origins.empty());
  BOOST_CHECK_THROW(s.delete_document("a"), NotFoundError);

  // A new alignment of B, forced: its machine pair goes, the reviewed one
  // stays without a place.
  s.set_status(all[1].id, UnitStatus::Reviewed);
  auto rr = s.store_alignment(b, {unit("Nueva.", "New."), unit("Nueva.", "New.")}, {}, true);
  BOOST_TEST(rr.removed == 1);
  BOOST_TEST(rr.inserted == 1);
  BOOST_TEST(rr.merged == 1);
  BOOST_TEST((rr.unplaced == std::vector<int64_t>{all[1].id}));
  all = all_units(s);
  BOOST_REQUIRE_EQUAL(all.size(), 2u);
  BOOST_TEST(all[1].source.text == "Nueva.");
  BOOST_TEST(all[1].origins.size() == 1u);  // the second position

  // A new name creates the document.
  auto rn = s.import_document({"c"}, std::vector<TranslationUnit>{unit("Otra.", "Other.")});
  BOOST_TEST((rn.outcome == DocumentImportResult::Outcome::Added));
  BOOST_TEST(s.documents().size() == 2u);
}

BOOST_AUTO_TEST_CASE(edit_status_delete_record_who_and_when) {
  auto s1 = Store::open(":memory:", OpenMode::ReadWrite, "ana");
  auto u = unit("Texto viejo.", "Old text.");
  u.created_at = 100;
  auto id = s1.add_unit(u).id;
  s1.edit_unit(id, {.source_text = "Texto nuevo.", .note = "corregido"});
  auto got = s1.get_unit(id);
  BOOST_TEST(got->source.text == "Texto nuevo.");
  BOOST_TEST(got->note == "corregido");
  BOOST_TEST(got->created_at == 100);
  BOOST_TEST(got->changed_at > 100);
  BOOST_TEST(got->changed_by == "ana");
  // The search index follows the edit.
  BOOST_TEST(s1.concordance({.text = "nuevo"}).size() == 1u);
  BOOST_TEST(s1.concordance({.text = "viejo"}).empty());

  s1.set_status(id, UnitStatus::Rejected);
  BOOST_TEST((s1.get_unit(id)->status == UnitStatus::Rejected));
  BOOST_CHECK_THROW(s1.set_status(id + 1, UnitStatus::Reviewed), NotFoundError);
  BOOST_CHECK_THROW(s1.edit_unit(id + 1, {.note = "x"}), NotFoundError);
  s1.delete_unit(id);
  BOOST_TEST(!s1.get_unit(id));
  BOOST_CHECK_THROW(s1.delete_unit(id), NotFoundError);
  BOOST_TEST(s1.concordance({.text = "nuevo", .include_rejected = true}).empty());
}

BOOST_AUTO_TEST_CASE(stats_count_units_by_status_and_language) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite);
  auto units = sample_units();
  for (auto& u : units) s.add_unit(u);
  s.add_unit(unit("Hola.", "Hello.", "es", "en-GB"));
  auto st = s.stats();
  BOOST_TEST(st.units == static_cast<int64_t>(units.size() + 1));
  BOOST_TEST(st.aligned == st.units);
  BOOST_TEST(st.documents == 5);
  BOOST_TEST(st.manual == 1);
  BOOST_TEST(st.schema_version == kSchemaVersion);
  bool found = false;
  for (auto& [lang, n] : st.languages)
    if (lang == "es-CL") {
      found = true;
      BOOST_TEST(n == static_cast<int64_t>(units.size()));
    }
  BOOST_TEST(found);
  BOOST_TEST(s.check().empty());
}

BOOST_AUTO_TEST_CASE(read_write_store_creates_its_file_on_first_write) {
  TempDir dir;
  const auto path = dir.file("new.tm");
  {
    auto s = Store::open(path, OpenMode::ReadWrite);
    BOOST_TEST(!std::filesystem::exists(path));
    BOOST_TEST(s.unit_count() == 0);
    BOOST_TEST(all_units(s).empty());
    BOOST_TEST(s.concordance({.text = "x"}).empty());
    BOOST_TEST(s.fuzzy_match("x").empty());
    BOOST_TEST(s.documents().empty());
    s.add_unit(unit("Hola.", "Hello."));
    BOOST_TEST(std::filesystem::exists(path));
  }
  auto r = Store::open(path, OpenMode::ReadOnly);
  BOOST_TEST(r.unit_count() == 1);
  BOOST_TEST(r.stats().schema_version == kSchemaVersion);
  BOOST_CHECK_THROW(Store::open(dir.file("missing.tm"), OpenMode::ReadOnly), NotFoundError);
}

BOOST_AUTO_TEST_SUITE_END()
