// The PostgreSQL store's client-side parts that need no server: the words
// it stores (pg_words.h) and the filter of keys a first import added
// (pg_key_filter.h).
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>

#include "tm/store/pg/pg_key_filter.h"
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

BOOST_AUTO_TEST_CASE(the_key_filter_is_exact_while_small) {
  KeyFilter filter;
  for (int64_t k = 0; k < 1000; ++k) filter.add(k * 7919);
  for (int64_t k = 0; k < 1000; ++k) {
    BOOST_TEST(filter.may_hold(k * 7919));
    BOOST_TEST(!filter.may_hold(k * 7919 + 1));
  }
}

BOOST_AUTO_TEST_CASE(the_key_filter_never_forgets_a_key_and_rarely_invents_one) {
  KeyFilter filter;
  const int64_t n = 3 * static_cast<int64_t>(KeyFilter::kExactKeys);
  auto key = [](int64_t i) { return i * 1000003 - 424242; };
  for (int64_t i = 0; i < n; ++i) filter.add(key(i));
  int64_t missed = 0;
  for (int64_t i = 0; i < n; ++i) missed += filter.may_hold(key(i)) ? 0 : 1;
  BOOST_TEST(missed == 0);
  int64_t invented = 0;
  for (int64_t i = n; i < 2 * n; ++i) invented += filter.may_hold(key(i)) ? 1 : 0;
  // At 200k keys in 2^27 bits with 4 probes, about 1 in 10^8 in theory.
  BOOST_TEST(invented < n / 1000);
}

BOOST_AUTO_TEST_SUITE_END()
