#include <boost/test/unit_test.hpp>

#include "exchange_test_util.h"
#include "tm/exchange/tmx_lint.h"

using namespace alinea::tm;
using namespace alinea::tm::testing;

namespace {

bool has(const std::vector<LintProblem>& ps, uint64_t line, const std::string& part) {
  for (const auto& p : ps)
    if (p.line == line && p.message.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tmx_lint)

BOOST_AUTO_TEST_CASE(writer_output_passes) {
  std::vector<TranslationUnit> units;
  for (int i = 1; i <= 20; ++i) units.push_back(full_unit(i));
  units[2].source.markup = "a <bpt i=\"1\">&lt;b&gt;</bpt>b<ept i=\"1\">&lt;/b&gt;</ept>";
  TempDir dir;
  for (const char* srclang : {"es", "en", "es-CL"}) {
    TmxHeader h;
    h.srclang = srclang;
    const auto problems = lint_tmx(dir.write("ok.tmx", write_tmx(units, h)));
    BOOST_TEST(problems.empty(), srclang << ": " << (problems.empty() ? "" : problems[0].message));
  }
}

BOOST_AUTO_TEST_CASE(finds_what_the_dtd_cannot) {
  TempDir dir;
  const std::string p = dir.write(
      "bad.tmx",
      "<?xml version=\"1.0\"?>\n"
      "<tmx version=\"1.3\">\n"
      "<header creationtool=\"x\" segtype=\"line\" o-tmf=\"\" adminlang=\"en\" srclang=\"es\" "
      "datatype=\"plaintext\" creationdate=\"2020101T000000Z\"/>\n"
      "<body>\n"
      "<tu changedate=\"20200101T000000\"><tuv xml:lang=\"en\"><seg>only english</seg></tuv></tu>\n"
      "<tu><tuv xml:lang=\"ES\"><seg><bpt i=\"1\">a</bpt>x<bpt i=\"1\">b</bpt><ept "
      "i=\"2\">c</ept></seg></tuv></tu>\n"
      "<tu srclang=\"en\"><tuv xml:lang=\"es\"><seg>a</seg></tuv><tuv><seg>b</seg></tuv></tu>\n"
      "<tu><tuv xml:lang=\"es\"><seg><bpt>z</bpt></seg></tuv></tu>\n"
      "</body>\n</tmx>\n");
  const auto ps = lint_tmx(p);
  BOOST_TEST(has(ps, 2, "version=\"1.4\""));
  BOOST_TEST(has(ps, 3, "creationtoolversion"));
  BOOST_TEST(has(ps, 3, "o-tmf"));
  BOOST_TEST(has(ps, 3, "segtype \"line\""));
  BOOST_TEST(has(ps, 3, "creationdate=\"2020101T000000Z\""));
  BOOST_TEST(has(ps, 5, "changedate=\"20200101T000000\""));
  BOOST_TEST(has(ps, 5, "no <tuv> in its source language \"es\""));
  BOOST_TEST(has(ps, 6, "<bpt i=\"1\"> while one with that i is open"));
  BOOST_TEST(has(ps, 6, "<ept i=\"2\"> without an open <bpt>"));
  BOOST_TEST(has(ps, 6, "<bpt i=\"1\"> has no <ept>"));
  BOOST_TEST(!has(ps, 6, "source language"));  // "ES" matches "es"
  BOOST_TEST(has(ps, 7, "<tuv> without xml:lang"));
  BOOST_TEST(has(ps, 7, "source language \"en\""));
  BOOST_TEST(has(ps, 8, "<bpt> without the attribute i"));
  BOOST_TEST(ps.size() == 13u);
  for (const auto& pr : ps) BOOST_TEST(pr.column > 0u);
}

BOOST_AUTO_TEST_CASE(malformed_input_is_one_problem) {
  TempDir dir;
  const auto ps =
      lint_tmx(dir.write("m.tmx", write_tmx({full_unit(1)}).substr(0, 300) + "\n</tmx>\n"));
  BOOST_REQUIRE(ps.size() == 1u);
  BOOST_TEST(ps[0].line == 6u);
  BOOST_TEST(ps[0].message.starts_with("Specification mandates value"), ps[0].message);
}

BOOST_AUTO_TEST_SUITE_END()
