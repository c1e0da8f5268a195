// lexicon lookup/stats/build, train-subwords and glossary extract through the
// real binary, on small data written here.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "run.h"

using alinea::test::read_file;
using alinea::test::run_alinea;
using alinea::test::TempDir;
using alinea::test::write_file;

BOOST_AUTO_TEST_CASE(lexicon_from_tsv_lookup_and_stats) {
  TempDir dir;
  write_file(dir.file("pairs.tsv"),
             "ocupación\toccupation\ntoma de terreno\tland takeover\nbad line\n");
  auto build =
      run_alinea({"lexicon", "build", "--from-tsv", dir.file("pairs.tsv"), "--out", dir.file("d")});
  BOOST_TEST_REQUIRE(build.exit_code == 0, build.err);
  BOOST_TEST(build.err.find("1 malformed") != std::string::npos, build.err);
  auto stats = run_alinea({"--data-dir", dir.file("d"), "lexicon", "stats", "--json"});
  BOOST_TEST_REQUIRE(stats.exit_code == 0, stats.err);
  BOOST_TEST(stats.out.find("\"entries\":2") != std::string::npos, stats.out);
  auto lookup = run_alinea({"--data-dir", dir.file("d"), "lexicon", "lookup", "Ocupaciones"});
  BOOST_TEST_REQUIRE(lookup.exit_code == 0, lookup.err);
  BOOST_TEST(lookup.out.find("occupation") != std::string::npos, lookup.out);
  BOOST_TEST(lookup.out.find("via stem") != std::string::npos, lookup.out);
  auto back = run_alinea({"--data-dir", dir.file("d"), "lexicon", "lookup", "land takeover",
                          "--lang", "en", "--json"});
  BOOST_TEST(back.out.find("\"translation\":\"toma de terreno\"") != std::string::npos, back.out);
}

BOOST_AUTO_TEST_CASE(lexicon_without_resources_says_how_to_build_them) {
  TempDir dir;
  auto r = run_alinea({"--data-dir", dir.path(), "lexicon", "stats"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("lexicon build") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(train_subwords_on_a_tm_records_its_source) {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  std::string tsv = "es\ten\n";
  const char* es[] = {"La toma de terreno",
                      "Los pobladores organizaron el campamento",
                      "El comité de vivienda se reunía",
                      "Las familias levantaron carpas",
                      "La policía llegó de madrugada",
                      "El poder popular en los barrios"};
  const char* en[] = {"The land takeover",         "The settlers organised the camp",
                      "The housing committee met", "The families put up tents",
                      "The police came at dawn",   "Popular power in the neighbourhoods"};
  for (int round = 0; round < 20; ++round)
    for (int i = 0; i < 6; ++i)
      tsv += std::string(es[i]) + " " + std::to_string(round) + "\t" + en[i] + " " +
             std::to_string(round) + "\n";
  write_file(dir.file("pairs.tsv"), tsv);
  BOOST_TEST_REQUIRE(run_alinea({"import", dir.file("pairs.tsv"), "--tm", tm}).exit_code == 0);
  auto r =
      run_alinea({"train-subwords", "--tm", tm, "--out", dir.file("sw"), "--vocab-size", "200"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(std::filesystem::exists(dir.file("sw.model")));
  std::string info = read_file(dir.file("sw.model.json"));
  BOOST_TEST(info.find(tm) != std::string::npos, info);
}

BOOST_AUTO_TEST_CASE(glossary_extract_writes_a_tsv_that_terms_can_check) {
  TempDir dir;
  write_file(
      dir.file("article.md"),
      "# Notes\n\nThe land takeovers (*tomas de terreno*) began in 1969. The Popular Unity (UP) "
      "won in 1970 (see below). The *housing committees* (comités de vivienda) met weekly.\n");
  auto r = run_alinea(
      {"glossary", "extract", dir.file("article.md"), "-o", dir.file("g.tsv"), "--no-lexicon"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  std::string g = read_file(dir.file("g.tsv"));
  BOOST_TEST(g.rfind("es\ten\tfile\tcontext\n", 0) == 0u, g);
  BOOST_TEST(g.find("tomas de terreno\tland takeovers") != std::string::npos, g);
  BOOST_TEST(g.find("comités de vivienda\thousing committees") != std::string::npos, g);
  BOOST_TEST(g.find("\nUP\t") == std::string::npos, g);
  BOOST_TEST(g.find("\tUP\t") == std::string::npos, g);
  BOOST_TEST(std::count(g.begin(), g.end(), '\n') == 3, g);

  std::string tm = dir.file("t.tm");
  run_alinea({"add", "Las tomas de terreno crecieron.", "The land takeovers grew.", "--tm", tm});
  run_alinea({"add", "Hubo tomas de terreno en todo Chile.",
              "There were land seizures all over Chile.", "--tm", tm});
  auto t = run_alinea({"terms", "tomas de terreno", "--lang", "es", "--no-lexicon", "--glossary",
                       dir.file("g.tsv"), "--tm", tm});
  BOOST_TEST_REQUIRE(t.exit_code == 0, t.err);
  BOOST_TEST(t.out.find("Glossary says: 'land takeovers'") != std::string::npos, t.out);
}
