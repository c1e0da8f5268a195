#include <boost/test/unit_test.hpp>

#include "fixtures.h"
#include "tm/error.h"
#include "tm/store/store.h"

using namespace alinea::tm;
using namespace alinea::tm::test;

namespace {

Store sample_store() {
  auto s = Store::open(":memory:", OpenMode::ReadWrite);
  auto tx = s.begin();
  int64_t t = 1600000000;  // in the past, so that edits are the newest changes
  for (auto u : sample_units()) {
    u.created_at = t++;
    tx.add(u);
  }
  tx.commit();
  return s;
}

std::string cut(const std::string& text, ByteRange r) {
  return text.substr(r.begin, r.end - r.begin);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(concordance)

BOOST_AUTO_TEST_CASE(ignores_case_and_accents_and_highlights_bytes) {
  auto s = sample_store();
  auto hits = s.concordance({.text = "EDUCACION"});
  BOOST_REQUIRE_EQUAL(hits.size(), 2u);
  for (const auto& h : hits) {
    BOOST_REQUIRE_EQUAL(h.source_highlights.size(), 1u);
    BOOST_TEST(cut(h.unit.source.text, h.source_highlights[0]) == "educación");
    BOOST_TEST(h.target_highlights.empty());
  }
  // The accented query finds the same units.
  BOOST_TEST(s.concordance({.text = "educación"}).size() == 2u);
}

BOOST_AUTO_TEST_CASE(phrase_and_prefix_queries) {
  auto s = sample_store();
  auto phrase = s.concordance({.text = "\"poder popular\"", .lang = "es", .limit = 50});
  BOOST_TEST(phrase.size() == 6u);
  for (const auto& h : phrase) {
    BOOST_REQUIRE(!h.source_highlights.empty());
    BOOST_TEST(cut(h.unit.source.text, h.source_highlights[0]) == "poder popular");
  }
  // Without quotes: both words anywhere ("El poder del Estado" has no "popular").
  auto words = s.concordance({.text = "poder popular", .lang = "es", .limit = 50});
  BOOST_TEST(words.size() == 6u);
  auto poder = s.concordance({.text = "poder", .lang = "es", .limit = 50});
  BOOST_TEST(poder.size() == 7u);

  auto prefix = s.concordance({.text = "poblac*", .limit = 50});
  BOOST_TEST(prefix.size() == 2u);
  for (const auto& h : prefix) {
    BOOST_REQUIRE_EQUAL(h.source_highlights.size(), 1u);
    BOOST_TEST(cut(h.unit.source.text, h.source_highlights[0]) == "población");
  }
  auto pob = s.concordance({.text = "poblador*"});
  BOOST_TEST(pob.size() == 2u);
}

BOOST_AUTO_TEST_CASE(language_side_and_order) {
  auto s = sample_store();
  // "popular" is both a Spanish and an English word here.
  auto en = s.concordance({.text = "popular", .lang = "en", .limit = 50});
  auto es = s.concordance({.text = "popular", .lang = "es", .limit = 50});
  auto any = s.concordance({.text = "popular", .limit = 50});
  // en: Popular education x2, popular power x2, Popular Unity x2, "poder popular" kept
  BOOST_TEST(en.size() == 7u);
  BOOST_TEST(es.size() == 10u);  // poder popular x6, educación popular x2, Unidad Popular x2
  BOOST_TEST(any.size() == 10u);
  for (const auto& h : en) {
    BOOST_TEST(h.source_highlights.empty());
    BOOST_TEST(!h.target_highlights.empty());
  }
  // Ranked: scores never increase.
  for (size_t i = 1; i < any.size(); ++i) BOOST_TEST(any[i].score <= any[i - 1].score);

  // Newest first: the last edited unit comes first.
  auto id = es.back().unit.id;
  s.edit_unit(id, {.note = "x"});
  auto newest = s.concordance(
      {.text = "popular", .lang = "es", .limit = 3, .order = ConcordanceQuery::Order::Newest});
  BOOST_REQUIRE_EQUAL(newest.size(), 3u);
  BOOST_TEST(newest[0].unit.id == id);
  BOOST_TEST(s.concordance({.text = "popular", .limit = 4}).size() == 4u);
  BOOST_TEST(s.concordance({.text = "popular", .limit = 50, .document = "educacion"}).size() == 2u);
  BOOST_CHECK_THROW(s.concordance({.text = "x", .lang = "es' OR 1=1 --"}), Error);
}

BOOST_AUTO_TEST_CASE(language_is_found_on_either_side) {
  auto s = sample_store();
  BOOST_TEST(s.concordance({.text = "marcha", .lang = "es"}).size() == 1u);
  // A unit translated from English: its Spanish is the target.
  s.add_unit(unit("The march went on.", "La marcha siguió.", "en-GB", "es-CL"));
  auto es = s.concordance({.text = "marcha", .lang = "es", .limit = 10});
  BOOST_REQUIRE_EQUAL(es.size(), 2u);
  bool reverse_found = false;
  for (const auto& h : es) {
    if (h.unit.source.lang != "en-GB") continue;
    reverse_found = true;
    BOOST_TEST(h.source_highlights.empty());
    BOOST_REQUIRE_EQUAL(h.target_highlights.size(), 1u);
    BOOST_TEST(cut(h.unit.target.text, h.target_highlights[0]) == "marcha");
  }
  BOOST_TEST(reverse_found);
  BOOST_TEST(s.concordance({.text = "march", .lang = "en", .limit = 10}).size() == 2u);
  BOOST_TEST(s.concordance({.text = "marcha", .lang = "es-CL", .limit = 10}).size() == 2u);
  BOOST_TEST(s.concordance({.text = "marcha", .lang = "fr"}).empty());
  // Fuzzy matching against Spanish finds the Spanish side, wherever it is.
  auto m = s.fuzzy_match("La marcha siguió.", {.lang = "es"});
  BOOST_REQUIRE(!m.empty());
  BOOST_TEST(m[0].percent == 100.0);
  BOOST_TEST(m[0].matched_target);
}

BOOST_AUTO_TEST_CASE(rejected_units_are_hidden_unless_asked) {
  auto s = sample_store();
  auto hits = s.concordance({.text = "campamento"});
  BOOST_REQUIRE_EQUAL(hits.size(), 1u);
  s.set_status(hits[0].unit.id, UnitStatus::Rejected);
  BOOST_TEST(s.concordance({.text = "campamento"}).empty());
  BOOST_TEST(s.concordance({.text = "campamento", .include_rejected = true}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(hostile_queries_are_plain_text) {
  auto s = sample_store();
  s.add_unit(unit("Dijo: \"near\" y se fue; drop table units.", "He said \"near\" and left."));
  const std::vector<std::string> queries = {
      "\"",
      "\"\"",
      "NEAR(",
      "NEAR(poder popular, 2)",
      "poder OR",
      "AND",
      "NOT poder",
      "*",
      "poder)",
      "(poder",
      "{src_text}: poder",
      "src_text:poder",
      "'; DROP TABLE units; --",
      "^poder",
      "poder + popular",
      std::string("po\0der", 6),
      "\x01\x02\x1b[31m",
      "\xff\xfe",
      "poder\"popular",
      "-poder",
      "\"poder popular",
  };
  for (const auto& q : queries) {
    BOOST_CHECK_NO_THROW(s.concordance({.text = q}));
    BOOST_CHECK_NO_THROW(s.fuzzy_match(q));
    BOOST_CHECK_NO_THROW(s.term_variants(q));
  }
  // The table is still there, and operators are words.
  BOOST_TEST(s.unit_count() == 19);
  BOOST_TEST(s.concordance({.text = "NEAR("}).size() == 1u);
  BOOST_TEST(s.concordance({.text = "drop table units"}).size() == 1u);
  BOOST_TEST(s.concordance({.text = "NOT poder"}).empty());  // "not" is a word to find
  BOOST_TEST(s.concordance({.text = "{src_text}: poder"}).empty());
  // An unterminated quote is a phrase up to the end.
  BOOST_TEST(s.concordance({.text = "\"poder popular", .limit = 50}).size() == 6u);
  BOOST_TEST(s.concordance({.text = "\""}).empty());
}

// "sistema de archivos": units with the phrase come before units that only
// have its words, even when BM25 prefers the latter (shorter, word repeated).
namespace {
Store phrase_store() {
  auto s = Store::open(":memory:", OpenMode::ReadWrite);
  s.add_unit(unit("Archivos de registro del sistema.", "System log files."));
  s.add_unit(unit("Sistema: archivos de sistema.", "System: system files."));
  s.add_unit(
      unit("Para montar otro sistema de archivos en el directorio que quiera, use la "
           "orden mount con las opciones que correspondan.",
           "To mount another file system on the directory you want, use the mount "
           "command with the right options."));
  s.add_unit(unit("Copia de archivos del sistema.", "Copy of system files."));
  return s;
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_query_of_several_words_is_a_phrase_first) {
  auto s = phrase_store();
  auto hits = s.concordance({.text = "sistema de archivos", .lang = "es"});
  BOOST_REQUIRE_EQUAL(hits.size(), 4u);
  BOOST_TEST(hits[0].unit.id == 3);
  BOOST_TEST(hits[0].phrase);
  BOOST_REQUIRE_EQUAL(hits[0].source_highlights.size(), 1u);
  BOOST_TEST(cut(hits[0].unit.source.text, hits[0].source_highlights[0]) == "sistema de archivos");
  for (size_t i = 1; i < hits.size(); ++i) {
    BOOST_TEST(!hits[i].phrase);
    BOOST_TEST(hits[i].unit.id != 3);
  }
  // Any order: BM25 alone puts the long unit last; phrase hits still marked.
  auto words = s.concordance({.text = "sistema de archivos", .lang = "es", .words = true});
  BOOST_REQUIRE_EQUAL(words.size(), 4u);
  BOOST_TEST(words.back().unit.id == 3);
  BOOST_TEST(words.back().phrase);
  BOOST_TEST(!words.front().phrase);
  // A limit smaller than the phrase hits shows only phrase hits.
  auto one = s.concordance({.text = "sistema de archivos", .lang = "es", .limit = 1});
  BOOST_REQUIRE_EQUAL(one.size(), 1u);
  BOOST_TEST(one[0].unit.id == 3);
  // Without a language, the same; the English side has no "sistema".
  auto any = s.concordance({.text = "sistema de archivos"});
  BOOST_REQUIRE_EQUAL(any.size(), 4u);
  BOOST_TEST(any[0].unit.id == 3);
  // A prefix on the last word joins the phrase; quoted phrases still work.
  auto prefix = s.concordance({.text = "sistema de arch*", .lang = "es"});
  BOOST_REQUIRE_EQUAL(prefix.size(), 4u);
  BOOST_TEST(prefix[0].unit.id == 3);
  BOOST_TEST(s.concordance({.text = "\"sistema de archivos\""}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_count_is_every_match_not_the_hits_shown) {
  auto s = phrase_store();
  {
    auto tx = s.begin();
    for (int i = 0; i < 45; ++i)
      tx.add(unit("La contraseña número " + std::to_string(i) + " caduca.",
                  "Password number " + std::to_string(i) + " expires."));
    tx.commit();
  }
  ConcordanceQuery q{.text = "contraseña", .limit = 20};
  BOOST_TEST(s.concordance(q).size() == 20u);
  auto c = s.concordance_count(q);
  BOOST_TEST(c.units == 45);
  BOOST_TEST(c.phrase == 45);
  BOOST_TEST(!c.capped);
  auto capped = s.concordance_count(q, 10);
  BOOST_TEST(capped.units == 10);
  BOOST_TEST(capped.capped);
  // Filters count as they search: language side, rejected units.
  BOOST_TEST(s.concordance_count({.text = "contraseña", .lang = "en"}).units == 0);
  BOOST_TEST(s.concordance_count({.text = "password", .lang = "en"}).units == 45);
  s.set_status(10, UnitStatus::Rejected);
  BOOST_TEST(s.concordance_count(q).units == 44);
  BOOST_TEST(s.concordance_count({.text = "contraseña", .include_rejected = true}).units == 45);
  // Words and phrase counted apart.
  auto sa = s.concordance_count({.text = "sistema de archivos", .lang = "es"});
  BOOST_TEST(sa.units == 4);
  BOOST_TEST(sa.phrase == 1);
  BOOST_TEST(s.concordance_count({.text = "nada"}).units == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fuzzy)

BOOST_AUTO_TEST_CASE(identical_sentence_is_100) {
  auto s = sample_store();
  auto m = s.fuzzy_match("La toma de terreno comenzó al amanecer.");
  BOOST_REQUIRE(!m.empty());
  BOOST_TEST(m[0].percent == 100.0);
  BOOST_TEST(m[0].unit.target.text == "The land takeover began at dawn.");
  BOOST_TEST(m[0].unit_diff.empty());
  BOOST_TEST(m[0].query_diff.empty());
}

BOOST_AUTO_TEST_CASE(numbers_and_punctuation_cost_little_words_cost_more) {
  auto s = sample_store();
  const std::string year = "En 1971 se fundó el campamento Nueva La Habana.";
  auto by_year = s.fuzzy_match(year);
  BOOST_REQUIRE(!by_year.empty());
  BOOST_TEST(by_year[0].unit.source.text == "En 1970 se fundó el campamento Nueva La Habana.");
  BOOST_TEST(by_year[0].percent < 100.0);
  BOOST_TEST(by_year[0].percent > 95.0);
  BOOST_REQUIRE_EQUAL(by_year[0].unit_diff.size(), 1u);
  BOOST_TEST(cut(by_year[0].unit.source.text, by_year[0].unit_diff[0]) == "1970");
  BOOST_REQUIRE_EQUAL(by_year[0].query_diff.size(), 1u);
  BOOST_TEST(cut(year, by_year[0].query_diff[0]) == "1971");

  auto punct = s.fuzzy_match("En 1970 se fundó el campamento Nueva La Habana!");
  BOOST_REQUIRE(!punct.empty());
  BOOST_TEST(punct[0].percent > 97.0);
  BOOST_TEST(punct[0].percent < 100.0);

  const std::string word = "En 1970 se fundó el sindicato Nueva La Habana.";
  auto by_word = s.fuzzy_match(word);
  BOOST_REQUIRE(!by_word.empty());
  BOOST_TEST(by_word[0].percent < by_year[0].percent);
  BOOST_TEST(by_word[0].percent > 80.0);
  BOOST_TEST(cut(word, by_word[0].query_diff.at(0)) == "sindicato");
  BOOST_TEST(cut(by_word[0].unit.source.text, by_word[0].unit_diff.at(0)) == "campamento");

  // Case and accents: nearly the same.
  auto acc = s.fuzzy_match("en 1970 se fundo el campamento Nueva La Habana.");
  BOOST_REQUIRE(!acc.empty());
  BOOST_TEST(acc[0].percent > 95.0);
  BOOST_TEST(acc[0].percent < 100.0);
}

BOOST_AUTO_TEST_CASE(threshold_limit_and_language_side) {
  auto s = sample_store();
  auto none = s.fuzzy_match("Una frase que no tiene nada que ver con la memoria.");
  for (const auto& m : none) BOOST_TEST(m.percent >= 50.0);
  auto loose = s.fuzzy_match("El poder popular se construye en los campamentos.",
                             {.min_percent = 10, .limit = 3});
  BOOST_TEST(loose.size() == 3u);
  for (size_t i = 1; i < loose.size(); ++i) BOOST_TEST(loose[i].percent <= loose[i - 1].percent);
  // Two words differ (creció / se construye) against three (desde abajo / en los campamentos).
  BOOST_TEST(loose[0].unit.source.text == "El poder popular creció en los campamentos.");
  BOOST_TEST(loose[1].unit.source.text == "El poder popular se construye desde abajo.");

  auto en = s.fuzzy_match("People's power is built from above.", {.lang = "en"});
  BOOST_REQUIRE(!en.empty());
  BOOST_TEST(en[0].matched_target);
  BOOST_TEST(en[0].unit.source.text == "El poder popular se construye desde abajo.");
  BOOST_TEST(en[0].percent > 80.0);
  BOOST_TEST(cut(en[0].unit.target.text, en[0].unit_diff.at(0)) == "below");
  // Matching English against the Spanish sources finds nothing close.
  auto wrong = s.fuzzy_match("People's power is built from above.");
  for (const auto& m : wrong) BOOST_TEST(m.percent < 60.0);
}

// fuzzy_match keeps how many units hold each word while the TM is
// unchanged: a word it found in none must be found once a unit has it,
// whether this connection or another one wrote it.
BOOST_AUTO_TEST_CASE(a_write_is_seen_by_the_next_match_on_any_connection) {
  TempDir dir;
  const std::string path = dir.file("tm.sqlite");
  auto reader = Store::open(path, OpenMode::ReadWrite);
  reader.add_unit(unit("La marcha siguió por la Alameda.", "The march went on along the Alameda."));
  const std::string query = "Los cordones industriales de Cerrillos se organizaron.";
  BOOST_TEST(reader.fuzzy_match(query).empty());

  reader.add_unit(unit(query, "The industrial belts of Cerrillos got organised."));
  auto own = reader.fuzzy_match(query);
  BOOST_REQUIRE(!own.empty());
  BOOST_TEST(own[0].percent == 100.0);

  const std::string other = "Los pobladores de Vicuña Mackenna ocuparon el terreno.";
  BOOST_TEST(reader.fuzzy_match(other).empty());
  int64_t id = 0;
  {
    auto writer = Store::open(path, OpenMode::ReadWrite);
    id = writer.add_unit(unit(other, "The settlers of Vicuña Mackenna took the land.")).id;
  }
  auto theirs = reader.fuzzy_match(other);
  BOOST_REQUIRE(!theirs.empty());
  BOOST_TEST(theirs[0].unit.id == id);

  // An edit that takes the words away: no longer found.
  {
    auto writer = Store::open(path, OpenMode::ReadWrite);
    writer.edit_unit(id, {.source_text = "Nada que ver con lo anterior, otra frase distinta."});
  }
  for (const auto& m : reader.fuzzy_match(other)) BOOST_TEST(m.unit.id != id);
}

// In a TM where every word of the query is common (in 1,000 units or more)
// the candidates come from groups of the most specific common words; the
// unit holding them all is found and ranked first, wherever it is among
// those holding some of them.
BOOST_AUTO_TEST_CASE(only_common_words_still_find_the_closest_unit) {
  auto s = Store::open(":memory:", OpenMode::ReadWrite);
  const std::vector<std::string> words = {"asamblea", "vecinos", "campamento", "comité"};
  {
    auto tx = s.begin();
    for (int i = 0; i < 8400; ++i) {
      // In the middle, neither among the first nor the last units found.
      if (i == 2800)
        tx.add(unit("Asamblea, vecinos, campamento y comité.", "the one with all four"));
      // Every other unit holds three of the four words and a number of its own.
      std::string src;
      for (int w = 0; w < 4; ++w)
        if (w != (i < 5600 ? i % 4 : 3)) src += words[static_cast<size_t>(w)] + " ";
      src += "y número " + std::to_string(i) + ".";
      tx.add(unit(src, "unit " + std::to_string(i)));
    }
    tx.commit();
  }
  auto m = s.fuzzy_match("Asamblea, vecinos, campamento y el comité.", {.limit = 3});
  BOOST_REQUIRE(!m.empty());
  BOOST_TEST(m[0].unit.target.text == "the one with all four");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(terms)

BOOST_AUTO_TEST_CASE(renderings_with_counts_documents_and_untranslated) {
  auto s = sample_store();
  // More background so that "power" alone is not a rendering.
  s.add_unit(unit("La fuerza del viento.", "The power of the wind."));
  s.add_unit(unit("La energía eléctrica.", "Electric power."));
  auto r = s.term_variants("poder popular", {.lang = "es"});
  BOOST_REQUIRE(r.size() >= 3u);
  BOOST_TEST((r[0].kind == TermRendering::Kind::Translation));
  BOOST_TEST(r[0].text == "People's power");
  BOOST_TEST(r[0].count == 3);
  BOOST_REQUIRE_EQUAL(r[0].documents.size(), 1u);
  BOOST_TEST(r[0].documents[0].first == "poder");
  BOOST_TEST(r[0].documents[0].second == 3);
  BOOST_TEST(cut(r[0].example_source, r[0].example_term) == "poder popular");
  // The example is the unit where the alignment is surest, in any spelling.
  const std::string example = cut(r[0].example_target, r[0].example_rendering);
  BOOST_TEST((example == "People's power" || example == "people's power"));
  BOOST_TEST(r[0].dice > 0.5);

  BOOST_TEST((r[1].kind == TermRendering::Kind::Translation));
  BOOST_TEST((r[1].text == "popular power" || r[1].text == "Popular power"));
  BOOST_TEST(r[1].count == 2);

  BOOST_TEST((r[2].kind == TermRendering::Kind::Untranslated));
  BOOST_TEST(r[2].count == 1);
  BOOST_TEST(r[2].text == "poder popular");
  int64_t total = 0;
  for (const auto& x : r) total += x.count;
  BOOST_TEST(total == 6);
  BOOST_TEST(inconsistent(r));

  // The other direction, from English.
  auto back = s.term_variants("popular education", {.lang = "en"});
  BOOST_REQUIRE(!back.empty());
  BOOST_TEST(back[0].text == "educación popular");
  BOOST_TEST(back[0].count == 2);
  BOOST_TEST(!inconsistent(back));

  BOOST_TEST(s.term_variants("inexistente").empty());
}

BOOST_AUTO_TEST_CASE(lexicon_candidates_are_always_scored) {
  auto s = sample_store();
  TermOptions opt;
  opt.lang = "es";
  opt.lexicon = [](std::string_view term) {
    BOOST_TEST(term == "asamblea");
    return std::vector<std::string>{"assembly"};
  };
  auto r = s.term_variants("asamblea", opt);
  BOOST_REQUIRE(!r.empty());
  BOOST_TEST(r[0].text == "assembly");
  BOOST_TEST(r[0].count == 2);
}

BOOST_AUTO_TEST_SUITE_END()
