// Fuzzy matches with the word lists kept in memory (word_postings.h) give
// the answers the TM file gives, and never miss a committed change.
#include <boost/test/unit_test.hpp>

#include "fixtures.h"
#include "tm/store/store.h"
#include "tm/store/word_postings.h"

using namespace alinea::tm;
using namespace alinea::tm::test;

namespace {

// A TM where some words are rare and some common (in 1,000 units or more):
// both ways of finding candidates are taken.
void fill(Store& s) {
  const std::vector<std::string> common = {"asamblea", "vecinos", "campamento", "comité"};
  auto tx = s.begin();
  for (const auto& u : sample_units()) tx.add(u);
  for (int i = 0; i < 3000; ++i) {
    std::string src;
    for (int w = 0; w < 4; ++w)
      if (w != i % 4) src += common[static_cast<size_t>(w)] + " ";
    src += "de la población " + std::to_string(i % 97) + " y del sector " + std::to_string(i % 13) +
           (i % 7 ? " con la junta" : " sin la junta") + ".";
    tx.add(unit(src, "unit " + std::to_string(i), "es", "en"));
  }
  tx.add(unit("Asamblea, vecinos, campamento y comité.", "the one with all four", "es", "en"));
  tx.commit();
}

std::vector<std::string> queries() {
  return {"Asamblea, vecinos, campamento y el comité.",
          "asamblea vecinos comité de la población 12 y del sector 5 con la junta.",
          "campamento comité de la población 40 sin la junta",
          "El poder popular se construye en los campamentos.",
          "La toma de terrenos de 1970.",
          "de la y del",
          "una frase que no está en ninguna parte"};
}

std::string answers(Store& s, const std::string& query, const FuzzyOptions& options) {
  std::string out;
  for (const auto& m : s.fuzzy_match(query, options))
    out += std::to_string(m.unit.id) + (m.matched_target ? "t" : "s") + ":" +
           std::to_string(m.percent) + " ";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(word_postings)

BOOST_AUTO_TEST_CASE(the_same_answers_as_the_tm_file_gives) {
  TempDir dir;
  const std::string path = dir.file("tm.sqlite");
  {
    auto w = Store::open(path, OpenMode::ReadWrite);
    fill(w);
  }
  auto plain = Store::open(path, OpenMode::ReadOnly);
  auto kept = Store::open(path, OpenMode::ReadOnly);
  auto postings = std::make_shared<WordPostings>(64 << 20);
  kept.keep_word_postings(postings);
  for (const FuzzyOptions& options :
       {FuzzyOptions{.min_percent = 40, .limit = 5}, FuzzyOptions{.lang = "es", .limit = 5},
        FuzzyOptions{.lang = "en", .min_percent = 30, .limit = 5}}) {
    for (int pass = 0; pass < 2; ++pass) {  // lists read, then lists kept
      for (const auto& q : queries()) {
        BOOST_TEST_CONTEXT("'" << q << "' lang '" << options.lang << "' pass " << pass) {
          BOOST_TEST(answers(kept, q, options) == answers(plain, q, options));
        }
      }
    }
  }
  BOOST_TEST(postings->size() > 0u);
  const auto all = kept.fuzzy_match(queries()[0], {.limit = 3});
  BOOST_REQUIRE(!all.empty());
  BOOST_TEST(all[0].unit.target.text == "the one with all four");
}

// Two reader connections share the lists; a third connection writes. Each
// reader sees every committed change at its next lookup, and a connection
// that never looked before does not trust lists it did not see read.
BOOST_AUTO_TEST_CASE(a_commit_on_another_connection_is_seen_by_every_reader) {
  TempDir dir;
  const std::string path = dir.file("tm.sqlite");
  {
    auto w = Store::open(path, OpenMode::ReadWrite);
    fill(w);
  }
  auto postings = std::make_shared<WordPostings>(64 << 20);
  auto first = Store::open(path, OpenMode::ReadOnly);
  auto second = Store::open(path, OpenMode::ReadOnly);
  first.keep_word_postings(postings);
  second.keep_word_postings(postings);
  const std::string query = "Los pobladores del campamento ocuparon el terreno de la junta.";
  BOOST_TEST(first.fuzzy_match(query).empty());
  BOOST_TEST(second.fuzzy_match(query).empty());

  int64_t id = 0;
  {
    auto writer = Store::open(path, OpenMode::ReadWrite);
    id = writer.add_unit(unit(query, "The settlers of the camp took the land of the board.")).id;
  }
  for (Store* reader : {&first, &second}) {
    auto m = reader->fuzzy_match(query);
    BOOST_REQUIRE(!m.empty());
    BOOST_TEST(m[0].unit.id == id);
    BOOST_TEST(m[0].percent == 100.0);
  }
  // An edit that takes the words away: no longer found.
  {
    auto writer = Store::open(path, OpenMode::ReadWrite);
    writer.edit_unit(id, {.source_text = "Nada que ver con lo anterior, otra frase distinta."});
  }
  for (const auto& m : second.fuzzy_match(query)) BOOST_TEST(m.unit.id != id);

  // A connection that joins after the lists were read, and a unit added
  // before its first look: the lists read before the unit was added are
  // not trusted.
  const std::string other = "Los vecinos de Lo Hermida levantaron su policlínico.";
  BOOST_TEST(first.fuzzy_match(other).empty());  // reads the lists of its words
  auto third = Store::open(path, OpenMode::ReadOnly);
  third.keep_word_postings(postings);
  {
    auto writer = Store::open(path, OpenMode::ReadWrite);
    id = writer.add_unit(unit(other, "The neighbours of Lo Hermida built their clinic.")).id;
  }
  auto m = third.fuzzy_match(other);
  BOOST_REQUIRE(!m.empty());
  BOOST_TEST(m[0].unit.id == id);
}

BOOST_AUTO_TEST_CASE(a_list_read_before_a_change_is_refused_and_the_bound_holds) {
  WordPostings postings(100000);
  auto list = std::make_shared<WordPostings::List>(WordPostings::List{1, 5, 9});
  const uint64_t before = postings.generation();
  postings.invalidate();
  postings.put("\"toma\"", list, before);
  BOOST_TEST(!postings.find("\"toma\""));
  postings.put("\"toma\"", list, postings.generation());
  BOOST_REQUIRE(postings.find("\"toma\""));
  BOOST_TEST(postings.find("\"toma\"")->size() == 3u);
  // A list over an eighth of the bound is not kept; past the bound the
  // lists are dropped and the new one kept.
  postings.put("\"huge\"", std::make_shared<WordPostings::List>(4000, 1), postings.generation());
  BOOST_TEST(!postings.find("\"huge\""));
  for (int i = 0; i < 40; ++i)
    postings.put("\"w" + std::to_string(i) + "\"", std::make_shared<WordPostings::List>(2000, 1),
                 postings.generation());
  BOOST_TEST(postings.bytes() <= 100000u);
  BOOST_TEST(postings.find("\"w39\""));
  BOOST_TEST(!postings.find("\"toma\""));
}

BOOST_AUTO_TEST_SUITE_END()
