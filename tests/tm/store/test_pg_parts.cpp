// The PostgreSQL store's client-side parts that need no server: the words
// it stores (pg_words.h) and the map of keys a first import added
// (pg_added_keys.h).
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "tm/store/pg/pg_added_keys.h"
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

BOOST_AUTO_TEST_CASE(the_added_keys_give_back_every_id_of_a_key_and_no_other) {
  AddedKeys added;
  int64_t seen = 0;
  added.each_id(42, [&](int64_t) { ++seen; });
  BOOST_TEST(seen == 0);
  // Enough keys for the map to grow several times; every seventh key is
  // added twice (another unit under the same key), and keys collide in
  // their low bits.
  auto key = [](int64_t i) { return i * 1000003 - 424242; };
  const int64_t n = 100000;
  int64_t id = 0;
  for (int64_t i = 0; i < n; ++i) {
    added.add(key(i), ++id);
    if (i % 7 == 0) added.add(key(i), ++id);
  }
  BOOST_TEST(added.size() == static_cast<std::size_t>(id));
  int64_t expected_id = 0;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<int64_t> ids;
    added.each_id(key(i), [&](int64_t x) { ids.push_back(x); });
    std::sort(ids.begin(), ids.end());
    std::vector<int64_t> expected{++expected_id};
    if (i % 7 == 0) expected.push_back(++expected_id);
    BOOST_TEST(ids == expected, boost::test_tools::per_element());
  }
  int64_t invented = 0;
  for (int64_t i = n; i < 2 * n; ++i) added.each_id(key(i), [&](int64_t) { ++invented; });
  BOOST_TEST(invented == 0);
}

BOOST_AUTO_TEST_CASE(the_added_keys_refuse_an_id_they_cannot_hold) {
  AddedKeys added;
  BOOST_CHECK_THROW(added.add(1, 0), alinea::tm::Error);
  BOOST_CHECK_THROW(added.add(1, int64_t{1} << 32), alinea::tm::Error);
  added.add(1, (int64_t{1} << 32) - 1);
  int64_t got = 0;
  added.each_id(1, [&](int64_t x) { got = x; });
  BOOST_TEST(got == (int64_t{1} << 32) - 1);
}

BOOST_AUTO_TEST_SUITE_END()
