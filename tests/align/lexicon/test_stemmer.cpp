#include <boost/test/unit_test.hpp>

#include "align/lexicon/stemmer.h"
#include "align/text.h"

using alinea::align::fold;
using alinea::align::Language;
using alinea::align::Stemmer;

BOOST_AUTO_TEST_SUITE(stemmer)

BOOST_AUTO_TEST_CASE(spanish_inflections_meet) {
  Stemmer es(Language::Spanish);
  BOOST_TEST(es.stem(fold("ocupaciones")) == es.stem(fold("ocupación")));
  BOOST_TEST(es.stem(fold("pobladores")) == es.stem(fold("poblador")));
  BOOST_TEST(es.stem(fold("tomas")) == es.stem(fold("toma")));
  BOOST_TEST(es.stem("ocupaciones").size() < std::string("ocupaciones").size());
  // Different words keep different stems.
  BOOST_TEST(es.stem("casa") != es.stem("cosa"));
}

BOOST_AUTO_TEST_CASE(spanish_folded_accent_endings) {
  Stemmer es(Language::Spanish);
  // -ió, -ía, -ían, -éis lose their accent when folded; the verb still
  // meets its infinitive.
  BOOST_TEST(es.stem(fold("respondió")) == es.stem("responder"));
  BOOST_TEST(es.stem(fold("había")) == es.stem("haber"));
  BOOST_TEST(es.stem(fold("habían")) == es.stem("haber"));
  BOOST_TEST(es.stem(fold("habéis")) == es.stem("haber"));
  BOOST_TEST(es.stem(fold("comeréis")) == es.stem("comer"));
  // Nouns in -io/-ia keep singular and plural together.
  BOOST_TEST(es.stem("principio") == es.stem("principios"));
  BOOST_TEST(es.stem("familia") == es.stem("familias"));
  BOOST_TEST(es.stem("seis") == "seis");
  // Folded and accented spellings give the same stem.
  BOOST_TEST(es.stem(fold("nación")) == es.stem(fold("naciones")));
  BOOST_TEST(es.stem(fold("sociología")) == es.stem("sociologias"));
}

BOOST_AUTO_TEST_CASE(english_inflections_meet) {
  Stemmer en(Language::English);
  BOOST_TEST(en.stem("occupations") == en.stem("occupation"));
  BOOST_TEST(en.stem("takeovers") == en.stem("takeover"));
  BOOST_TEST(en.stem("settlers") == en.stem("settler"));
  BOOST_TEST(en.stem("land") != en.stem("lend"));
}

BOOST_AUTO_TEST_CASE(short_words_and_phrases) {
  Stemmer en(Language::English);
  BOOST_TEST(en.stem("as") == "as");  // Snowball alone would give "a"
  BOOST_TEST(en.stem("") == "");
  BOOST_TEST(en.stem_phrase("  land   takeovers ") == en.stem("land") + " " + en.stem("takeovers"));
  Stemmer es(Language::Spanish);
  BOOST_TEST(es.stem_phrase("tomas de terreno") == es.stem("tomas") + " de " + es.stem("terreno"));
}

BOOST_AUTO_TEST_CASE(movable) {
  Stemmer a(Language::Spanish);
  Stemmer b = std::move(a);
  BOOST_TEST(b.stem("ocupaciones") == Stemmer(Language::Spanish).stem("ocupacion"));
  BOOST_TEST((b.language() == Language::Spanish));
}

BOOST_AUTO_TEST_SUITE_END()
