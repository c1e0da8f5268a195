// alinea align and alinea score through the real binary, on the bundled
// sample and on small files written here.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run.h"

using alinea::test::read_file;
using alinea::test::run_alinea;
using alinea::test::TempDir;
using alinea::test::write_file;

namespace {

const std::string kSample = std::string(ALINEA_CORPORA) + "/entrevista";

size_t lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A tiny lexicon so the tests do not depend on the Debian dictionaries.
std::string tiny_data_dir(const TempDir& dir) {
  write_file(dir.file("pairs.tsv"),
             "casa\thouse\ntoma\ttakeover\nterreno\tland\nfamilia\tfamily\nniño\tchild\n");
  auto r = run_alinea(
      {"lexicon", "build", "--from-tsv", dir.file("pairs.tsv"), "--out", dir.file("data")});
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return dir.file("data");
}

// coreutils' sha256sum of a file: a second opinion on the digests.
std::string coreutils_sha256(const std::string& path) {
  std::string command = "sha256sum '" + path + "'";
  FILE* pipe = popen(command.c_str(), "r");
  BOOST_REQUIRE(pipe);
  char digest[65] = {};
  size_t got = fread(digest, 1, 64, pipe);
  pclose(pipe);
  BOOST_REQUIRE_EQUAL(got, 64u);
  return digest;
}

}  // namespace

BOOST_AUTO_TEST_CASE(align_sample_scores_well_against_its_gold) {
  TempDir dir;
  std::string data = tiny_data_dir(dir);
  auto r = run_alinea({"--data-dir", data, "align", kSample + "/es.sent", kSample + "/en.sent",
                       "--presegmented", "--format", "beads", "-o", dir.file("pred.align")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto s = run_alinea({"score", kSample + "/gold.align", dir.file("pred.align"), "--json"});
  BOOST_TEST_REQUIRE(s.exit_code == 0, s.err);
  auto pos = s.out.find("\"lax_f1\":");
  BOOST_TEST_REQUIRE(pos != std::string::npos);
  BOOST_TEST(std::stod(s.out.substr(pos + 9)) > 0.9, s.out);
}

BOOST_AUTO_TEST_CASE(align_either_order_gives_the_same_pairs) {
  TempDir dir;
  std::string data = tiny_data_dir(dir);
  auto a = run_alinea({"--data-dir", data, "align", kSample + "/es.txt", kSample + "/en.txt"});
  auto b = run_alinea({"--data-dir", data, "align", kSample + "/en.txt", kSample + "/es.txt"});
  BOOST_TEST_REQUIRE(a.exit_code == 0, a.err);
  BOOST_TEST(a.out == b.out);
  BOOST_TEST(a.out.rfind("es\ten\tconfidence\n", 0) == 0u, a.out.substr(0, 80));
  BOOST_TEST(a.err.find("below the review threshold") != std::string::npos, a.err);
}

BOOST_AUTO_TEST_CASE(align_json_lines_have_indices_texts_and_confidence) {
  TempDir dir;
  auto r = run_alinea({"--data-dir", tiny_data_dir(dir), "align", kSample + "/es.txt",
                       kSample + "/en.txt", "--format", "json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  std::istringstream in(r.out);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    BOOST_TEST(line.find("{\"es\":[") == 0u, line);
    BOOST_TEST(line.find("\"confidence\":") != std::string::npos);
  }
  BOOST_TEST(n > 60u);
}

BOOST_AUTO_TEST_CASE(align_into_the_tm_is_idempotent_and_keeps_reviewed_units) {
  TempDir dir;
  std::string data = tiny_data_dir(dir), tm = dir.file("t.tm");
  auto first = run_alinea({"--data-dir", data, "align", kSample + "/es.txt", kSample + "/en.txt",
                           "--doc", "entrevista", "--tm", tm, "-o", dir.file("out.tsv")});
  BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
  auto stats1 = run_alinea({"stats", "--json", "--tm", tm});
  auto again = run_alinea({"--data-dir", data, "align", kSample + "/es.txt", kSample + "/en.txt",
                           "--doc", "entrevista", "--tm", tm, "-o", dir.file("out.tsv")});
  BOOST_TEST(again.exit_code == 0);
  BOOST_TEST(again.err.find("unchanged") != std::string::npos, again.err);
  BOOST_TEST(run_alinea({"stats", "--json", "--tm", tm}).out == stats1.out);
  auto docs = run_alinea({"docs", "--json", "--tm", tm});
  BOOST_TEST(docs.out.find("\"name\":\"entrevista\"") != std::string::npos, docs.out);
  BOOST_TEST(docs.out.find("\"src_sha256\":\"") != std::string::npos);

  // A volunteer accepts unit 1, then the document changes and is re-aligned:
  // the reviewed unit survives.
  BOOST_TEST(run_alinea({"review", "1", "--accept", "--tm", tm}).exit_code == 0);
  std::string reviewed = run_alinea({"show", "1", "--json", "--tm", tm}).out;
  std::string es = read_file(kSample + "/es.txt") + "\nUna frase nueva al final.\n";
  std::string en = read_file(kSample + "/en.txt") + "\nA new sentence at the end.\n";
  write_file(dir.file("es.txt"), es);
  write_file(dir.file("en.txt"), en);
  auto changed = run_alinea({"--data-dir", data, "align", dir.file("es.txt"), dir.file("en.txt"),
                             "--doc", "entrevista", "--tm", tm, "-o", dir.file("out.tsv")});
  BOOST_TEST_REQUIRE(changed.exit_code == 0, changed.err);
  BOOST_TEST(changed.err.find("replaced") != std::string::npos, changed.err);
  BOOST_TEST(run_alinea({"show", "1", "--json", "--tm", tm}).out == reviewed);
  auto found = run_alinea({"search", "frase nueva", "--tm", tm, "--json"});
  BOOST_TEST(found.out.find("A new sentence at the end.") != std::string::npos, found.out);
}

BOOST_AUTO_TEST_CASE(align_writes_a_review_page_and_a_tmx) {
  TempDir dir;
  std::string data = tiny_data_dir(dir);
  auto html = run_alinea({"--data-dir", data, "align", kSample + "/es.txt", kSample + "/en.txt",
                          "--format", "html", "-o", dir.file("review.html")});
  BOOST_TEST_REQUIRE(html.exit_code == 0, html.err);
  std::string page = read_file(dir.file("review.html"));
  BOOST_TEST(page.find("<!DOCTYPE html>") == 0u);
  BOOST_TEST(page.find("Mrs. Carrasco was born in 1941") != std::string::npos);
  BOOST_TEST(page.find("class=\"omission") != std::string::npos);
  BOOST_TEST(page.find("(nothing on this side)") != std::string::npos);
  BOOST_TEST(page.find("class=\"good") != std::string::npos);
  auto tmx = run_alinea({"--data-dir", data, "align", kSample + "/es.txt", kSample + "/en.txt",
                         "--format", "tmx", "-o", dir.file("a.tmx")});
  BOOST_TEST_REQUIRE(tmx.exit_code == 0, tmx.err);
  std::string xml = read_file(dir.file("a.tmx"));
  BOOST_TEST(xml.find("<tmx version=\"1.4\">") != std::string::npos);
  BOOST_TEST(xml.find("<seg>Mrs. Carrasco was born in 1941") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(align_handles_an_empty_side_and_a_lopsided_pair) {
  TempDir dir;
  write_file(dir.file("es.sent"), "Hola.\nAdiós.\n");
  write_file(dir.file("en.sent"), "");
  auto r = run_alinea({"align", dir.file("es.sent"), dir.file("en.sent"), "--presegmented", "--src",
                       "es", "--tgt", "en", "--format", "beads", "--data-dir", dir.path()});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out == "[0]:[]\n[1]:[]\n");
  std::string many;
  for (int i = 0; i < 300; ++i) many += "Sentence number " + std::to_string(i) + " is here.\n";
  write_file(dir.file("en.sent"), many);
  auto lop =
      run_alinea({"align", dir.file("es.sent"), dir.file("en.sent"), "--presegmented", "--src",
                  "es", "--tgt", "en", "--format", "beads", "--data-dir", dir.path()});
  BOOST_TEST_REQUIRE(lop.exit_code == 0, lop.err);
  BOOST_TEST(lines(lop.out) >= 300u);
}

BOOST_AUTO_TEST_CASE(align_same_language_twice_is_a_user_error) {
  auto r = run_alinea({"align", kSample + "/es.txt", kSample + "/es.txt"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("--src") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(align_binary_input_names_the_file_and_offset) {
  TempDir dir;
  write_file(dir.file("bin.txt"), std::string("Hola\0mundo", 10));
  auto r =
      run_alinea({"align", dir.file("bin.txt"), kSample + "/en.txt", "--src", "es", "--tgt", "en"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "alinea: error: " + dir.file("bin.txt") +
                          ": byte 4: binary data (NUL byte, line 1); expected UTF-8 text\n");
}

BOOST_AUTO_TEST_CASE(score_counts_strict_and_lax_over_directories) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("gold/a"));
  std::filesystem::create_directories(dir.file("pred/a"));
  write_file(dir.file("gold/a/gold.align"), "[0]:[0]\n[1]:[1]\n[2]:[2]\n");
  write_file(dir.file("pred/a/gold.align"), "[0]:[0]\n[1,2]:[1,2]\n");
  auto r = run_alinea({"score", dir.file("gold"), dir.file("pred"), "--json"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // strict: precision 1/2, recall 1/3; lax: everything links.
  BOOST_TEST(r.out.find("\"strict_precision\":0.5") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("\"strict_recall\":0.333333") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("\"lax_f1\":1") != std::string::npos, r.out);
  write_file(dir.file("bad.align"), "[0]:[0]\n[x]:[1]\n");
  auto bad = run_alinea({"score", dir.file("gold/a/gold.align"), dir.file("bad.align")});
  BOOST_TEST(bad.exit_code == 1);
  BOOST_TEST(bad.err.find("bad.align:2") != std::string::npos, bad.err);
}

BOOST_AUTO_TEST_CASE(align_records_every_setting_and_resource_with_the_document) {
  TempDir dir;
  std::string data = tiny_data_dir(dir), tm = dir.file("t.tm");
  write_file(dir.file("abrev.txt"), "Pobl.\n");
  auto r =
      run_alinea({"--data-dir", data, "align", kSample + "/es.txt", kSample + "/en.txt", "--doc",
                  "entrevista", "--tm", tm, "-o", dir.file("out.tsv"), "--threshold", "0.7",
                  "--no-self-train", "--no-headings", "--abbreviations", dir.file("abrev.txt")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto docs = run_alinea({"docs", "--json", "--tm", tm});
  BOOST_TEST_REQUIRE(docs.exit_code == 0, docs.err);
  nlohmann::json doc = nlohmann::json::parse(docs.out);
  BOOST_TEST(doc["src_sha256"].get<std::string>() == coreutils_sha256(kSample + "/es.txt"));
  BOOST_TEST(doc["tgt_sha256"].get<std::string>() == coreutils_sha256(kSample + "/en.txt"));
  const nlohmann::json& o = doc["options"];
  BOOST_TEST(o["review_threshold"].get<double>() == 0.7);
  BOOST_TEST(o["self_train"].get<bool>() == false);
  BOOST_TEST(o["subword_weight"].get<double>() == 0.0);
  BOOST_TEST(o["input_format"]["es"].get<std::string>() == "text");
  BOOST_TEST(o["segmentation"]["detect_headings"].get<bool>() == false);
  BOOST_TEST(o["segmentation"]["join_initials"].get<bool>() == true);
  BOOST_TEST(o["segmentation"]["abbreviations_file"].get<std::string>() == dir.file("abrev.txt"));
  BOOST_TEST(o["lexicon"]["path"].get<std::string>() == data + "/lexicon.bin");
  BOOST_TEST(o["lexicon"]["sha256"].get<std::string>() == coreutils_sha256(data + "/lexicon.bin"));
  BOOST_TEST(o["subwords"].is_null());
}

BOOST_AUTO_TEST_CASE(align_defaults_keep_self_training_on) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  auto r = run_alinea({"align", kSample + "/es.txt", kSample + "/en.txt", "--no-lexicon", "--doc",
                       "e", "--tm", tm, "-o", dir.file("out.tsv")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  nlohmann::json doc = nlohmann::json::parse(run_alinea({"docs", "--json", "--tm", tm}).out);
  BOOST_TEST(doc["options"]["self_train"].get<bool>() == true);
  BOOST_TEST(doc["options"]["review_threshold"].get<double>() == 0.5);
  BOOST_TEST(doc["options"]["lexicon"].is_null());
}
