// A person's corrections through the real binary: the spreadsheet loop, a
// re-alignment that keeps every decision, pending pairs kept out of the TM's
// answers, and the workbench's HTTP API (operations, undo, conflicts, the
// token).
#include <httplib.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "run.h"

using alinea::test::BackgroundAlinea;
using alinea::test::read_file;
using alinea::test::run_alinea;
using alinea::test::TempDir;
using alinea::test::write_file;
using nlohmann::json;

namespace {

// A short interview and its rough translation: the English merges two
// Spanish sentences, and leaves one out.
const char* kSpanish =
    "La toma empezó al amanecer del 30 de julio de 1970.\n\n"
    "Llegamos con banderas chilenas y palos para las carpas. "
    "Éramos más de trescientas familias.\n\n"
    "Nadie habló esa noche. Los carabineros rodearon el terreno. "
    "Al día siguiente llegó el intendente.\n\n"
    "La junta de vecinos organizó la comida, la salud y la vigilancia. "
    "Los niños iban a una escuela improvisada.\n";
const char* kEnglish =
    "The takeover began at dawn on 30 July 1970.\n\n"
    "We arrived with Chilean flags and poles for the tents; there were more than three hundred "
    "families.\n\n"
    "No one spoke that night. The police surrounded the land. "
    "The next day the governor arrived.\n\n"
    "The neighbourhood council organised food, health care and the watch.\n";

struct Interview {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  std::string es = dir.file("es.txt");
  std::string en = dir.file("en.txt");
  Interview() {
    write_file(es, kSpanish);
    write_file(en, kEnglish);
  }
  alinea::test::Run run(std::vector<std::string> args) {
    args.insert(args.end(), {"--tm", tm, "--data-dir", dir.path()});
    return run_alinea(args);
  }
  // Every unit of the document, by reading the TM as JSON through `show`.
  json show(int64_t id) {
    auto r = run({"show", std::to_string(id), "--json"});
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return json::parse(r.out);
  }
};

std::vector<std::vector<std::string>> tsv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::size_t at = 0;
    for (;;) {
      auto tab = line.find('\t', at);
      cells.push_back(line.substr(at, tab - at));
      if (tab == std::string::npos) break;
      at = tab + 1;
    }
    rows.push_back(cells);
  }
  return rows;
}

std::string tsv_text(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "\t" : "") + row[i];
    out += '\n';
  }
  return out;
}

// The id the search command prints first for a query.
int64_t unit_id_of(Interview& t, const std::string& text, bool pending = false) {
  std::vector<std::string> args = {"search", "\"" + text + "\"", "--json", "--include-rejected"};
  if (pending) args.push_back("--include-pending");
  auto r = t.run(args);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  BOOST_REQUIRE_MESSAGE(!r.out.empty(), "no unit holds '" << text << "'");
  return json::parse(r.out.substr(0, r.out.find('\n')))["id"].get<int64_t>();
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_spreadsheet_loop_reads_back_what_align_wrote) {
  Interview t;
  // Exactly as the README writes it: align to a table, load it back.
  auto a = t.run({"align", t.es, t.en, "-o", t.dir.file("p.tsv")});
  BOOST_TEST_REQUIRE(a.exit_code == 0, a.err);
  auto rows = tsv_rows(read_file(t.dir.file("p.tsv")));
  bool omission = false;
  for (const auto& row : rows) omission = omission || row[0].empty() || row[1].empty();
  BOOST_TEST_REQUIRE(omission, "the sample has a sentence without translation");
  auto i = t.run({"import", t.dir.file("p.tsv"), "--doc", "entrevista", "--replace"});
  BOOST_TEST_REQUIRE(i.exit_code == 0, i.err);
  // A document the TM did not have: the table is the person's alignment.
  auto docs = json::parse(t.run({"docs", "--json"}).out);
  BOOST_TEST(docs["units"].get<size_t>() == rows.size() - 1);
  BOOST_TEST(docs["reviewed"].get<size_t>() == rows.size() - 1);
}

BOOST_AUTO_TEST_CASE(a_corrected_table_changes_only_the_rows_a_person_changed) {
  Interview t;
  // Stored and reloaded, a row changed in the spreadsheet becomes a
  // decision and the others stay as they are, ids included.
  auto s = t.run({"align", t.es, t.en, "--doc", "entrevista", "-o", t.dir.file("p.tsv")});
  BOOST_TEST_REQUIRE(s.exit_code == 0, s.err);
  const int64_t takeover = unit_id_of(t, "The takeover began at dawn", true);
  const int64_t night = unit_id_of(t, "No one spoke that night", true);
  auto rows = tsv_rows(read_file(t.dir.file("p.tsv")));
  auto same = t.run({"import", t.dir.file("p.tsv"), "--doc", "entrevista", "--replace"});
  BOOST_TEST_REQUIRE(same.exit_code == 0, same.err);
  BOOST_TEST(same.err.find(std::to_string(rows.size() - 1) + " rows unchanged, 0 changed") !=
                 std::string::npos,
             same.err);
  for (auto& row : rows)
    if (row[1].rfind("No one spoke", 0) == 0) row[1] = "Nobody said a word that night.";
  write_file(t.dir.file("p.tsv"), tsv_text(rows));
  auto r = t.run({"import", t.dir.file("p.tsv"), "--doc", "entrevista", "--replace"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.err.find("1 changed") != std::string::npos, r.err);
  BOOST_TEST(t.show(takeover)["status"] == "aligned");
  BOOST_TEST(t.show(takeover)["target"] == "The takeover began at dawn on 30 July 1970.");
  auto fixed = t.show(unit_id_of(t, "Nobody said a word"));
  BOOST_TEST(fixed["status"] == "reviewed");
  BOOST_TEST(t.run({"show", std::to_string(night)}).exit_code == 1);  // replaced by the fix
}

BOOST_AUTO_TEST_CASE(a_realignment_keeps_every_decision_and_names_what_it_cannot_keep) {
  Interview t;
  auto a = t.run({"align", t.es, t.en, "--doc", "entrevista"});
  BOOST_TEST_REQUIRE(a.exit_code == 0, a.err);
  const int64_t edited = unit_id_of(t, "The takeover began at dawn");
  const int64_t accepted = unit_id_of(t, "The police surrounded the land");
  const int64_t rejected = unit_id_of(t, "The next day the governor arrived");
  const int64_t gone = unit_id_of(t, "No one spoke that night");
  BOOST_TEST_REQUIRE(t.run({"edit", std::to_string(edited), "--target",
                            "The land takeover began at dawn on 30 July 1970."})
                         .exit_code == 0);
  BOOST_TEST_REQUIRE(t.run({"review", std::to_string(accepted), "--accept"}).exit_code == 0);
  BOOST_TEST_REQUIRE(t.run({"review", std::to_string(rejected), "--reject"}).exit_code == 0);
  BOOST_TEST_REQUIRE(t.run({"review", std::to_string(gone), "--accept"}).exit_code == 0);
  // And a row corrected in a spreadsheet: the table align writes for a
  // stored document is the document as the TM holds it, decisions included.
  auto table = t.run({"align", t.es, t.en, "--doc", "entrevista", "-o", t.dir.file("p.tsv")});
  BOOST_TEST_REQUIRE(table.exit_code == 0, table.err);
  auto rows = tsv_rows(read_file(t.dir.file("p.tsv")));
  bool found = false;
  for (auto& row : rows) {
    if (row[1] == "The land takeover began at dawn on 30 July 1970.")
      BOOST_TEST(row[2] == "reviewed");
    if (row[1].rfind("The neighbourhood council", 0) == 0) {
      row[1] = "The neighbours' council organised food, health care and the night watch.";
      found = true;
    }
  }
  BOOST_TEST_REQUIRE(found);
  write_file(t.dir.file("p.tsv"), tsv_text(rows));
  auto imported = t.run({"import", t.dir.file("p.tsv"), "--doc", "entrevista", "--replace"});
  BOOST_TEST_REQUIRE(imported.exit_code == 0, imported.err);
  BOOST_TEST(imported.err.find("1 changed") != std::string::npos, imported.err);
  const int64_t from_table = unit_id_of(t, "neighbours' council");

  // The transcript changes: one sentence reworded (a decision's sentence
  // goes away), one added at the end.
  std::string es = kSpanish;
  es.replace(es.find("Nadie habló esa noche."), 22, "Esa noche nadie dijo nada.");
  write_file(t.es, es + "\nFue el comienzo de la población.\n");
  auto r = t.run({"align", t.es, t.en, "--doc", "entrevista"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.err.find("4 of your decisions kept") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("could not keep unit " + std::to_string(gone)) != std::string::npos, r.err);

  auto e = t.show(edited);
  BOOST_TEST(e["target"] == "The land takeover began at dawn on 30 July 1970.");
  BOOST_TEST(e["status"] == "reviewed");
  BOOST_TEST(t.show(accepted)["status"] == "reviewed");
  BOOST_TEST(t.show(rejected)["status"] == "rejected");
  BOOST_TEST(t.show(from_table)["status"] == "reviewed");
  BOOST_TEST(t.show(from_table)["source_sentences"] != nullptr);
  // What could not be kept is still there.
  BOOST_TEST(t.show(gone)["target"] == "No one spoke that night.");
}

BOOST_AUTO_TEST_CASE(pending_pairs_stay_out_of_answers_until_reviewed) {
  Interview t;
  // A threshold above every confidence: all machine pairs are pending.
  auto a = t.run({"align", t.es, t.en, "--doc", "entrevista", "--threshold", "1"});
  BOOST_TEST_REQUIRE(a.exit_code == 0, a.err);
  // It says how many omissions it kept out of the TM's answers.
  const auto said = a.err.find(" omissions, kept out of search and export");
  BOOST_TEST_REQUIRE(said != std::string::npos, a.err);
  const auto open = a.err.rfind('(', said);
  BOOST_TEST(std::stoi(a.err.substr(open + 1, said - open - 1)) >= 1, a.err);
  auto stats = json::parse(t.run({"stats", "--json"}).out);
  BOOST_TEST(stats["pending"].get<int>() == stats["units"].get<int>());
  BOOST_TEST(stats["omissions"].get<int>() >= 1);
  BOOST_TEST(t.run({"search", "intendente"}).out.find("intendente") == std::string::npos);
  auto x = t.run({"export", "-o", t.dir.file("x.tmx")});
  BOOST_TEST_REQUIRE(x.exit_code == 0, x.err);
  BOOST_TEST(read_file(t.dir.file("x.tmx")).find("<tu") == std::string::npos);

  const int64_t id = unit_id_of(t, "The police surrounded the land", true);
  BOOST_TEST_REQUIRE(t.run({"review", std::to_string(id), "--accept"}).exit_code == 0);
  BOOST_TEST(t.run({"search", "carabineros"}).out.find("carabineros") != std::string::npos);
  x = t.run({"export", "-o", t.dir.file("x.tmx"), "--include-pending"});
  BOOST_TEST_REQUIRE(x.exit_code == 0, x.err);
  const std::string tmx = read_file(t.dir.file("x.tmx"));
  BOOST_TEST(tmx.find("The police surrounded the land.") != std::string::npos);
  BOOST_TEST(tmx.find("<seg></seg>") == std::string::npos);  // omissions never
}

namespace {

// The workbench of one stored document, driven over HTTP.
struct Bench {
  Interview t;
  std::unique_ptr<BackgroundAlinea> server;
  std::unique_ptr<httplib::Client> client;
  std::string token;
  Bench() {
    auto a = t.run({"align", t.es, t.en, "--doc", "entrevista"});
    BOOST_REQUIRE_MESSAGE(a.exit_code == 0, a.err);
    server = std::make_unique<BackgroundAlinea>(
        std::vector<std::string>{"review", "entrevista", "--tm", t.tm});
    // http://127.0.0.1:PORT/?token=32 hex digits
    const std::string url = server->first_line();
    const std::string prefix = "http://127.0.0.1:";
    const auto slash = url.find("/?token=");
    BOOST_REQUIRE_MESSAGE(url.rfind(prefix, 0) == 0 && slash != std::string::npos,
                          "unexpected first line: " << url);
    token = url.substr(slash + 8);
    BOOST_REQUIRE_MESSAGE(
        token.size() == 32 && token.find_first_not_of("0123456789abcdef") == std::string::npos,
        "unexpected token in " << url);
    client = std::make_unique<httplib::Client>(
        "127.0.0.1", std::stoi(url.substr(prefix.size(), slash - prefix.size())));
  }
  json document() {
    auto r = client->Get("/api/document", {{"X-Alinea-Token", token}});
    BOOST_REQUIRE(r);
    BOOST_REQUIRE_EQUAL(r->status, 200);
    return json::parse(r->body);
  }
  httplib::Result post(const std::string& path, const json& body, bool with_token = true) {
    httplib::Headers h;
    if (with_token) h.emplace("X-Alinea-Token", token);
    return client->Post(path, h, body.dump(), "application/json");
  }
  json op(const json& body) {
    auto r = post("/api/op", body);
    BOOST_REQUIRE(r);
    BOOST_REQUIRE_MESSAGE(r->status == 200, r->status << ": " << r->body);
    return json::parse(r->body);
  }
  static json ref(const json& pair) {
    return {{"key", pair["key"]}, {"revision", pair["revision"]}};
  }
  static std::size_t index_of(const json& doc, const std::string& text) {
    for (std::size_t i = 0; i < doc["pairs"].size(); ++i) {
      const json& p = doc["pairs"][i];
      if (p["src_text"].get<std::string>().find(text) != std::string::npos ||
          p["tgt_text"].get<std::string>().find(text) != std::string::npos)
        return i;
    }
    BOOST_FAIL("no pair holds " << text);
    return 0;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(workbench_operations_change_the_alignment_and_undo_restores_it) {
  Bench b;
  json doc = b.document();
  const auto pairs_before = doc["pairs"].size();
  BOOST_TEST(doc["name"] == "entrevista");

  // Merge two pairs, then split the result again on both sides.
  std::size_t i = Bench::index_of(doc, "Nadie habló");
  const json first = doc["pairs"][i], second = doc["pairs"][i + 1];
  doc = b.op({{"op", "merge"}, {"pairs", {Bench::ref(first), Bench::ref(second)}}});
  BOOST_TEST(doc["pairs"].size() == pairs_before - 1);
  json merged = doc["pairs"][i];
  BOOST_TEST(merged["status"] == "reviewed");
  BOOST_TEST(merged["src_text"] ==
             first["src_text"].get<std::string>() + " " + second["src_text"].get<std::string>());
  doc = b.op({{"op", "split"}, {"side", "both"}, {"pairs", {Bench::ref(merged)}}});
  BOOST_TEST(doc["pairs"].size() == pairs_before);
  BOOST_TEST(doc["pairs"][i]["src_text"] == first["src_text"]);
  BOOST_TEST(doc["pairs"][i + 1]["tgt_text"] == second["tgt_text"]);

  // Unpair, then pair again; edit; the TM sees every step.
  json p = doc["pairs"][i];
  doc = b.op({{"op", "unpair"}, {"pairs", {Bench::ref(p)}}});
  BOOST_TEST(doc["pairs"][i]["omission"] == true);
  BOOST_TEST(doc["pairs"][i + 1]["omission"] == true);
  doc = b.op(
      {{"op", "pair"}, {"pairs", {Bench::ref(doc["pairs"][i]), Bench::ref(doc["pairs"][i + 1])}}});
  BOOST_TEST(doc["pairs"][i]["src_text"] == first["src_text"]);
  BOOST_TEST(doc["pairs"][i]["tgt_text"] == first["tgt_text"]);
  doc = b.op({{"op", "edit"},
              {"side", "tgt"},
              {"text", "Nobody said a word that night."},
              {"pairs", {Bench::ref(doc["pairs"][i])}}});
  const int64_t edited_id = doc["pairs"][i]["id"];
  BOOST_TEST(b.t.show(edited_id)["target"] == "Nobody said a word that night.");
  BOOST_TEST(b.t.show(edited_id)["status"] == "reviewed");

  // Undo the edit: the text comes back, in the TM too.
  doc = json::parse(b.post("/api/undo", json::object())->body);
  BOOST_TEST(b.t.show(edited_id)["target"] == first["tgt_text"]);
  BOOST_TEST(doc["undo_label"] == "pair");
}

BOOST_AUTO_TEST_CASE(workbench_moves_a_sentence_across_a_pair_boundary) {
  Bench b;
  json doc = b.document();
  // "We arrived ... families." is one English sentence for two Spanish
  // ones: move the second Spanish sentence down and back up.
  std::size_t i = Bench::index_of(doc, "Llegamos con banderas");
  json p = doc["pairs"][i];
  BOOST_TEST_REQUIRE(p["src_sentences"] == 2);
  doc = b.op({{"op", "move"},
              {"side", "src"},
              {"direction", "down"},
              {"pairs", {Bench::ref(p), Bench::ref(doc["pairs"][i + 1])}}});
  BOOST_TEST(doc["pairs"][i]["src_sentences"] == 1);
  BOOST_TEST(doc["pairs"][i + 1]["src_text"].get<std::string>().rfind("Éramos más", 0) == 0);
  doc = b.op({{"op", "move"},
              {"side", "src"},
              {"direction", "up"},
              {"pairs", {Bench::ref(doc["pairs"][i]), Bench::ref(doc["pairs"][i + 1])}}});
  BOOST_TEST(doc["pairs"][i]["src_text"] == p["src_text"]);
}

BOOST_AUTO_TEST_CASE(workbench_refuses_stale_pairs_and_requests_without_the_token) {
  Bench b;
  json doc = b.document();
  const json p = doc["pairs"][0];
  const std::string before = read_file(b.t.tm);

  // No token (a page from another site, another local user): refused, and
  // the TM is byte for byte what it was.
  auto r = b.post("/api/op", {{"op", "reject"}, {"pairs", {Bench::ref(p)}}}, false);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->status == 403);
  r = b.client->Post("/api/op", {{"X-Alinea-Token", std::string(32, '0')}},
                     json({{"op", "reject"}, {"pairs", {Bench::ref(p)}}}).dump(),
                     "application/json");
  BOOST_TEST(r->status == 403);
  BOOST_TEST(b.client->Get("/api/document")->status == 403);
  BOOST_TEST(read_file(b.t.tm) == before);

  // Malformed requests: 4xx, and the server lives on.
  for (const std::string body :
       {"", "[]", "{\"op\":1}", "{\"op\":\"merge\",\"pairs\":[]}",
        "{\"op\":\"accept\",\"pairs\":[{\"key\":\"u999999\",\"revision\":0}]}",
        "{\"op\":\"split\",\"side\":\"x\",\"pairs\":[{\"key\":1}]}"}) {
    auto m = b.client->Post("/api/op", {{"X-Alinea-Token", b.token}}, body, "application/json");
    BOOST_REQUIRE(m);
    BOOST_TEST((m->status >= 400 && m->status < 500), body << " -> " << m->status);
  }
  BOOST_TEST(read_file(b.t.tm) == before);

  // Two tabs: the second acts on what it saw before the first's change.
  b.op({{"op", "accept"}, {"pairs", {Bench::ref(p)}}});
  r = b.post("/api/op", {{"op", "reject"}, {"pairs", {Bench::ref(p)}}});
  BOOST_TEST(r->status == 409);
  BOOST_TEST(json::parse(r->body)["error"] == "conflict");
  BOOST_TEST(b.t.show(p["id"])["status"] == "reviewed");

  BOOST_TEST(b.server->stop() == 0);  // SIGTERM: a clean exit
}
