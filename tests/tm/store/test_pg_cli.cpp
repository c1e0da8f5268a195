// The alinea program on a PostgreSQL TM, end to end: --tm with a URL (and
// ALINEA_TM, and the libpq "host=..." form) for import, export, stats, docs,
// show, search, match and edits; what the backend cannot do yet fails with
// one clear line.
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "backends.h"
#include "fixtures.h"
#include "pg_server.h"

using namespace alinea::tm::test;

extern char** environ;

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

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

// JSON lines without their "score" fields.
std::string without_scores(std::string json) {
  for (auto at = json.find("\"score\":"); at != std::string::npos; at = json.find("\"score\":", at))
    json.erase(at, json.find(',', at) + 1 - at);
  return json;
}

// `alinea serve --port 0 ARGS...` in the background; its first line on
// stdout (the URL) is read from a file. SIGTERM and reaped at the end.
class Served {
 public:
  Served(const std::vector<std::string>& args, const TempDir& dir) : out_(dir.file("serve.out")) {
    std::vector<std::string> argv = {ALINEA_BINARY, "serve", "--port", "0"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> raw;
    for (auto& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, dir.file("serve.err").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (posix_spawn(&pid_, raw[0], &actions, nullptr, raw.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Served() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  // The port it listens on, once it says so (0 after 15 s of silence).
  int port() const {
    for (int i = 0; i < 150 && pid_ > 0; ++i) {
      const std::string first = read_bytes(out_);
      const auto colon = first.rfind(':', first.find('/', 7));
      if (first.find('\n') != std::string::npos && colon != std::string::npos)
        return std::stoi(first.substr(colon + 1));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return 0;
  }

 private:
  std::string out_;
  pid_t pid_ = -1;
};

// Whether the alinea program is built; if not, the test says it is skipped.
bool program_or_skip() {
  if (std::filesystem::exists(ALINEA_BINARY)) return true;
  BOOST_TEST_MESSAGE("skipped: the alinea program is not built (" << ALINEA_BINARY << ")");
  return false;
}

// The tests' PostgreSQL server when it and the program are both there, else
// null after saying why the test is skipped.
PgServer* program_and_pg_or_skip() { return program_or_skip() ? pg_or_skip() : nullptr; }

// A fresh database on `pg` holding the units of `table` (TSV with its
// header row), imported by the program.
std::string imported_tm(PgServer& pg, const TempDir& dir, const std::string& table) {
  const std::string url = pg.fresh_database();
  std::ofstream(dir.file("in.tsv")) << table;
  auto imp = run_alinea("import " + q(dir.file("in.tsv")) + " --tm " + q(url), dir);
  BOOST_TEST_REQUIRE(imp.code == 0, imp.err);
  return url;
}

// SQL that takes a current TM of `backend` back to the schema before the
// last (SQLite 3, without sentence locations; PostgreSQL 2, without the
// words columns), and the upgrade message the program gives for it.
std::string older_schema(const std::string& backend) {
  if (backend != "sqlite")
    return kPgSchema2Words + "UPDATE meta SET value = '2' WHERE key = 'schema_version';";
  std::string older;
  for (const char* column : {"loc_paragraph", "char_start", "char_end", "page"})
    older += std::string("ALTER TABLE sentences DROP COLUMN ") + column + "; ";
  return older + "PRAGMA user_version = 3;";
}

std::string upgrade_said(const std::string& backend) {
  return backend == "sqlite" ? "upgrading the TM from schema 3 to "
                             : "upgrading the TM from schema 2 to 3";
}

// The command that imports one unit into the TM at `where` (its table
// written in `dir`), as the upgrade tests run it.
std::string one_unit_import(const std::string& where, const TempDir& dir) {
  std::ofstream(dir.file("in.tsv")) << "es\ten\nLa toma empezó de noche.\tThe takeover began at "
                                       "night.\n";
  return "import " + q(dir.file("in.tsv")) + " --tm " + q(where);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(postgresql_cli)

BOOST_AUTO_TEST_CASE(import_export_stats_search_and_edits_on_a_url) {
  PgServer* pg = program_and_pg_or_skip();
  if (!pg) return;
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

// Upgrading an older TM can keep its first open busy for minutes (a
// PostgreSQL TM going to schema 3 gets every unit's words): the program
// says so, once.
BOOST_DATA_TEST_CASE(the_program_says_when_it_upgrades_a_tm, kBackends, backend) {
  if (!program_or_skip()) return;
  TempDir dir;
  const auto where = tm_address(backend, dir);
  if (!where) return;
  const std::string import = one_unit_import(*where, dir);
  auto first = run_alinea(import, dir);
  BOOST_TEST_REQUIRE(first.code == 0, first.err);
  BOOST_TEST(first.err.find("upgrading") == std::string::npos, first.err);
  run_sql(backend, *where, older_schema(backend));
  auto upgraded = run_alinea(import, dir);
  BOOST_TEST_REQUIRE(upgraded.code == 0, upgraded.err);
  BOOST_TEST(upgraded.err.find(upgrade_said(backend)) != std::string::npos, upgraded.err);
  auto again = run_alinea(import, dir);
  BOOST_TEST_REQUIRE(again.code == 0, again.err);
  BOOST_TEST(again.err.find("upgrading") == std::string::npos, again.err);
}

// A server that takes writes upgrades an older TM as it starts, and says so;
// then it answers from it.
BOOST_DATA_TEST_CASE(serve_says_when_it_upgrades_a_tm, kBackends, backend) {
  if (!program_or_skip()) return;
  TempDir dir;
  const auto where = tm_address(backend, dir);
  if (!where) return;
  auto imported = run_alinea(one_unit_import(*where, dir), dir);
  BOOST_TEST_REQUIRE(imported.code == 0, imported.err);
  run_sql(backend, *where, older_schema(backend));
  {
    std::ofstream token(dir.file("token"));
    token << "0123456789abcdef0123\n";
  }
  Served served({"--tm", *where, "--token-file", dir.file("token")}, dir);
  const int port = served.port();
  BOOST_TEST_REQUIRE(port > 0, read_bytes(dir.file("serve.err")));
  const std::string err = read_bytes(dir.file("serve.err"));
  BOOST_TEST(err.find(upgrade_said(backend)) != std::string::npos, err);
  httplib::Client client("127.0.0.1", port);
  auto unit = client.Get("/tmserver/es/en/unit/La%20toma%20empez%C3%B3%20de%20noche.");
  BOOST_TEST_REQUIRE(static_cast<bool>(unit));
  BOOST_TEST(unit->status == 200, unit->body);
  BOOST_TEST(unit->body.find("The takeover began at night.") != std::string::npos, unit->body);
}

// A team's shared TM on PostgreSQL served to their tools: the tmserver
// protocol and the JSON API read it as they read a file TM.
BOOST_AUTO_TEST_CASE(serve_answers_from_a_postgresql_tm) {
  PgServer* pg = program_and_pg_or_skip();
  if (!pg) return;
  TempDir dir;
  const std::string url =
      imported_tm(*pg, dir,
                  "es\ten\nLa toma empezó al amanecer.\tThe takeover began at dawn.\n"
                  "Los pobladores levantaron la olla común.\tThe shantytown dwellers set up "
                  "the common pot.\n");

  Served served({"--tm", url}, dir);
  const int port = served.port();
  BOOST_TEST_REQUIRE(port > 0, read_bytes(dir.file("serve.err")));
  httplib::Client client("127.0.0.1", port);
  auto unit = client.Get("/tmserver/es/en/unit/La%20toma%20empez%C3%B3%20al%20amanecer.");
  BOOST_TEST_REQUIRE(static_cast<bool>(unit));
  BOOST_TEST(unit->status == 200);
  BOOST_TEST(unit->body.find("\"target\":\"The takeover began at dawn.\"") != std::string::npos,
             unit->body);
  BOOST_TEST(unit->body.find("\"quality\":100") != std::string::npos, unit->body);
  auto stats = client.Get("/api/v1/stats");
  BOOST_TEST_REQUIRE(static_cast<bool>(stats));
  BOOST_TEST(stats->status == 200);
  BOOST_TEST(stats->body.find("\"units\":2") != std::string::npos, stats->body);
}

// Answers kept by a server on PostgreSQL never outlive a commit another
// process makes (here `alinea add` and `alinea delete` on the same URL).
BOOST_AUTO_TEST_CASE(a_kept_answer_on_postgresql_never_outlives_another_writers_commit) {
  PgServer* pg = program_and_pg_or_skip();
  if (!pg) return;
  TempDir dir;
  const std::string url =
      imported_tm(*pg, dir, "es\ten\nLa toma empezó al amanecer.\tThe takeover began at dawn.\n");
  Served served({"--tm", url, "--cache-mb", "64"}, dir);
  const int port = served.port();
  BOOST_TEST_REQUIRE(port > 0, read_bytes(dir.file("serve.err")));
  httplib::Client client("127.0.0.1", port);
  const std::string unit = "/tmserver/es/en/unit/La%20toma%20empez%C3%B3%20al%20mediod%C3%ADa.";
  auto ask = [&] {
    auto r = client.Get(unit);
    BOOST_TEST_REQUIRE(static_cast<bool>(r));
    BOOST_TEST_REQUIRE(r->status == 200, r->body);
    return nlohmann::json::parse(r->body);
  };
  const auto before = ask();
  BOOST_TEST_REQUIRE(before.size() == 1u, before.dump());
  BOOST_TEST(before[0]["quality"].get<double>() < 100.0);
  BOOST_TEST(ask() == before);  // asked again: kept

  auto add = run_alinea(
      "add 'La toma empezó al mediodía.' 'The takeover began at noon.' --tm " + q(url), dir);
  BOOST_TEST_REQUIRE(add.code == 0, add.err);
  const auto after = ask();
  BOOST_TEST_REQUIRE(after.size() >= 1u, after.dump());
  BOOST_TEST(after[0]["quality"].get<double>() == 100.0, after.dump());
  BOOST_TEST(after[0]["target"] == "The takeover began at noon.");

  // "added unit ID"
  std::string id = add.out.substr(add.out.rfind(' ') + 1);
  id = id.substr(0, id.find('\n'));
  auto del = run_alinea("delete " + id + " --tm " + q(url), dir);
  BOOST_TEST_REQUIRE(del.code == 0, del.err);
  BOOST_TEST(ask() == before);
}

// A team moving its TM: `alinea migrate` from a file to PostgreSQL gives an
// export byte for byte the same; what cannot be done says so in one line.
BOOST_AUTO_TEST_CASE(migrate_a_file_tm_to_postgresql_and_refuse_what_cannot_be_done) {
  if (!program_or_skip()) return;
  TempDir dir;
  const std::string file = dir.file("a.tm");
  {
    std::ofstream tsv(dir.file("in.tsv"));
    tsv << "es-CL\ten\tstatus\tnote\tdoc\n"
           "La toma empezó de noche.\tThe takeover began at night.\treviewed\tchecked\ttoma\n"
           "Éramos 3.000 familias & más.\tWe were 3,000 families <and more>.\taligned\t\ttoma\n"
           "La toma de terreno comenzó al amanecer.\tThe land takeover began at "
           "dawn.\taligned\t\t\n";
  }
  BOOST_TEST_REQUIRE(run_alinea("import " + q(dir.file("in.tsv")) + " --tm " + q(file), dir).code ==
                     0);
  auto one_line = [](const Run& r) {
    return r.code != 0 && r.out.empty() && !r.err.empty() && r.err.find('\n') == r.err.size() - 1 &&
           r.err.starts_with("alinea: error: ");
  };
  // Bad arguments, with or without a server.
  auto missing = run_alinea("migrate " + q(dir.file("none.tm")) + " " + q(dir.file("b.tm")), dir);
  BOOST_TEST(one_line(missing), missing.err);
  BOOST_TEST(missing.err.find("none.tm") != std::string::npos, missing.err);
  BOOST_TEST(!std::filesystem::exists(dir.file("b.tm")));
  auto same = run_alinea("migrate " + q(file) + " " + q(file), dir);
  BOOST_TEST(one_line(same), same.err);
  BOOST_TEST(same.code == 1);
  auto no_to = run_alinea("migrate " + q(file), dir);
  BOOST_TEST(no_to.code != 0);
  auto unreachable = run_alinea(
      "migrate " + q(file) + " " + q("postgresql://alinea@/tm?host=" + dir.file("no-server")), dir);
  BOOST_TEST(one_line(unreachable), unreachable.err);
  BOOST_TEST(unreachable.err.find("no-server") != std::string::npos, unreachable.err);

  PgServer* pg = PgServer::shared();
  if (!pg) {
    BOOST_TEST_MESSAGE("PostgreSQL half skipped: " << PgServer::why_not());
    return;
  }
  const std::string url = pg->fresh_database();
  auto mig = run_alinea("migrate " + q(file) + " " + q(url) + " --json", dir);
  BOOST_TEST_REQUIRE(mig.code == 0, mig.err);
  BOOST_TEST(mig.out.find("\"units\":3") != std::string::npos, mig.out);
  BOOST_TEST(mig.out.find("\"units_sha256\":\"") != std::string::npos, mig.out);
  for (const std::string format : {"tmx", "tsv"}) {
    auto lite = run_alinea("export --format " + format + " --tm " + q(file), dir);
    auto post = run_alinea("export --format " + format + " --tm " + q(url), dir);
    BOOST_TEST_REQUIRE(lite.code == 0, lite.err);
    BOOST_TEST(!lite.out.empty());
    BOOST_TEST(lite.out == post.out, format);
  }
  for (const std::string cmd : {"docs --json", "show 2 --json", "search toma --json",
                                "match 'La toma empezó de día.' --json"}) {
    auto lite = run_alinea(cmd + " --tm " + q(file), dir);
    auto post = run_alinea(cmd + " --tm " + q(url), dir);
    BOOST_TEST(lite.code == 0);
    BOOST_TEST(!lite.out.empty());
    // A hit's score and so the hits' order are each engine's own ranking
    // (BM25 on SQLite, ts_rank on PostgreSQL).
    BOOST_TEST(sorted_lines(without_scores(lite.out)) == sorted_lines(without_scores(post.out)),
               cmd);
  }
  // Again into the same database: not empty now, and left as it is.
  auto twice = run_alinea("migrate " + q(file) + " " + q(url), dir);
  BOOST_TEST(one_line(twice), twice.err);
  BOOST_TEST(twice.err.find("not empty") != std::string::npos, twice.err);
  auto stats = run_alinea("stats --json --tm " + q(url), dir);
  BOOST_TEST(stats.out.find("\"units\":3") != std::string::npos, stats.out);
  // And back to a file: the summary names both ends.
  auto back = run_alinea("migrate " + q(url) + " " + q(dir.file("back.tm")), dir);
  BOOST_TEST_REQUIRE(back.code == 0, back.err);
  BOOST_TEST(back.out.find("units SHA-256") != std::string::npos, back.out);
  BOOST_TEST(run_alinea("export --tm " + q(dir.file("back.tm")), dir).out ==
             run_alinea("export --tm " + q(file), dir).out);
}

BOOST_AUTO_TEST_SUITE_END()
