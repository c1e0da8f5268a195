#define BOOST_TEST_MODULE test_segment
#include <boost/test/unit_test.hpp>

#include "align/segment/segmenter.h"
#include "helpers.h"

using namespace alinea::align;
using alinea::align::test::sentences;
using Strings = std::vector<std::string>;

namespace {
constexpr Language es = Language::Spanish;
constexpr Language en = Language::English;
}  // namespace

BOOST_AUTO_TEST_SUITE(splitter)

BOOST_AUTO_TEST_CASE(abbreviations_spanish) {
  BOOST_TEST(
      sentences("El Sr. García llegó a EE. UU. el 11 de sept. de 1973. Luego volvió.", es) ==
          (Strings{"El Sr. García llegó a EE. UU. el 11 de sept. de 1973.", "Luego volvió."}),
      boost::test_tools::per_element());
  BOOST_TEST(sentences("Vivió en EE. UU. Después volvió a Chile.", es) ==
                 (Strings{"Vivió en EE. UU.", "Después volvió a Chile."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Hay muchos casos, p. ej. La Victoria y La Legua. Todos conocidos.", es) ==
                 (Strings{"Hay muchos casos, p. ej. La Victoria y La Legua.", "Todos conocidos."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Véase la pág. 12 y el núm. 4 de la revista. Allí está.", es) ==
                 (Strings{"Véase la pág. 12 y el núm. 4 de la revista.", "Allí está."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("La Dra. Pérez y el Prof. Soto firmaron. Nadie más.", es) ==
                 (Strings{"La Dra. Pérez y el Prof. Soto firmaron.", "Nadie más."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Fue en el año 500 a. C. Luego vino Roma.", es) ==
                 (Strings{"Fue en el año 500 a. C.", "Luego vino Roma."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Del 500 a. C. al 200 d. C. hubo guerras. Fin.", es) ==
                 (Strings{"Del 500 a. C. al 200 d. C. hubo guerras.", "Fin."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(abbreviations_in_capitals) {
  BOOST_TEST(sentences("EL SR. GARCÍA Y LA DRA. PÉREZ LLEGARON. FIN.", es) ==
                 (Strings{"EL SR. GARCÍA Y LA DRA. PÉREZ LLEGARON.", "FIN."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(etc_only_when_not_final) {
  BOOST_TEST(sentences("Trajeron palos, latas, etc. y levantaron las carpas.", es) ==
                 (Strings{"Trajeron palos, latas, etc. y levantaron las carpas."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Trajeron palos, latas, etc. Después levantaron las carpas.", es) ==
                 (Strings{"Trajeron palos, latas, etc.", "Después levantaron las carpas."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("They brought poles, tin sheets, etc. Then they built huts.", en) ==
                 (Strings{"They brought poles, tin sheets, etc.", "Then they built huts."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(abbreviations_english) {
  BOOST_TEST(sentences("Mr. Smith met Dr. Jones at St. Mary's. They talked.", en) ==
                 (Strings{"Mr. Smith met Dr. Jones at St. Mary's.", "They talked."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("She moved to the U.S. in 1974. He stayed.", en) ==
                 (Strings{"She moved to the U.S. in 1974.", "He stayed."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("She moved to the U.S. He stayed in Chile.", en) ==
                 (Strings{"She moved to the U.S.", "He stayed in Chile."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("She has a Ph.D. in sociology. It took years.", en) ==
                 (Strings{"She has a Ph.D. in sociology.", "It took years."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("See p. 45 and fig. 3 for details, e.g. Santiago. Then stop.", en) ==
                 (Strings{"See p. 45 and fig. 3 for details, e.g. Santiago.", "Then stop."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(month_before_number) {
  // No cut after "Jan."; a cut after "5." because a capitalised word follows.
  const Strings expected{"It happened on Jan. 5.", "He said so."};
  BOOST_TEST(sentences("It happened on Jan. 5. He said so.", en) == expected,
             boost::test_tools::per_element());
  BOOST_TEST(sentences("It happened on Jan. 5. He said so.", es) == expected,
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Ocurrió el 4 de sept. 1970. Ganó Allende.", es) ==
                 (Strings{"Ocurrió el 4 de sept. 1970.", "Ganó Allende."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(initials) {
  BOOST_TEST(sentences("B. Loewe es organizador. Vive en La Legua.", es) ==
                 (Strings{"B. Loewe es organizador.", "Vive en La Legua."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("The report by J. R. Tolkien was short. Nobody read it.", en) ==
                 (Strings{"The report by J. R. Tolkien was short.", "Nobody read it."}),
             boost::test_tools::per_element());
  SegmentOptions off;
  off.join_initials = false;
  BOOST_TEST(sentences("B. Loewe es organizador.", es, DocumentFormat::Text, off).size() == 2u);
}

BOOST_AUTO_TEST_CASE(numbers_ordinals_decimals) {
  BOOST_TEST(sentences("El 1.º de mayo marcharon 1.000.000 de personas. Fue histórico.", es) ==
                 (Strings{"El 1.º de mayo marcharon 1.000.000 de personas.", "Fue histórico."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("La inflación subió un 3.5 por ciento en 1972. Luego más.", es) ==
                 (Strings{"La inflación subió un 3.5 por ciento en 1972.", "Luego más."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Prices rose 3.5 percent. Wages fell 2.75 percent.", en) ==
                 (Strings{"Prices rose 3.5 percent.", "Wages fell 2.75 percent."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(section_numbers_open_a_sentence) {
  BOOST_TEST(sentences("9.1. The console tips", en) == (Strings{"9.1. The console tips"}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("A.1. The Debian maze", en) == (Strings{"A.1. The Debian maze"}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Tabla 10.1. Relación de herramientas", es) ==
                 (Strings{"Tabla 10.1. Relación de herramientas"}),
             boost::test_tools::per_element());
  // A number ending a real sentence still ends it.
  BOOST_TEST(sentences("La población se fundó en 1957. Después creció.", es) ==
                 (Strings{"La población se fundó en 1957.", "Después creció."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Ganamos 3. Ellos nada.", es) == (Strings{"Ganamos 3.", "Ellos nada."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_break_spaces_separate_words) {
  BOOST_TEST(sentences("Chapter\u00A07.\u00A0GUI System", en) ==
                 (Strings{"Chapter\u00A07.\u00A0GUI System"}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("El\u00A0Sr.\u00A0García llegó.\u00A0Luego habló.", es) ==
                 (Strings{"El\u00A0Sr.\u00A0García llegó.", "Luego habló."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(period_inside_a_token) {
  BOOST_TEST(sentences("Run egrep 'man.*/.' on the list. Then stop.", en) ==
                 (Strings{"Run egrep 'man.*/.' on the list.", "Then stop."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ellipsis_inside_sentence) {
  BOOST_TEST(sentences("Llegamos de noche... y nadie nos vio. Al otro día, carpas.", es) ==
                 (Strings{"Llegamos de noche... y nadie nos vio.", "Al otro día, carpas."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Llegamos de noche\u2026 y nadie nos vio. Al otro día, carpas.", es) ==
                 (Strings{"Llegamos de noche\u2026 y nadie nos vio.", "Al otro día, carpas."}),
             boost::test_tools::per_element());
  BOOST_TEST(
      sentences("We waited... Nobody came.", en) == (Strings{"We waited...", "Nobody came."}),
      boost::test_tools::per_element());
  BOOST_TEST(sentences("Dijo que [...] la toma siguió. Fin.", es) ==
                 (Strings{"Dijo que [...] la toma siguió.", "Fin."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(urls_and_email) {
  BOOST_TEST(sentences("Escriba a comite.poblacional@ejemplo.cl para más datos. Gracias.", es) ==
                 (Strings{"Escriba a comite.poblacional@ejemplo.cl para más datos.", "Gracias."}),
             boost::test_tools::per_element());
  BOOST_TEST(
      sentences("See https://example.org/archivo?id=3&Lang=ES for the files. Thanks.", en) ==
          (Strings{"See https://example.org/archivo?id=3&Lang=ES for the files.", "Thanks."}),
      boost::test_tools::per_element());
  BOOST_TEST(sentences("Visite www.memoriachilena.cl. Allí hay fotos.", es) ==
                 (Strings{"Visite www.memoriachilena.cl.", "Allí hay fotos."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(closing_quotes_and_brackets) {
  BOOST_TEST(sentences("Gritó: «Vamos». Todos salieron.", es) ==
                 (Strings{"Gritó: «Vamos».", "Todos salieron."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Ella dijo «vamos.» Todos salieron.", es) ==
                 (Strings{"Ella dijo «vamos.»", "Todos salieron."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("He answered \"no.\" Then he left.", en) ==
                 (Strings{"He answered \"no.\"", "Then he left."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("(They had no water.) The camp grew.", en) ==
                 (Strings{"(They had no water.)", "The camp grew."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(spanish_question_and_exclamation) {
  BOOST_TEST(sentences("¿Quién organizó la toma? ¡Nosotras! Así fue.", es) ==
                 (Strings{"¿Quién organizó la toma?", "¡Nosotras!", "Así fue."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Le pregunté ¿vienes? y no contestó.", es) ==
                 (Strings{"Le pregunté ¿vienes? y no contestó."}),
             boost::test_tools::per_element());
  BOOST_TEST(
      sentences("¿Vienes?, preguntó ella. No.", es) == (Strings{"¿Vienes?, preguntó ella.", "No."}),
      boost::test_tools::per_element());
  BOOST_TEST(sentences("\"Where?\" he asked. Nobody knew.", en) ==
                 (Strings{"\"Where?\" he asked.", "Nobody knew."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(english_dashes_and_ordinals) {
  BOOST_TEST(
      sentences("They waited\u2014all night\u2014for the trucks. On the 1st of May they marched.",
                en) == (Strings{"They waited\u2014all night\u2014for the trucks.",
                                "On the 1st of May they marched."}),
      boost::test_tools::per_element());
  BOOST_TEST(sentences("About 1,000,000 people marched. It was 1.5 km long.", en) ==
                 (Strings{"About 1,000,000 people marched.", "It was 1.5 km long."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(dialogue_dashes) {
  BOOST_TEST(sentences("—¿Qué pasó? —preguntó.", es) == (Strings{"—¿Qué pasó? —preguntó."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("—Llegaron los carabineros —dijo—. Nadie se movió.", es) ==
                 (Strings{"—Llegaron los carabineros —dijo—.", "Nadie se movió."}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("—¿Qué pasó? —preguntó. —Nada —contestó ella.", es) ==
                 (Strings{"—¿Qué pasó? —preguntó.", "—Nada —contestó ella."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(layout)

BOOST_AUTO_TEST_CASE(paragraph_break_always_ends_sentence) {
  auto doc =
      segment_text("Primer párrafo sin punto\n\nSegundo párrafo.\n", "t", es, DocumentFormat::Text);
  BOOST_REQUIRE_EQUAL(doc.segments.size(), 2u);
  BOOST_TEST(doc.segments[0].text == "Primer párrafo sin punto");
  BOOST_TEST(doc.segments[0].paragraph == 0u);
  BOOST_TEST(doc.segments[1].paragraph == 1u);
}

BOOST_AUTO_TEST_CASE(single_line_break_does_not) {
  BOOST_TEST(sentences("La toma empezó de\nmadrugada. Llegaron\ncientos de familias.", es) ==
                 (Strings{"La toma empezó de madrugada.", "Llegaron cientos de familias."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(list_items) {
  BOOST_TEST(
      sentences("Las demandas eran:\n- vivienda digna\n- agua potable\n- luz eléctrica", es) ==
          (Strings{"Las demandas eran:", "- vivienda digna", "- agua potable", "- luz eléctrica"}),
      boost::test_tools::per_element());
  BOOST_TEST(sentences("Steps:\n1. occupy the land\n2. build the camp", en) ==
                 (Strings{"Steps:", "1. occupy the land", "2. build the camp"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(headings_without_final_mark) {
  BOOST_TEST(
      sentences("La toma de La Victoria\nEl 30 de octubre de 1957 unas mil doscientas familias "
                "ocuparon los terrenos de la chacra La Feria.",
                es) ==
          (Strings{"La toma de La Victoria",
                   "El 30 de octubre de 1957 unas mil doscientas familias ocuparon los "
                   "terrenos de la chacra La Feria."}),
      boost::test_tools::per_element());
  BOOST_TEST(sentences("The Victoria takeover\nOn 30 October 1957 some twelve hundred families "
                       "occupied the land of the La Feria farm.",
                       en) ==
                 (Strings{"The Victoria takeover",
                          "On 30 October 1957 some twelve hundred families occupied the land of "
                          "the La Feria farm."}),
             boost::test_tools::per_element());
  SegmentOptions off;
  off.detect_headings = false;
  BOOST_TEST(sentences("La toma\nEl 30 de octubre ocuparon los terrenos de la chacra.", es,
                       DocumentFormat::Text, off)
                 .size() == 1u);
}

BOOST_AUTO_TEST_CASE(transcript_turns) {
  BOOST_TEST(sentences("P: ¿Cuándo llegó usted\nR: En el 57, con la toma", es) ==
                 (Strings{"P: ¿Cuándo llegó usted", "R: En el 57, con la toma"}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Q: When did you arrive\nA: In 57, with the takeover", en) ==
                 (Strings{"Q: When did you arrive", "A: In 57, with the takeover"}),
             boost::test_tools::per_element());
  BOOST_TEST(sentences("Entrevistadora: ¿Y su familia\nHERMINIA: Llegamos todos juntos", es) ==
                 (Strings{"Entrevistadora: ¿Y su familia", "HERMINIA: Llegamos todos juntos"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(splitter_api)

BOOST_AUTO_TEST_CASE(spans_index_the_paragraph) {
  SentenceSplitter split(Language::Spanish);
  std::string text = "  El Sr. García llegó.  Luego habló.  ";
  auto spans = split.split(text);
  BOOST_REQUIRE_EQUAL(spans.size(), 2u);
  BOOST_TEST(text.substr(spans[0].begin, spans[0].size()) == "El Sr. García llegó.");
  BOOST_TEST(text.substr(spans[1].begin, spans[1].size()) == "Luego habló.");
}

BOOST_AUTO_TEST_CASE(forced_breaks) {
  SentenceSplitter split(Language::English);
  std::string text = "Title here And the text goes on.";
  auto spans = split.split(text, {11});
  BOOST_REQUIRE_EQUAL(spans.size(), 2u);
  BOOST_TEST(text.substr(spans[0].begin, spans[0].size()) == "Title here");
}

BOOST_AUTO_TEST_SUITE_END()
