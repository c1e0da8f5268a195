#include <boost/test/unit_test.hpp>

#include "exchange_test_util.h"
#include "tm/error.h"
#include "tm/exchange/xml_text.h"

using namespace alinea::tm;
using namespace alinea::tm::testing;

BOOST_AUTO_TEST_SUITE(tmx_writer)

BOOST_AUTO_TEST_CASE(dates_have_the_16_character_form_and_parse_back) {
  std::string s;
  xml::append_tmx_date(s, 951782400);  // 2000-02-29 00:00:00 UTC
  BOOST_TEST(s == "20000229T000000Z");
  s.clear();
  xml::append_tmx_date(s, 1000000000);
  BOOST_TEST(s == "20010909T014640Z");
  s.clear();
  xml::append_tmx_date(s, -1);
  BOOST_TEST(s == "19691231T235959Z");
  for (int64_t t : {int64_t{0}, int64_t{951782400}, int64_t{1700000000}, int64_t{4102444799}}) {
    std::string d;
    xml::append_tmx_date(d, t);
    BOOST_TEST(d.size() == 16u);
    BOOST_TEST(xml::parse_tmx_date(d).value() == t);
  }
  BOOST_TEST(!xml::parse_tmx_date("20230229T000000Z"));  // not a leap year
  BOOST_TEST(!xml::parse_tmx_date("20230132T000000Z"));
  BOOST_TEST(!xml::parse_tmx_date("20230101T240000Z"));
  BOOST_TEST(!xml::parse_tmx_date("20230101T000000"));
  BOOST_TEST(!xml::parse_tmx_date("2023-01-01T00:00:00Z"));
  BOOST_TEST(xml::parse_tmx_date("20240229T120000Z").has_value());
}

BOOST_AUTO_TEST_CASE(header_has_every_required_attribute) {
  const std::string out = write_tmx({});
  BOOST_TEST(
      out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"));
  for (const char* attr :
       {"creationtool=\"Alinea\"", "creationtoolversion=\"", "segtype=\"sentence\"",
        "o-tmf=\"Alinea\"", "adminlang=\"en\"", "srclang=\"es\"", "datatype=\"plaintext\""})
    BOOST_TEST(out.find(attr) != std::string::npos, attr);
  BOOST_TEST(out.ends_with("  <body>\n  </body>\n</tmx>\n"));
}

BOOST_AUTO_TEST_CASE(unit_is_written_with_dates_props_note_and_source_first) {
  TranslationUnit u = full_unit(7);
  u.confidence = 0.75;
  const std::string out = write_tmx({u});
  BOOST_TEST(
      out.find(
          "<tu tuid=\"7\" srclang=\"es-CL\" creationdate=\"20010909T014647Z\" creationid=\"ana\" "
          "changedate=\"20231114T221327Z\" changeid=\"bea\">") != std::string::npos);
  BOOST_TEST(out.find("<prop type=\"x-document\">poblaciones/la-victoria.txt</prop>") !=
             std::string::npos);
  BOOST_TEST(out.find("<prop type=\"x-position\">21</prop>") != std::string::npos);
  BOOST_TEST(out.find("<prop type=\"x-confidence\">0.75</prop>") != std::string::npos);
  BOOST_TEST(out.find("<prop type=\"x-status\">aligned</prop>") != std::string::npos);
  BOOST_TEST(out.find("<prop type=\"client\">Población &lt;La Legua&gt;</prop>") !=
             std::string::npos);
  BOOST_TEST(out.find("<note>revisar &lt;fecha&gt;\ncon el comité</note>") != std::string::npos);
  const auto es = out.find(
      "<tuv xml:lang=\"es-CL\"><seg>Los pobladores de la toma 7 &amp; "
      "&quot;compañeros&quot;</seg></tuv>");
  const auto en = out.find("<tuv xml:lang=\"en\"><seg>");
  BOOST_TEST(es != std::string::npos);
  BOOST_TEST(en != std::string::npos);
  BOOST_TEST(es < en);
}

BOOST_AUTO_TEST_CASE(srclang_en_puts_the_english_tuv_first) {
  TmxHeader h;
  h.srclang = "en";
  const std::string out = write_tmx({full_unit(1)}, h);
  BOOST_TEST(out.find("srclang=\"en\"") != std::string::npos);
  BOOST_TEST(out.find("xml:lang=\"en\"") < out.find("xml:lang=\"es-CL\""));
  TmxHeader bad;
  bad.srclang = "fr";
  std::ostringstream sink;
  BOOST_CHECK_THROW(TmxWriter(sink, bad), Error);
}

BOOST_AUTO_TEST_CASE(characters_xml_cannot_carry_are_mapped_never_written_raw) {
  TranslationUnit u;
  u.source = {"es",
              std::string("nul\x01"
                          "bell\x07"
                          "bad\xff"
                          "utf8 cr\r tab\t"),
              {}};
  u.target = {"en", "fine", {}};
  u.created_by = "a\"b\tc";
  std::ostringstream out;
  TmxWriter w(out, {});
  w.write(u);
  w.finish();
  const std::string s = out.str();
  BOOST_TEST(w.replaced() == 3u);
  BOOST_TEST(s.find('\x01') == std::string::npos);
  BOOST_TEST(s.find('\x07') == std::string::npos);
  BOOST_TEST(s.find('\xff') == std::string::npos);
  BOOST_TEST(s.find("<seg>nul\xEF\xBF\xBD"
                    "bell\xEF\xBF\xBD"
                    "bad\xEF\xBF\xBD"
                    "utf8 cr&#13; tab\t</seg>") != std::string::npos);
  BOOST_TEST(s.find("creationid=\"a&quot;b&#9;c\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(output_is_streamed_before_finish) {
  std::ostringstream out;
  TmxWriter w(out, {});
  for (int i = 1; i <= 2000; ++i) w.write(full_unit(i));
  // Far more than the writer's buffer has been produced: most of it must be
  // in the stream already, not held in memory.
  BOOST_TEST(out.str().size() > 500000u);
  w.finish();
  BOOST_TEST(w.count() == 2000u);
  BOOST_TEST(out.str().ends_with("</tmx>\n"));
}

BOOST_AUTO_TEST_CASE(units_without_id_get_their_position_as_tuid) {
  TranslationUnit u;
  u.source = {"", "uno", {}};
  u.target = {"", "one", {}};
  const std::string s = write_tmx({u, u});
  BOOST_TEST(s.find("<tu tuid=\"1\">") != std::string::npos);
  BOOST_TEST(s.find("<tu tuid=\"2\">") != std::string::npos);
  BOOST_TEST(s.find("<tuv xml:lang=\"es\"><seg>uno</seg>") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
