// `alinea serve`'s JSON API through HTTP, on the real binary: every route,
// the same JSON as the CLI's --json for the same question, the token, bad
// parameters, imports all or nothing, the export's bytes, readers beside a
// writer, and a SIGTERM in the middle of a write.
#include <signal.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "run.h"
#include "serve_fixture.h"

using alinea::test::escaped;
using alinea::test::read_file;
using alinea::test::run_alinea;
using alinea::test::Served;
using alinea::test::TempDir;
using alinea::test::write_file;
using nlohmann::json;

namespace {

const char* kToken = "0123456789abcdef0123";
const httplib::Headers kAuth = {{"Authorization", std::string("Bearer ") + kToken}};

// A served TM with a write token (the token file's directory comes first,
// so that it exists when the server starts).
struct TokenFile {
  TempDir keys;
  std::string path = keys.file("token");
  TokenFile() { write_file(path, std::string(kToken) + "\n"); }
};
struct Writable : TokenFile, Served {
  Writable() : Served({"--token-file", TokenFile::path}) {}
};

// The CLI's JSON Lines as one array.
json cli_lines(const std::vector<std::string>& args) {
  auto r = run_alinea(args);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  json all = json::array();
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line))
    if (!line.empty()) all.push_back(json::parse(line));
  return all;
}

int64_t unit_count(Served& s) {
  auto [status, stats] = s.get("/api/v1/stats");
  BOOST_TEST_REQUIRE(status == 200, stats.dump());
  return stats["units"].get<int64_t>();
}

// Drops the attributes that hold the time of writing.
std::string without_dates(std::string tmx) {
  for (const std::string attr : {"creationdate=\"", "changedate=\""}) {
    for (std::size_t at = tmx.find(attr); at != std::string::npos; at = tmx.find(attr, at)) {
      const std::size_t end = tmx.find('"', at + attr.size());
      tmx.erase(at + attr.size(), end - at - attr.size());
      at += attr.size();
    }
  }
  return tmx;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(serve_api)

BOOST_AUTO_TEST_CASE(reads_answer_what_the_cli_json_says) {
  Served s;
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"/api/v1/search?q=toma", {"search", "toma", "--json"}},
      {"/api/v1/search?q=" + escaped("toma empezó") + "&words=1&limit=3",
       {"search", "toma empezó", "--words", "--limit", "3", "--json"}},
      {"/api/v1/search?q=takeover&lang=en", {"search", "takeover", "--lang", "en", "--json"}},
      {"/api/v1/match?q=" + escaped("La toma empezó al mediodía.") + "&min=40",
       {"match", "La toma empezó al mediodía.", "--min", "40", "--json"}},
      {"/api/v1/match?q=" + escaped("The police surrounded the house.") + "&lang=en",
       {"match", "The police surrounded the house.", "--lang", "en", "--json"}},
      {"/api/v1/terms?q=toma", {"terms", "toma", "--json"}},
      {"/api/v1/terms?q=takeover&lang=en&limit=2",
       {"terms", "takeover", "--lang", "en", "--limit", "2", "--json"}},
      {"/api/v1/docs", {"docs", "--json"}},
  };
  for (const auto& [path, args] : cases) {
    std::vector<std::string> cli = args;
    cli.insert(cli.end(), {"--tm", s.tm});
    const json expected = cli_lines(cli);
    auto [status, answer] = s.get(path);
    BOOST_TEST_REQUIRE(status == 200, path << ": " << answer.dump());
    BOOST_TEST(answer == expected,
               path << "\n  serve: " << answer.dump() << "\n  CLI:   " << expected.dump());
  }
  // Something was found, so that the comparisons above mean something.
  BOOST_TEST(s.get("/api/v1/search?q=toma").second.size() >= 2u);
  BOOST_TEST(s.get("/api/v1/match?q=" + escaped("La toma empezó al mediodía.") + "&min=40")
                 .second.size() >= 1u);
  // One object each: stats and show.
  auto [st, stats] = s.get("/api/v1/stats");
  BOOST_TEST(st == 200);
  BOOST_TEST(stats == cli_lines({"stats", "--tm", s.tm, "--json"})[0]);
  BOOST_TEST(stats["units"] == 4);
  auto [su, unit] = s.get("/api/v1/units/2");
  BOOST_TEST(su == 200);
  BOOST_TEST(unit == cli_lines({"show", "2", "--tm", s.tm, "--json"})[0]);
  BOOST_TEST(unit["target"] == "The takeover began at dusk.");
}

BOOST_AUTO_TEST_CASE(bad_parameters_get_400_with_a_json_error) {
  Served s;
  for (const std::string path :
       {"/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=toma&limit=0",
        "/api/v1/search?q=toma&limit=abc", "/api/v1/search?q=toma&words=perhaps",
        "/api/v1/match?q=toma&min=120", "/api/v1/search?q=toma&lang=e%20s",
        "/api/v1/search?q=%FF%FE"}) {
    auto [status, body] = s.get(path);
    BOOST_TEST(status == 400, path << ": " << body.dump());
    BOOST_TEST(body["error"] == "bad_request", path);
    BOOST_TEST(body["message"].is_string(), path);
  }
  BOOST_TEST(s.get("/api/v1/units/999").first == 404);
  BOOST_TEST(s.get("/api/v1/units/abc").first == 404);
  BOOST_TEST(s.get("/api/v1/nothing").first == 404);
  BOOST_TEST(s.get("/api/v1/search?q=" + std::string(3000, 'a')).first == 414);
  // A write on a server without a token: refused as read-only.
  auto [ro, why] = s.post("/api/v1/units", R"({"source":"a","target":"b"})");
  BOOST_TEST(ro == 403, why.dump());
  BOOST_TEST(why["error"] == "read_only");
}

BOOST_AUTO_TEST_CASE(writes_need_the_token_and_change_what_the_cli_sees) {
  Writable s;
  const std::string pair =
      R"({"source":"poder popular","target":"people's power","reviewed":true})";
  BOOST_TEST(s.post("/api/v1/units", pair).first == 401);
  BOOST_TEST(
      s.post("/api/v1/units", pair, {{"Authorization", "Bearer not-the-token-0000"}}).first == 401);
  BOOST_TEST(unit_count(s) == 4);
  auto [added, unit] = s.post("/api/v1/units", pair, kAuth);
  BOOST_TEST_REQUIRE(added == 201, unit.dump());
  const int64_t id = unit["id"].get<int64_t>();
  BOOST_TEST(unit["status"] == "reviewed");
  BOOST_TEST(unit["merged"] == false);
  // The same pair again is merged, not added twice.
  auto [again, same] = s.post("/api/v1/units", pair, kAuth);
  BOOST_TEST(again == 200);
  BOOST_TEST(same["id"] == id);
  BOOST_TEST(same["merged"] == true);
  BOOST_TEST(s.post("/api/v1/units", R"({"source":"","target":"x"})", kAuth).first == 400);
  BOOST_TEST(s.post("/api/v1/units", "not json", kAuth).first == 400);

  // Edit: the CLI's show sees the new text.
  auto [edited, after] = s.post("/api/v1/units/" + std::to_string(id),
                                R"({"target":"popular power","note":"a gloss"})", kAuth);
  BOOST_TEST_REQUIRE(edited == 200, after.dump());
  BOOST_TEST(after["target"] == "popular power");
  auto shown = cli_lines({"show", std::to_string(id), "--tm", s.tm, "--json"});
  BOOST_TEST(shown[0]["target"] == "popular power");
  BOOST_TEST(shown[0]["note"] == "a gloss");
  BOOST_TEST(s.post("/api/v1/units/999", R"({"note":"x"})", kAuth).first == 404);

  // Review: all or nothing.
  auto [rejected, r] = s.post("/api/v1/review", R"({"ids":[1,2],"action":"reject"})", kAuth);
  BOOST_TEST(rejected == 200, r.dump());
  BOOST_TEST(s.get("/api/v1/units/1").second["status"] == "rejected");
  BOOST_TEST(s.post("/api/v1/review", R"({"ids":[3,999],"action":"reject"})", kAuth).first == 404);
  BOOST_TEST(s.get("/api/v1/units/3").second["status"] == "reviewed");  // imported as reviewed
  BOOST_TEST(s.post("/api/v1/review", R"({"ids":[1],"action":"maybe"})", kAuth).first == 400);
  BOOST_TEST(s.post("/api/v1/review", R"({"ids":[1],"action":"reset"})", kAuth).first == 200);
  BOOST_TEST(s.get("/api/v1/units/1").second["status"] == "aligned");

  // Delete: all or nothing too.
  BOOST_TEST(s.post("/api/v1/delete", R"({"ids":[1,999]})", kAuth).first == 404);
  BOOST_TEST(s.get("/api/v1/units/1").first == 200);
  auto [deleted, d] = s.post("/api/v1/delete", "{\"ids\":[" + std::to_string(id) + "]}", kAuth);
  BOOST_TEST(deleted == 200, d.dump());
  BOOST_TEST(d["deleted"] == 1);
  BOOST_TEST(s.get("/api/v1/units/" + std::to_string(id)).first == 404);
  // Reads stay open without the token.
  BOOST_TEST(unit_count(s) == 4);
}

BOOST_AUTO_TEST_CASE(import_is_all_or_nothing_and_export_streams_the_cli_bytes) {
  Writable s;
  // A TMX whose second <tu> is cut short: 400 naming the line, nothing stored.
  const std::string bad =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"
      "<header srclang=\"es\" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" "
      "creationtool=\"t\" creationtoolversion=\"1\" o-tmf=\"t\"/>\n<body>\n"
      "<tu><tuv xml:lang=\"es\"><seg>Uno</seg></tuv><tuv "
      "xml:lang=\"en\"><seg>One</seg></tuv></tu>\n"
      "<tu><tuv xml:lang=\"es\"><seg>Dos</seg></tuv>\n</body>\n</tmx>\n";
  auto [refused, why] = s.post("/api/v1/import?format=tmx", bad, kAuth, "application/x-tmx+xml");
  BOOST_TEST(refused == 400, why.dump());
  BOOST_TEST(why["message"].get<std::string>().find("body:7:") == 0, why.dump());
  BOOST_TEST(unit_count(s) == 4);
  BOOST_TEST(s.post("/api/v1/import?format=tmx", bad).first == 401);
  BOOST_TEST(s.post("/api/v1/import?format=xls", "x", kAuth).first == 400);
  BOOST_TEST(s.post("/api/v1/import?format=tsv", "", kAuth).first == 400);
  // A table: the units are there, with the import's report.
  auto [ok, report] = s.post("/api/v1/import?format=tsv",
                             "es\ten\nHola, vecinos.\tHello, neighbours.\nAdiós.\tGoodbye.\n",
                             kAuth, "text/tab-separated-values");
  BOOST_TEST_REQUIRE(ok == 200, report.dump());
  BOOST_TEST(report["inserted"] == 2);
  BOOST_TEST(report["units"] == 2);
  BOOST_TEST(unit_count(s) == 6);
  // A table whose es and en columns are swapped: refused as the CLI refuses
  // it, unless forced.
  std::string swapped = "es\ten\n";
  for (int i = 0; i < 3; ++i)
    swapped += "The families came with their tents and the committee organised the camp " +
               std::to_string(i) + ".\tLas familias llegaron con sus carpas y el comité organizó " +
               "el campamento " + std::to_string(i) + ".\n";
  auto [no, refusal] = s.post("/api/v1/import?format=tsv", swapped, kAuth, "text/plain");
  BOOST_TEST(no == 400, refusal.dump());
  BOOST_TEST(
      refusal["message"].get<std::string>().find("column looks English") != std::string::npos,
      refusal.dump());
  BOOST_TEST(refusal["message"].get<std::string>().find("force=1") != std::string::npos);
  BOOST_TEST(unit_count(s) == 6);
  BOOST_TEST(s.post("/api/v1/import?format=tsv&force=1", swapped, kAuth, "text/plain").first ==
             200);
  BOOST_TEST(unit_count(s) == 9);
  // Export: chunked, the same TMX as `alinea export` (but for the dates).
  auto c = s.client();
  auto r = c.Get("/api/v1/export");
  BOOST_TEST_REQUIRE(static_cast<bool>(r));
  BOOST_TEST(r->status == 200);
  BOOST_TEST(r->get_header_value("Transfer-Encoding") == "chunked");
  auto cli = run_alinea({"export", "--tm", s.tm});
  BOOST_TEST_REQUIRE(cli.exit_code == 0, cli.err);
  BOOST_TEST(without_dates(r->body) == without_dates(cli.out));
  BOOST_TEST(r->body.find("Hello, neighbours.") != std::string::npos);
  BOOST_TEST(s.get("/api/v1/export?doc=nowhere").first == 404);
  BOOST_TEST(s.get("/api/v1/export?status=great").first == 400);
}

BOOST_AUTO_TEST_CASE(readers_beside_a_writer) {
  Writable s;
  std::atomic<bool> writing{true};
  std::atomic<int> good{0}, bad{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&] {
      auto c = s.client();
      while (writing) {
        auto r = c.Get("/api/v1/search?q=toma&limit=5");
        json hits = r ? json::parse(r->body, nullptr, false) : json();
        const bool ok = r && r->status == 200 && hits.is_array() && hits.size() >= 2;
        (ok ? good : bad)++;
      }
    });
  int added = 0;
  {
    auto c = s.client();
    for (int i = 0; i < 40; ++i) {
      const json pair = {{"source", "Frase número " + std::to_string(i) + "."},
                         {"target", "Sentence number " + std::to_string(i) + "."}};
      auto r = c.Post("/api/v1/units", kAuth, pair.dump(), "application/json");
      if (r && r->status == 201) ++added;
    }
  }
  writing = false;
  for (auto& r : readers) r.join();
  BOOST_TEST(added == 40);
  BOOST_TEST(bad == 0);
  BOOST_TEST(good > 0);
  BOOST_TEST(unit_count(s) == 44);
}

BOOST_AUTO_TEST_CASE(sigterm_during_an_import_and_a_restart_lose_nothing) {
  Writable s;
  auto [added, unit] = s.post("/api/v1/units", R"({"source":"Antes.","target":"Before."})", kAuth);
  BOOST_TEST_REQUIRE(added == 201);
  // A large import, and SIGTERM while it runs.
  std::string table = "es\ten\n";
  constexpr int kRows = 30000;
  for (int i = 0; i < kRows; ++i)
    table +=
        "Fila " + std::to_string(i) + " del censo.\tRow " + std::to_string(i) + " of the census.\n";
  std::atomic<int> import_status{-1};
  std::thread importer([&] {
    auto c = s.client();
    auto r = c.Post("/api/v1/import?format=tsv", kAuth, table, "text/tab-separated-values");
    import_status = r ? r->status : 0;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  BOOST_TEST(s.server->stop() == 0, "serve exits cleanly on SIGTERM");
  importer.join();
  // The import is there whole (it was finished before the stop) or not at all.
  auto stats = run_alinea({"stats", "--tm", s.tm, "--json"});
  BOOST_TEST_REQUIRE(stats.exit_code == 0, stats.err);
  const int64_t units = json::parse(stats.out)["units"].get<int64_t>();
  BOOST_TEST((units == 5 || units == 5 + kRows),
             units << " units; import answered " << import_status.load());
  if (import_status == 200) BOOST_TEST(units == 5 + kRows);
  BOOST_TEST_MESSAGE("import during SIGTERM: status " << import_status.load() << ", " << units
                                                      << " units after");
  // Restarted on the same file: what was written is there.
  s.start({"--token-file", s.TokenFile::path});
  auto [found, before] = s.get("/api/v1/units/" + std::to_string(unit["id"].get<int64_t>()));
  BOOST_TEST(found == 200);
  BOOST_TEST(before["target"] == "Before.");
  BOOST_TEST(unit_count(s) == units);
}

BOOST_AUTO_TEST_CASE(sigkill_during_an_import_loses_no_committed_write) {
  Writable s;
  auto [added, unit] = s.post("/api/v1/units", R"({"source":"Antes.","target":"Before."})", kAuth);
  BOOST_TEST_REQUIRE(added == 201);
  std::string table = "es\ten\n";
  constexpr int kRows = 60000;
  for (int i = 0; i < kRows; ++i)
    table +=
        "Fila " + std::to_string(i) + " del padrón.\tRow " + std::to_string(i) + " of the roll.\n";
  std::thread importer([&] {
    auto c = s.client();
    (void)c.Post("/api/v1/import?format=tsv", kAuth, table, "text/tab-separated-values");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(s.server->pid(), SIGKILL);
  BOOST_TEST(s.server->stop() == -1, "killed, not exited");
  importer.join();
  // The committed unit is there, the import whole or absent, the TM readable.
  auto show =
      run_alinea({"show", std::to_string(unit["id"].get<int64_t>()), "--tm", s.tm, "--json"});
  BOOST_TEST_REQUIRE(show.exit_code == 0, show.err);
  BOOST_TEST(json::parse(show.out)["target"] == "Before.");
  auto stats = run_alinea({"stats", "--tm", s.tm, "--json"});
  BOOST_TEST_REQUIRE(stats.exit_code == 0, stats.err);
  const int64_t units = json::parse(stats.out)["units"].get<int64_t>();
  BOOST_TEST((units == 5 || units == 5 + kRows), units);
  BOOST_TEST_MESSAGE("import during SIGKILL: " << units << " units after");
}

BOOST_AUTO_TEST_SUITE_END()
