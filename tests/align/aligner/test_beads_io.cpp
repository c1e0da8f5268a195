#include <boost/test/unit_test.hpp>
#include <sstream>

#include "align/aligner/beads_io.h"
#include "align/error.h"

using namespace alinea::align;

BOOST_AUTO_TEST_SUITE(beads_io)

BOOST_AUTO_TEST_CASE(parse_and_format) {
  Bead b = parse_bead("[0,1]:[2]");
  BOOST_TEST(b.src.begin == 0u);
  BOOST_TEST(b.src.size == 2u);
  BOOST_TEST(b.tgt.begin == 2u);
  BOOST_TEST(b.tgt.size == 1u);
  BOOST_TEST(format_bead(b) == "[0,1]:[2]");
  BOOST_TEST(parse_bead("[]:[3]").src.empty());
  BOOST_TEST(format_bead(parse_bead("[]:[3]")) == "[]:[3]");
  BOOST_TEST(format_bead(parse_bead("[4]:[]")) == "[4]:[]");
  BOOST_TEST(format_bead(parse_bead(" [ 5 , 6 ] : [ 7,8,9 ] ")) == "[5,6]:[7,8,9]");
}

BOOST_AUTO_TEST_CASE(round_trip) {
  const std::string text = "[0]:[0]\n[1,2]:[1]\n[]:[2]\n[3]:[]\n[4]:[3,4,5]\n";
  std::istringstream in(text);
  Alignment a = read_beads(in, "gold.align");
  BOOST_TEST(a.beads.size() == 5u);
  check_alignment(a, 5, 6);
  std::ostringstream out;
  write_beads(out, a);
  BOOST_TEST(out.str() == text);
}

BOOST_AUTO_TEST_CASE(errors_name_file_and_line) {
  std::istringstream in("[0]:[0]\n\n[1]:[x]\n");
  try {
    read_beads(in, "gold.align");
    BOOST_FAIL("expected InputError");
  } catch (const InputError& e) {
    BOOST_TEST(e.file() == "gold.align");
    BOOST_TEST(e.position().line.value_or(0) == 3u);
  }
  BOOST_CHECK_THROW(parse_bead("[0,2]:[1]"), InputError);  // not consecutive
  BOOST_CHECK_THROW(parse_bead("[0]"), InputError);
  BOOST_CHECK_THROW(parse_bead("[0]:[1] x"), InputError);
  BOOST_CHECK_THROW(parse_bead("[99999999999]:[1]"), InputError);
}

BOOST_AUTO_TEST_CASE(check_alignment_rejects_gaps_and_overlaps) {
  Alignment a;
  a.beads.push_back(parse_bead("[0]:[0]"));
  a.beads.push_back(parse_bead("[2]:[1]"));
  BOOST_CHECK_THROW(check_alignment(a, 3, 2), InputError);
  Alignment b;
  b.beads.push_back(parse_bead("[0]:[0]"));
  BOOST_CHECK_THROW(check_alignment(b, 2, 1), InputError);
}

BOOST_AUTO_TEST_CASE(tsv_and_json_lines) {
  std::vector<Segment> es(3), en(2);
  es[0].text = "Hola.";
  es[1].text = "Dijo \"sí\".";
  es[2].text = "Fin\tdel texto.";
  en[0].text = "Hello.";
  en[1].text = "He said \"yes\". The end of the text.";
  Alignment a;
  a.beads.push_back({{0, 1}, {0, 1}, 0.5, 0.9});
  a.beads.push_back({{1, 2}, {1, 1}, 2.0, 0.25});
  std::ostringstream tsv;
  write_tsv(tsv, a, es, en);
  BOOST_TEST(tsv.str() ==
             "Hola.\tHello.\t0.9000\n"
             "Dijo \"sí\". Fin del texto.\tHe said \"yes\". The end of the text.\t0.2500\n");
  std::ostringstream json;
  write_json_lines(json, a, es, en);
  const std::string second = json.str().substr(json.str().find('\n') + 1);
  BOOST_TEST(second ==
             "{\"es\":[1,2],\"en\":[1],\"es_text\":\"Dijo \\\"sí\\\". Fin\\tdel texto.\","
             "\"en_text\":\"He said \\\"yes\\\". The end of the text.\",\"score\":2.0,"
             "\"confidence\":0.25}\n");
}

BOOST_AUTO_TEST_SUITE_END()
