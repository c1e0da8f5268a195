#include <boost/test/unit_test.hpp>

#include "run.h"

using alinea::test::run_alinea;
using alinea::test::TempDir;

BOOST_AUTO_TEST_CASE(segment_prints_one_sentence_a_line) {
  TempDir dir;
  std::string f = dir.file("a.txt");
  alinea::test::write_file(f, "El Sr. García llegó a EE. UU. el 11 de sept. de 1973. Luego volvió.\n");
  auto r = run_alinea({"segment", f, "--lang", "es"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == "El Sr. García llegó a EE. UU. el 11 de sept. de 1973.\nLuego volvió.\n");
}

BOOST_AUTO_TEST_CASE(segment_json_has_offsets_and_paragraphs) {
  TempDir dir;
  std::string f = dir.file("b.txt");
  alinea::test::write_file(f, "First one. Second one.\n\nThird paragraph here.\n");
  auto r = run_alinea({"segment", f, "--lang", "en", "--format", "json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("{\"index\":0,\"paragraph\":0,\"start\":0,\"end\":10,\"text\":\"First one.\"}") !=
             std::string::npos, r.out);
  BOOST_TEST(r.out.find("\"paragraph\":1,\"start\":24") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(segment_refuses_invalid_utf8_with_the_byte_offset) {
  TempDir dir;
  std::string f = dir.file("bad.txt");
  alinea::test::write_file(f, std::string("Hola mundo. \xff\xfe adios.\n"));
  auto r = run_alinea({"segment", f, "--lang", "es"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("bad.txt") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("12") != std::string::npos, r.err);
  BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(segment_bad_language_is_a_user_error) {
  TempDir dir;
  std::string f = dir.file("c.txt");
  alinea::test::write_file(f, "Hola.\n");
  auto r = run_alinea({"segment", f, "--lang", "fr"});
  BOOST_TEST(r.exit_code == 1);
}

BOOST_AUTO_TEST_CASE(segment_missing_file_is_a_user_error) {
  auto r = run_alinea({"segment", "/nonexistent/file.txt", "--lang", "es"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("/nonexistent/file.txt") != std::string::npos, r.err);
}
