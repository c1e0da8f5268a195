#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "align/glossary/glossary.h"

using namespace alinea::align;
using Strings = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(lookup)

const std::vector<GlossaryEntry> kGlossary{
    {"Cordones Industriales", "Industrial Belts", "a.md", ""},
    {"tomas de terreno", "land takeovers", "a.md", ""},
    {"pobladora", "shantytown dweller", "b.md", ""},
    {"consejos obreros", "workers' councils", "b.md", ""},
    {"toma", "takeover", "b.md", ""},
    {"poder popular", "people's power", "b.md", ""}};

BOOST_AUTO_TEST_CASE(exact_terms_ignore_case_and_accents) {
  BOOST_TEST(glossary_renderings(kGlossary, "PODER POPULAR", "es") == Strings{"people's power"});
  BOOST_TEST(glossary_renderings(kGlossary, "Toma", "es") == Strings{"takeover"});
}

BOOST_AUTO_TEST_CASE(inflected_forms_match) {
  BOOST_TEST(glossary_renderings(kGlossary, "cordón industrial", "es") ==
             Strings{"Industrial Belts"});
  BOOST_TEST(glossary_renderings(kGlossary, "industrial belt", "en") ==
             Strings{"Cordones Industriales"});
  BOOST_TEST(glossary_renderings(kGlossary, "toma de terreno", "es") == Strings{"land takeovers"});
  BOOST_TEST(glossary_renderings(kGlossary, "land takeover", "en") == Strings{"tomas de terreno"});
  // Gender and number of Spanish nouns; an article in the query.
  BOOST_TEST(glossary_renderings(kGlossary, "los pobladores", "es") ==
             Strings{"shantytown dweller"});
  // Apostrophes come and go.
  BOOST_TEST(glossary_renderings(kGlossary, "workers council", "en") ==
             Strings{"consejos obreros"});
  BOOST_TEST(glossary_renderings(kGlossary, "consejo obrero", "es") ==
             Strings{"workers' councils"});
}

BOOST_AUTO_TEST_CASE(other_words_do_not_match) {
  // Function words are compared exactly, and every word must match.
  BOOST_TEST(glossary_renderings(kGlossary, "tomas en terreno", "es").empty());
  BOOST_TEST(glossary_renderings(kGlossary, "tomas", "es") == Strings{"takeover"});
  BOOST_TEST(glossary_renderings(kGlossary, "cordón", "es").empty());
  BOOST_TEST(glossary_renderings(kGlossary, "poder", "es").empty());
  BOOST_TEST(glossary_renderings(kGlossary, "land takeovers", "es").empty());
}

BOOST_AUTO_TEST_SUITE_END()
