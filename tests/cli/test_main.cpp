#define BOOST_TEST_MODULE alinea command line
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "run.h"

using alinea::test::run_alinea;

BOOST_AUTO_TEST_CASE(version_names_the_libraries) {
  auto r = run_alinea({"--version"});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.find("alinea ") == 0u);
  BOOST_TEST(r.out.find("ICU") != std::string::npos);
  BOOST_TEST(r.out.find("SQLite") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_lists_every_subcommand) {
  auto r = run_alinea({"--help"});
  BOOST_TEST(r.exit_code == 0);
  for (const char* sub :
       {"segment", "align", "score", "lexicon", "import", "export", "search", "match", "terms",
        "glossary", "stats", "docs", "show", "add", "edit", "review", "delete", "train-subwords"})
    BOOST_TEST(r.out.find(std::string("  ") + sub) != std::string::npos, sub);
}

BOOST_AUTO_TEST_CASE(every_subcommand_has_help_with_an_example) {
  for (const char* sub :
       {"segment", "align", "score", "import", "export", "search", "match", "terms", "stats",
        "docs", "show", "add", "edit", "review", "delete", "train-subwords"}) {
    auto r = run_alinea({sub, "--help"});
    BOOST_TEST(r.exit_code == 0, sub);
    BOOST_TEST(r.out.find("Example") != std::string::npos, sub);
  }
}

BOOST_AUTO_TEST_CASE(unknown_subcommand_is_a_user_error_on_one_line) {
  auto r = run_alinea({"frobnicate"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(r.err.rfind("alinea: error: ", 0) == 0u);
  BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

BOOST_AUTO_TEST_CASE(no_subcommand_is_a_user_error) {
  auto r = run_alinea({});
  BOOST_TEST(r.exit_code == 1);
}
