// The alinea program on a PostgreSQL TM, end to end: --tm with a URL (and
// ALINEA_TM, and the libpq "host=..." form) for import, export, stats, docs,
// show, search, match and edits; what the backend cannot do yet fails with
// one clear line.
#include <sys/wait.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "fixtures.h"
#include "pg_server.h"

using namespace alinea::tm::test;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

// Runs the alinea binary with args (each single-quoted) and an environment
// prefix, e.g. "ALINEA_TM='...'".
Run run_alinea(const std::string& args, const TempDir& dir, const std::string& env = "") {
  const std::string err_file = dir.file("stderr");
  const std::string cmd = env + (env.empty() ? "" : " ") + "'" + std::string(ALINEA_BINARY) + "' " +
                          args + " 2> '" + err_file + "'";
  Run r;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  r.err = read_bytes(err_file);
  return r;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(postgresql_cli)

BOOST_AUTO_TEST_CASE(import_export_stats_search_and_edits_on_a_url) {
  if (!std::filesystem::exists(ALINEA_BINARY)) {
    BOOST_TEST_MESSAGE("skipped: the alinea program is not built (" << ALINEA_BINARY << ")");
    return;
  }
  PgServer* pg = PgServer::shared();
  if (!pg) {
    BOOST_TEST_MESSAGE("skipped: " << PgServer::why_not());
    return;
  }
  TempDir dir;
  const std::string url = pg->fresh_database();
  {
    std::ofstream tsv(dir.file("in.tsv"));
    tsv << "es-CL\ten\tstatus\tnote\tdoc\n"
           "La toma empezó de noche.\tThe takeover began at night.\treviewed\tchecked\ttoma\n"
           "Éramos 3.000 familias & más.\tWe were 3,000 families <and more>.\taligned\t\ttoma\n"
           "La toma de terreno comenzó al amanecer.\tThe land takeover began at "
           "dawn.\taligned\t\t\n";
  }
  auto imp = run_alinea("import " + q(dir.file("in.tsv")) + " --json --tm " + q(url), dir);
  BOOST_TEST_REQUIRE(imp.code == 0, imp.err);
  BOOST_TEST(imp.out.find("\"inserted\":3") != std::string::npos, imp.out);
  // The same file again: every unit merged, none added.
  auto again =
      run_alinea("import " + q(dir.file("in.tsv")) + " --json", dir, "ALINEA_TM=" + q(url));
  BOOST_TEST_REQUIRE(again.code == 0, again.err);
  BOOST_TEST(again.out.find("\"inserted\":0") != std::string::npos, again.out);

  auto stats = run_alinea("stats --json --tm " + q(pg->keyword_form(url)), dir);
  BOOST_TEST_REQUIRE(stats.code == 0, stats.err);
  BOOST_TEST(stats.out.find("\"units\":3") != std::string::npos, stats.out);

  auto docs = run_alinea("docs --json --tm " + q(url), dir);
  BOOST_TEST_REQUIRE(docs.code == 0, docs.err);
  BOOST_TEST(docs.out.find("\"toma\"") != std::string::npos, docs.out);
  auto show = run_alinea("show 1 --json --tm " + q(url), dir);
  BOOST_TEST_REQUIRE(show.code == 0, show.err);
  BOOST_TEST(show.out.find("checked") != std::string::npos, show.out);

  auto search = run_alinea("search TOMA --json --tm " + q(url), dir);
  BOOST_TEST_REQUIRE(search.code == 0, search.err);
  BOOST_TEST(search.out.find("La toma empezó de noche.") != std::string::npos, search.out);
  BOOST_TEST(search.out.find("amanecer") != std::string::npos, search.out);

  auto match = run_alinea("match " + q("La toma empezó de día.") + " --json --tm " + q(url), dir);
  BOOST_TEST_REQUIRE(match.code == 0, match.err);
  BOOST_TEST(match.out.find("The takeover began at night.") != std::string::npos, match.out);

  auto exp = run_alinea("export -o " + q(dir.file("out.tmx")) + " --check --tm " + q(url), dir);
  BOOST_TEST_REQUIRE(exp.code == 0, exp.err);
  const std::string xml = read_bytes(dir.file("out.tmx"));
  BOOST_TEST(xml.find("&lt;and more&gt;") != std::string::npos);
  BOOST_TEST(xml.find("<note>checked</note>") != std::string::npos);

  // Back into SQLite: the same units.
  const std::string file = dir.file("copy.sqlite");
  BOOST_TEST(run_alinea("import " + q(dir.file("out.tmx")) + " --tm " + q(file), dir).code == 0);
  auto lite = run_alinea("export --format tsv --tm " + q(file), dir);
  auto post = run_alinea("export --format tsv --tm " + q(url), dir);
  BOOST_TEST(lite.code == 0);
  BOOST_TEST(!post.out.empty());
  BOOST_TEST(lite.out == post.out);

  // A corrected table of one document stored as its new alignment, then
  // the document deleted: what is left is what SQLite leaves.
  const std::string same = dir.file("same.sqlite");
  for (const std::string& tm : {url, same}) {
    if (tm == same)
      BOOST_TEST(run_alinea("import " + q(dir.file("in.tsv")) + " --tm " + q(tm), dir).code == 0);
    auto replace =
        run_alinea("import " + q(dir.file("in.tsv")) + " --replace --doc toma --tm " + q(tm), dir);
    BOOST_TEST_REQUIRE(replace.code == 0, replace.err);
    auto toma = run_alinea("docs --json --tm " + q(tm), dir);
    BOOST_TEST(toma.out.find("\"toma\"") != std::string::npos, toma.out);
    auto del = run_alinea("delete --doc toma --yes --tm " + q(tm), dir);
    BOOST_TEST_REQUIRE(del.code == 0, del.err);
  }
  auto left = run_alinea("export --format tsv --tm " + q(url), dir);
  auto left_lite = run_alinea("export --format tsv --tm " + q(same), dir);
  BOOST_TEST(left.code == 0);
  BOOST_TEST(!left.out.empty());
  BOOST_TEST(left.out == left_lite.out);
}

BOOST_AUTO_TEST_SUITE_END()
