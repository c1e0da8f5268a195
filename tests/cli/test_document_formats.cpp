// .docx and .odt through the real binary: segment (with locations), align
// into a TM (the digest of the package's bytes), glossary extract (italics
// from run properties), and hostile packages refused in one line.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "run.h"

using alinea::test::read_file;
using alinea::test::run_alinea;
using alinea::test::TempDir;
using alinea::test::write_file;

namespace {

const std::string kDocs = std::string(ALINEA_TEST_DATA) + "/documents/";

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(document_formats)

BOOST_AUTO_TEST_CASE(segment_reads_docx_and_odt_like_the_text) {
  auto txt = run_alinea({"segment", kDocs + "entrevista.txt"});
  BOOST_TEST_REQUIRE(txt.exit_code == 0, txt.err);
  BOOST_TEST(count(txt.out, "\n") == 11u);
  for (const char* f : {"entrevista.docx", "entrevista.odt", "entrevista.epub"}) {
    auto r = run_alinea({"segment", kDocs + f});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == txt.out, f);
  }
  // --input-format wins over the extension.
  TempDir dir;
  write_file(dir.file("sin_extension"), read_file(kDocs + "entrevista.odt"));
  auto forced = run_alinea({"segment", dir.file("sin_extension"), "--input-format", "odt"});
  BOOST_TEST(forced.out == txt.out, forced.err);
}

BOOST_AUTO_TEST_CASE(segment_json_gives_paragraph_and_characters_for_packages) {
  auto r = run_alinea({"segment", kDocs + "entrevista.docx", "-f", "json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  std::string first_line = r.out.substr(0, r.out.find('\n'));
  BOOST_TEST(first_line ==
             "{\"index\":0,\"paragraph\":0,\"location\":{\"paragraph\":1,\"char_start\":0,"
             "\"char_end\":25},\"text\":\"Entrevista con Rosa Pérez\"}");
  BOOST_TEST(r.out.find("\"start\"") == std::string::npos);
  BOOST_TEST(r.out.find("{\"paragraph\":2,\"char_start\":38,\"char_end\":90}") != std::string::npos,
             r.out);
  // Text keeps its byte offsets and no location.
  auto t = run_alinea({"segment", kDocs + "entrevista.txt", "-f", "json"});
  BOOST_TEST(t.out.find("\"location\"") == std::string::npos);
  BOOST_TEST(t.out.find("\"start\":0,\"end\":26,") != std::string::npos, t.out);
}

BOOST_AUTO_TEST_CASE(glossary_extract_finds_the_italic_gloss_in_a_docx) {
  for (const char* f : {"entrevista.docx", "entrevista.odt", "entrevista.epub"}) {
    auto r = run_alinea({"glossary", "extract", kDocs + f, "--no-lexicon"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out.find("tomas de terreno\tland takeovers\t") != std::string::npos, r.out);
  }
}

BOOST_AUTO_TEST_CASE(align_docx_with_odt_into_the_tm) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  write_file(dir.file("pairs.tsv"), "casa\thouse\nescuela\tschool\naños\tyears\n");
  auto lex = run_alinea(
      {"lexicon", "build", "--from-tsv", dir.file("pairs.tsv"), "--out", dir.file("data")});
  BOOST_TEST_REQUIRE(lex.exit_code == 0, lex.err);
  auto r =
      run_alinea({"--data-dir", dir.file("data"), "align", kDocs + "entrevista.docx",
                  kDocs + "interview.odt", "--doc", "rosa", "--tm", tm, "-o", dir.file("out.tsv")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  std::string tsv = read_file(dir.file("out.tsv"));
  BOOST_TEST(
      tsv.find("Allí vivimos muchos años.\tWe lived there for many years.") != std::string::npos,
      tsv);
  BOOST_TEST(tsv.find("La comuna se llamaba La Florida.\tThe district was called La Florida.") !=
                 std::string::npos,
             tsv);
  auto docs = run_alinea({"docs", "--json", "--tm", tm});
  BOOST_TEST(docs.out.find("\"name\":\"rosa\"") != std::string::npos, docs.out);
  // The same package again is unchanged: the digest is the .docx's bytes.
  auto again =
      run_alinea({"--data-dir", dir.file("data"), "align", kDocs + "entrevista.docx",
                  kDocs + "interview.odt", "--doc", "rosa", "--tm", tm, "-o", dir.file("out.tsv")});
  BOOST_TEST(again.exit_code == 0, again.err);
  BOOST_TEST(again.err.find("unchanged") != std::string::npos, again.err);
}

BOOST_AUTO_TEST_CASE(hostile_packages_fail_in_one_line_naming_the_file) {
  for (const char* f : {"bomb.docx", "traversal.docx", "entities.docx", "no_document.docx",
                        "malformed.docx", "truncated.docx"}) {
    for (const char* command : {"segment", "glossary"}) {
      std::vector<std::string> args =
          command == std::string("segment")
              ? std::vector<std::string>{"segment", kDocs + f}
              : std::vector<std::string>{"glossary", "extract", kDocs + f, "--no-lexicon"};
      auto r = run_alinea(args);
      BOOST_TEST(r.exit_code == 1, f << ' ' << command);
      BOOST_TEST(r.err.starts_with("alinea: error: " + kDocs + f + ": "), r.err);
      BOOST_TEST(count(r.err, "\n") == 1u, r.err);
      BOOST_TEST(r.out.find("tomas") == std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
