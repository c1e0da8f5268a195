// What the aligner reads of a segment's words (features.h): numbers.
#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "align/aligner/features.h"
#include "tests/align/aligner/built_sides.h"

using namespace alinea::align;
using namespace alinea::align::detail;

namespace {

std::vector<std::string> tokens(std::string text) {
  use_point_between_digits(text);
  std::vector<std::string> out;
  for (std::string_view t : split_folded(text)) out.emplace_back(t);
  return out;
}

// Whether segment s of `side` has a token whose word is `word` (folded).
bool has_word(const SideFeatures& side, size_t s, alinea::test::BuiltSides& sides,
              const std::string& word) {
  const uint32_t wanted = sides.ids.id("w:" + word);
  for (uint32_t k = side.token_begin[s]; k < side.token_begin[s + 1]; ++k)
    for (uint32_t c : side.types[side.token_type[k]].concepts)
      if (c == wanted) return true;
  return false;
}

std::vector<Segment> one_segment(const std::string& text) {
  Segment s;
  s.text = text;
  return {s};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(features_suite)

BOOST_AUTO_TEST_CASE(a_dotted_number_is_one_token) {
  BOOST_TEST(tokens("4.6.2. secure shell") ==
             (std::vector<std::string>{"4.6.2", "secure", "shell"}));
  BOOST_TEST(tokens("tabla 12.18 de la version 2.100") ==
             (std::vector<std::string>{"tabla", "12.18", "de", "la", "version", "2.100"}));
  // A point that ends a sentence, or one with no digit after it, splits.
  BOOST_TEST(tokens("en 2021. luego 3.x") ==
             (std::vector<std::string>{"en", "2021", "luego", "3", "x"}));
  BOOST_TEST(tokens("los puntos 1, 2 y 3") ==
             (std::vector<std::string>{"los", "puntos", "1", "2", "y", "3"}));
}

BOOST_AUTO_TEST_CASE(a_decimal_comma_and_a_decimal_point_are_the_same_number) {
  BOOST_TEST(tokens("el 3,5 por ciento de 1.000") ==
             (std::vector<std::string>{"el", "3.5", "por", "ciento", "de", "1.000"}));
  BOOST_TEST(tokens("3.5 percent of 1,000, or 12") ==
             (std::vector<std::string>{"3.5", "percent", "of", "1.000", "or", "12"}));
  alinea::test::BuiltSides sides(one_segment("Subió un 3,5 por ciento en la tabla 12.18."),
                                 one_segment("It rose by 3.5 percent in table 12.18."));
  for (const char* word : {"3.5", "12.18"}) {
    BOOST_TEST(has_word(sides.es, 0, sides, word), word);
    BOOST_TEST(has_word(sides.en, 0, sides, word), word);
  }
  BOOST_TEST(!has_word(sides.es, 0, sides, "12.19"));
}

BOOST_AUTO_TEST_SUITE_END()
