// .docx and .odt through the real binary: segment (with locations), align
// into a TM (the digest of the package's bytes, each pair's location in the
// files, shown by show and the workbench), glossary extract (italics from
// run properties), and hostile packages refused in one line.
#include <httplib.h>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "run.h"

using alinea::test::BackgroundAlinea;
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
  for (const char* f : {"entrevista.docx", "entrevista.odt", "entrevista.epub", "entrevista.pdf"}) {
    auto r = run_alinea({"segment", kDocs + f});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == txt.out, f);
  }
  // --input-format wins over the extension.
  TempDir dir;
  write_file(dir.file("sin_extension"), read_file(kDocs + "entrevista.odt"));
  auto forced = run_alinea({"segment", dir.file("sin_extension"), "--input-format", "odt"});
  BOOST_TEST(forced.out == txt.out, forced.err);
  write_file(dir.file("articulo"), read_file(kDocs + "entrevista.pdf"));
  auto pdf = run_alinea({"segment", dir.file("articulo"), "--input-format", "pdf"});
  BOOST_TEST(pdf.out == txt.out, pdf.err);
}

BOOST_AUTO_TEST_CASE(segment_json_gives_the_page_for_a_pdf) {
  auto r = run_alinea({"segment", kDocs + "entrevista.pdf", "-f", "json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // "Primero organizamos..." (hyphenated in the PDF) starts page 2.
  BOOST_TEST(r.out.find("\"location\":{\"paragraph\":5,\"char_start\":0,\"char_end\":34,"
                        "\"page\":2},\"text\":\"Primero organizamos la olla común.\"") !=
                 std::string::npos,
             r.out);
  BOOST_TEST(count(r.out, "\"page\":1}") == 7u, r.out);
  // Formats without pages show none.
  auto docx = run_alinea({"segment", kDocs + "entrevista.docx", "-f", "json"});
  BOOST_TEST(docx.out.find("\"page\"") == std::string::npos, docx.out);
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
  for (const char* f : {"entrevista.docx", "entrevista.odt", "entrevista.epub", "entrevista.pdf"}) {
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

BOOST_AUTO_TEST_CASE(the_tm_keeps_where_each_pair_is_in_the_docx) {
  TempDir dir;
  const std::string tm = dir.file("t.tm");
  auto r = run_alinea({"align", kDocs + "entrevista.docx", kDocs + "interview.docx", "--doc", "d",
                       "--tm", tm, "-o", dir.file("out.tsv")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // The unit of the second sentence of the second paragraph.
  nlohmann::json unit;
  for (int id = 1; id < 30 && unit.is_null(); ++id) {
    auto show = run_alinea({"show", std::to_string(id), "--json", "--tm", tm});
    BOOST_TEST_REQUIRE(show.exit_code == 0, show.err);
    auto u = nlohmann::json::parse(show.out);
    if (u["source"] == "La ciudad estaba llena de gente que venía del campo.") unit = u;
  }
  BOOST_TEST_REQUIRE(!unit.is_null());
  // "Llegamos a Santiago en marzo de 1970. " is 38 characters (not bytes).
  const nlohmann::json es = {{"paragraph", 2}, {"char_start", 38}, {"char_end", 90}};
  const nlohmann::json en = {{"paragraph", 2}, {"char_start", 38}, {"char_end", 94}};
  BOOST_TEST(unit["source_location"] == es, unit.dump());
  BOOST_TEST(unit["target_location"] == en, unit.dump());
  auto plain = run_alinea({"show", std::to_string(unit["id"].get<int>()), "--tm", tm});
  BOOST_TEST(plain.out.find("in file (es): \u00b62, chars 39-90\n") != std::string::npos,
             plain.out);
  BOOST_TEST(plain.out.find("in file (en): \u00b62, chars 39-94\n") != std::string::npos,
             plain.out);

  // A TMX export says it on the unit, as paragraph:char_start-char_end.
  auto tmx = run_alinea({"export", "--doc", "d", "-o", dir.file("d.tmx"), "--tm", tm});
  BOOST_TEST_REQUIRE(tmx.exit_code == 0, tmx.err);
  const std::string exported = read_file(dir.file("d.tmx"));
  BOOST_TEST(
      exported.find("<prop type=\"x-alinea-location-es\">2:38-90</prop>") != std::string::npos,
      exported);
  BOOST_TEST(
      exported.find("<prop type=\"x-alinea-location-en\">2:38-94</prop>") != std::string::npos,
      exported);

  // The workbench's pairs carry the same locations.
  BackgroundAlinea server({"review", "d", "--tm", tm});
  const std::string url = server.first_line();
  const std::string prefix = "http://127.0.0.1:";
  const auto slash = url.find("/?token=");
  BOOST_TEST_REQUIRE((url.rfind(prefix, 0) == 0 && slash != std::string::npos), url);
  httplib::Client client("127.0.0.1", std::stoi(url.substr(prefix.size(), slash - prefix.size())));
  auto got = client.Get("/api/document", {{"X-Alinea-Token", url.substr(slash + 8)}});
  BOOST_TEST_REQUIRE(static_cast<bool>(got));
  BOOST_TEST_REQUIRE(got->status == 200);
  bool found = false;
  const auto doc = nlohmann::json::parse(got->body);
  for (const auto& p : doc["pairs"])
    if (p["id"] == unit["id"]) {
      found = true;
      BOOST_TEST(p["src_location"] == es, p.dump());
      BOOST_TEST(p["tgt_location"] == en, p.dump());
    }
  BOOST_TEST(found);
  server.stop();

  // A text file's pairs have no location.
  write_file(dir.file("a.txt"), "Uno.\n");
  write_file(dir.file("b.txt"), "One.\n");
  auto txt = run_alinea({"align", dir.file("a.txt"), dir.file("b.txt"), "--src", "es", "--tgt",
                         "en", "--doc", "t", "--tm", tm, "-o", dir.file("t.tsv")});
  BOOST_TEST_REQUIRE(txt.exit_code == 0, txt.err);
  auto search = run_alinea({"search", "Uno", "--include-pending", "--json", "--tm", tm});
  const auto id = nlohmann::json::parse(search.out.substr(0, search.out.find('\n')))["id"];
  auto one = nlohmann::json::parse(
      run_alinea({"show", std::to_string(id.get<int>()), "--json", "--tm", tm}).out);
  BOOST_TEST(one["source_location"].is_null(), one.dump());
}

BOOST_AUTO_TEST_CASE(align_pdf_with_docx) {
  TempDir dir;
  write_file(dir.file("pairs.tsv"), "casa\thouse\nescuela\tschool\naños\tyears\n");
  auto lex = run_alinea(
      {"lexicon", "build", "--from-tsv", dir.file("pairs.tsv"), "--out", dir.file("data")});
  BOOST_TEST_REQUIRE(lex.exit_code == 0, lex.err);
  auto r = run_alinea({"--data-dir", dir.file("data"), "align", kDocs + "entrevista.pdf",
                       kDocs + "interview.docx", "--doc", "rosa", "--tm", dir.file("t.tm"), "-o",
                       dir.file("out.tsv")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  std::string tsv = read_file(dir.file("out.tsv"));
  BOOST_TEST(
      tsv.find("Allí vivimos muchos años.\tWe lived there for many years.") != std::string::npos,
      tsv);
}

BOOST_AUTO_TEST_CASE(a_scanned_pdf_is_named_as_one) {
  auto r = run_alinea({"segment", kDocs + "scan.pdf"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "alinea: error: " + kDocs +
                          "scan.pdf: has no text layer (a scanned PDF?): nothing to align\n");
}

BOOST_AUTO_TEST_CASE(hostile_packages_fail_in_one_line_naming_the_file) {
  for (const char* f :
       {"bomb.docx", "traversal.docx", "entities.docx", "no_document.docx", "malformed.docx",
        "truncated.docx", "scan.pdf", "truncated.pdf", "encrypted.pdf"}) {
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
