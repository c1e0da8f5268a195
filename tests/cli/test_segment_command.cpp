#include <boost/test/unit_test.hpp>

#include "run.h"

using alinea::test::run_alinea;
using alinea::test::TempDir;

BOOST_AUTO_TEST_CASE(segment_prints_one_sentence_a_line) {
  TempDir dir;
  std::string f = dir.file("a.txt");
  alinea::test::write_file(f,
                           "El Sr. García llegó a EE. UU. el 11 de sept. de 1973. Luego volvió.\n");
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
  BOOST_TEST(
      r.out.find("{\"index\":0,\"paragraph\":0,\"start\":0,\"end\":10,\"text\":\"First one.\"}") !=
          std::string::npos,
      r.out);
  BOOST_TEST(r.out.find("\"paragraph\":1,\"start\":24") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(segment_refuses_invalid_utf8_with_the_byte_offset) {
  TempDir dir;
  std::string f = dir.file("bad.txt");
  alinea::test::write_file(f, std::string("Hola mundo. \xff\xfe adios.\n"));
  auto r = run_alinea({"segment", f, "--lang", "es"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "alinea: error: " + f +
                          ": byte 12: invalid UTF-8 (line 1); convert the file to UTF-8 first\n");
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

BOOST_AUTO_TEST_CASE(segment_takes_the_users_abbreviations) {
  TempDir dir;
  std::string text = dir.file("acta.txt"), list = dir.file("abrev.txt");
  alinea::test::write_file(text, "Vive en la Pobl. La Victoria desde 1970. Luego se fue.\n");
  auto before = run_alinea({"segment", text, "--lang", "es"});
  BOOST_TEST_REQUIRE(before.exit_code == 0, before.err);
  BOOST_TEST(before.out == "Vive en la Pobl.\nLa Victoria desde 1970.\nLuego se fue.\n");
  alinea::test::write_file(list, "# mis abreviaturas\nPobl.\nNº\tnumber\n");
  auto after = run_alinea({"segment", text, "--lang", "es", "--abbreviations", list});
  BOOST_TEST_REQUIRE(after.exit_code == 0, after.err);
  BOOST_TEST(after.out == "Vive en la Pobl. La Victoria desde 1970.\nLuego se fue.\n");
  // And off altogether: "Sr." then ends a sentence.
  alinea::test::write_file(text, "El Sr. Pérez llegó.\n");
  auto off = run_alinea({"segment", text, "--lang", "es", "--no-abbreviations"});
  BOOST_TEST(off.out == "El Sr.\nPérez llegó.\n");
}

BOOST_AUTO_TEST_CASE(segment_names_the_line_of_a_bad_abbreviation_list) {
  TempDir dir;
  std::string text = dir.file("acta.txt"), list = dir.file("abrev.txt");
  alinea::test::write_file(text, "Hola. Adiós.\n");
  alinea::test::write_file(list, "Pobl.\nAv.\tcalle\n");
  auto r = run_alinea({"segment", text, "--lang", "es", "--abbreviations", list});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "alinea: error: " + list +
                          ":2: unknown kind 'calle' (expected title, number, final or label)\n");
  BOOST_TEST(r.out.empty());
}
