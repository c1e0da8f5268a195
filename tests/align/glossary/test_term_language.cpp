#include <boost/test/unit_test.hpp>

#include "align/glossary/term_language.h"

using namespace alinea::align;

BOOST_AUTO_TEST_SUITE(term_language)

BOOST_AUTO_TEST_CASE(spanish_terms_score_positive) {
  for (const char* term : {"comités de vivienda", "tomas de terreno", "la asamblea vecinal",
                           "olla común", "campamento", "pobladores", "Unidad Popular", "dirigentes",
                           "solidaridad", "allegados", "AÑO NUEVO"})
    BOOST_TEST(spanish_evidence(term) > 0.0, term);
}

BOOST_AUTO_TEST_CASE(english_terms_score_negative) {
  for (const char* term :
       {"housing committees", "land takeovers", "the neighbourhood assembly", "communal kitchen",
        "shantytown dwellers", "Popular Unity", "workers' union", "strike", "the camp", "info"})
    BOOST_TEST(spanish_evidence(term) < 0.0, term);
}

BOOST_AUTO_TEST_CASE(words_without_tell_tale_spelling_are_neutral) {
  BOOST_TEST(spanish_evidence("popular") == 0.0);
  BOOST_TEST(spanish_evidence("Alameda Central 1970") == spanish_evidence("Alameda Central"));
  BOOST_TEST(spanish_evidence("") == 0.0);
}

BOOST_AUTO_TEST_CASE(hint_adds_evidence) {
  WordLanguageHint hint = [](std::string_view w) -> std::optional<Language> {
    if (w == "poder") return Language::Spanish;
    if (w == "power") return Language::English;
    return std::nullopt;
  };
  BOOST_TEST(spanish_evidence("Poder popular") == 0.0);
  BOOST_TEST(spanish_evidence("Poder popular", hint) > 1.0);
  BOOST_TEST(spanish_evidence("power", hint) < spanish_evidence("power"));
}

BOOST_AUTO_TEST_CASE(function_words_can_be_left_out) {
  BOOST_TEST(spanish_evidence("the masses") < spanish_evidence("the masses", {}, false));
  BOOST_TEST(is_function_word("de"));
  BOOST_TEST(is_function_word("the"));
  BOOST_TEST(!is_function_word("toma"));
  BOOST_TEST(lower_latin("ÁRBOL Ñandú") == "árbol ñandú");
}

BOOST_AUTO_TEST_SUITE_END()
