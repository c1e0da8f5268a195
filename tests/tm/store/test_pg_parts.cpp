// The PostgreSQL store's client-side parts that need no server: the words
// it stores (pg_words.h).
#include <boost/test/unit_test.hpp>
#include <string>

#include "tm/store/pg/pg_words.h"

using namespace alinea::tm::pg;

BOOST_AUTO_TEST_SUITE(pg_parts)

BOOST_AUTO_TEST_CASE(a_text_s_words_are_folded_sorted_and_placed) {
  BOOST_TEST(tsvector_of("La tierra de la Población") ==
             "'de':3 'la':1,4 'poblacion':5 'tierra':2");
  BOOST_TEST(tsvector_of("") == "");
  const UnitWords words = unit_words("Poder popular.", "People's power.");
  BOOST_TEST(words.source == tsvector_of("Poder popular."));
  BOOST_TEST(words.target == tsvector_of("People's power."));
  BOOST_TEST(is_words_column(words_column(TextSide::source)));
  BOOST_TEST(is_words_column(words_column(TextSide::target)));
  BOOST_TEST(!is_words_column("src_text"));
}

BOOST_AUTO_TEST_SUITE_END()
