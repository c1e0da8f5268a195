// The review workbench driven in a real browser: `alinea review` runs as a
// child process, tests/browser/workbench.mjs clicks through it in Debian's
// Chromium (puppeteer-core), and the TM must then hold what the page did.
// Skipped, with the reason printed, when chromium, node or the browser
// driver's packages (`npm ci --prefix tests/browser`) are absent.
#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "run.h"

using alinea::test::read_file;
using alinea::test::run_alinea;
using alinea::test::SpawnArgs;
using alinea::test::TempDir;
using alinea::test::write_file;
namespace fs = std::filesystem;

namespace {

const char* kChromium = "/usr/bin/chromium";

// Sentences written for this test. The English joins two Spanish sentences
// into one (a 2-1 pair), has a translator's note with no Spanish counterpart
// (an omission), and one sentence on each side carries markup that must
// reach the browser as text.
const char* kSpanish =
    "La toma de terreno empezó al amanecer del 15 de marzo. Las familias llegaron con banderas "
    "chilenas y frazadas.\n\n"
    "El comité de pobladores se reunió en la escuela. Nadie sabía qué iba a pasar. La policía "
    "rodeó el campamento a las diez.\n\n"
    "Una dirigente escribió <script>alert(1)</script> en la pizarra para burlarse de los "
    "censores. Todos se rieron mucho.\n\n"
    "Al final, el gobierno prometió viviendas para las 300 familias. La lucha continuó durante "
    "años.\n";
const char* kEnglish =
    "The land takeover began at dawn on 15 March. The families arrived with Chilean flags and "
    "blankets.\n\n"
    "The settlers' committee met in the school. Nobody knew what was going to happen, and at ten "
    "the police surrounded the camp.\n\n"
    "A leader wrote <script>alert(1)</script> on the blackboard to mock the censors. Everybody "
    "laughed a lot.\n\n"
    "Translator's note: a minute of the recording is lost here, so this sentence only summarises "
    "what the speakers said about the radio station.\n\n"
    "In the end, the government promised housing for the 300 families. The struggle went on for "
    "years.\n";

std::string browser_dir() {
  return (fs::path(ALINEA_CORPORA).parent_path() / "tests/browser").string();
}

// The first directory on PATH that holds an executable `name`, or "".
std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

// Why the test cannot run here, or "" when it can.
std::string missing_prerequisite() {
  if (!fs::exists(kChromium))
    return std::string(kChromium) + " is not installed (Debian package chromium)";
  if (find_on_path("node").empty()) return "node is not on PATH (Debian package nodejs)";
  if (!fs::exists(browser_dir() + "/node_modules/puppeteer-core"))
    return browser_dir() +
           "/node_modules/puppeteer-core is absent (run `npm ci --prefix tests/browser`)";
  return {};
}

// `alinea review DOC` as a child process: reads the URL it prints first,
// and stops it with SIGTERM (also when a check fails half-way).
class ReviewServer {
 public:
  ReviewServer(const std::vector<std::string>& args, const std::string& err_file) {
    int out[2];
    if (pipe(out)) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, out[1]);
    const SpawnArgs spawn(args, {});
    int rc =
        posix_spawn(&pid_, ALINEA_BINARY, &actions, nullptr, spawn.argv.data(), spawn.envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) {
      close(out[0]);
      throw std::runtime_error("cannot run " + std::string(ALINEA_BINARY));
    }
    out_ = out[0];
  }
  ~ReviewServer() {
    if (pid_ > 0) stop();
    if (out_ >= 0) close(out_);
  }
  ReviewServer(const ReviewServer&) = delete;
  ReviewServer& operator=(const ReviewServer&) = delete;

  // The first line on stdout, or "" when none comes within `timeout`.
  std::string first_line(std::chrono::milliseconds timeout) {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (line.find('\n') == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{out_, POLLIN, 0};
      if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return {};
      char c[256];
      ssize_t n = read(out_, c, sizeof c);
      if (n <= 0) return {};
      line.append(c, static_cast<size_t>(n));
    }
    return line.substr(0, line.find('\n'));
  }

  // SIGTERM, then up to 10 s for a clean exit (SIGKILL after that). Returns
  // the wait status, or -1 when it had to be killed.
  int stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return status;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

nlohmann::json show(const std::string& tm, long id) {
  auto r = run_alinea({"show", std::to_string(id), "--json", "--tm", tm});
  BOOST_TEST_REQUIRE(r.exit_code == 0, "alinea show " << id << ": " << r.err);
  return nlohmann::json::parse(r.out);
}

// The TM and its SQLite side files, byte for byte.
std::string tm_bytes(const std::string& tm) {
  std::string all;
  for (const char* suffix : {"", "-wal", "-journal"})
    if (fs::exists(tm + suffix)) all += std::string(suffix) + ":" + read_file(tm + suffix);
  return all;
}

}  // namespace

BOOST_AUTO_TEST_CASE(workbench_in_chromium_changes_the_tm) {
  if (std::string why = missing_prerequisite(); !why.empty()) {
    BOOST_TEST_MESSAGE("skipped workbench_in_chromium_changes_the_tm: " << why);
    return;
  }
  TempDir dir;
  const std::string tm = dir.file("T");
  write_file(dir.file("es.txt"), kSpanish);
  write_file(dir.file("en.txt"), kEnglish);
  // An empty data dir: the alignment depends on nothing built beside the binary.
  auto r = run_alinea({"--data-dir", dir.path(), "align", dir.file("es.txt"), dir.file("en.txt"),
                       "--doc", "prueba", "--tm", tm});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);

  ReviewServer server({"review", "prueba", "--tm", tm}, dir.file("server.err"));
  const std::string url = server.first_line(std::chrono::seconds(20));
  BOOST_TEST_REQUIRE(
      url.rfind("http://127.0.0.1:", 0) == 0,
      "alinea review printed " << url << "; stderr: " << read_file(dir.file("server.err")));
  const std::string origin = url.substr(0, url.find('/', 7));
  const std::string token = url.substr(url.find("?token=") + 7);

  // Without the token a well-formed change is refused and the TM is untouched.
  {
    httplib::Client http(origin);
    http.set_connection_timeout(5);
    http.set_read_timeout(10);
    auto doc = http.Get("/api/document", {{"X-Alinea-Token", token}});
    BOOST_TEST_REQUIRE(bool(doc), "GET /api/document failed: " << httplib::to_string(doc.error()));
    BOOST_TEST_REQUIRE(doc->status == 200, doc->body);
    auto first = nlohmann::json::parse(doc->body).at("pairs").at(0);
    nlohmann::json op = {
        {"op", "reject"},
        {"pairs", {{{"key", first.at("key")}, {"revision", first.at("revision")}}}}};
    const std::string before = tm_bytes(tm);
    auto no_token = http.Post("/api/op", op.dump(), "application/json");
    BOOST_TEST_REQUIRE(bool(no_token));
    BOOST_TEST(no_token->status == 403, no_token->body);
    auto wrong_token =
        http.Post("/api/op", {{"X-Alinea-Token", token + "x"}}, op.dump(), "application/json");
    BOOST_TEST_REQUIRE(bool(wrong_token));
    BOOST_TEST(wrong_token->status == 403, wrong_token->body);
    BOOST_TEST((tm_bytes(tm) == before), "a refused op changed the TM");
  }

  // The browser does the review.
  const std::string shot = std::string(ALINEA_TEST_ARTIFACTS) + "/workbench.png";
  const std::string out = dir.file("driver.out"), err = dir.file("driver.err");
  std::string command = "timeout 300 node " + browser_dir() + "/workbench.mjs '" + url + "' '" +
                        shot + "' > " + out + " 2> " + err;
  int rc = std::system(command.c_str());
  BOOST_TEST_REQUIRE(rc == 0, "workbench.mjs failed: " << read_file(err) << "\nserver: "
                                                       << read_file(dir.file("server.err")));
  const auto did = nlohmann::json::parse(read_file(out));
  BOOST_TEST_MESSAGE("workbench.mjs: " << did.dump());
  BOOST_TEST(fs::file_size(shot) > 10000u);
  BOOST_TEST(did.at("escaped_id").is_number(), "no row showed the <script> sentence as text");

  int status = server.stop();
  BOOST_TEST((status != -1 && ((WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
                               (WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM))),
             "alinea review did not stop cleanly on SIGTERM (status " << status << ")");

  // What the page did is in the TM.
  BOOST_TEST(show(tm, did.at("accepted_id").get<long>()).at("status") == "reviewed");

  auto merged = show(tm, did.at("merged_id").get<long>());
  for (const auto& s : did.at("merged_src"))
    BOOST_TEST(
        merged.at("source").get<std::string>().find(s.get<std::string>()) != std::string::npos,
        "merged source lacks " << s);
  for (const auto& s : did.at("merged_tgt"))
    BOOST_TEST(
        merged.at("target").get<std::string>().find(s.get<std::string>()) != std::string::npos,
        "merged target lacks " << s);

  auto split = show(tm, did.at("split_id").get<long>());
  BOOST_TEST(split.at("source") == did.at("split_kept").at("src"));
  BOOST_TEST(split.at("target") == did.at("split_kept").at("tgt"));

  auto edited = show(tm, did.at("edited_id").get<long>());
  BOOST_TEST(edited.at("target") == did.at("edited_text"));
  BOOST_TEST(edited.at("status") == "reviewed");

  BOOST_TEST(show(tm, did.at("rejected_then_undone_id").get<long>()).at("status") != "rejected");

  // ... and in what other tools read: markup from the page stays text in TMX.
  auto x = run_alinea({"export", "-o", dir.file("x.tmx"), "--tm", tm});
  BOOST_TEST_REQUIRE(x.exit_code == 0, x.err);
  const std::string tmx = read_file(dir.file("x.tmx"));
  BOOST_TEST(tmx.find("smart &lt;b&gt;readers&lt;/b&gt; &amp; “quotes”") != std::string::npos);
  BOOST_TEST(tmx.find("<b>") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(workbench_in_chromium_shows_where_each_side_is_in_the_docx) {
  if (std::string why = missing_prerequisite(); !why.empty()) {
    BOOST_TEST_MESSAGE(
        "skipped workbench_in_chromium_shows_where_each_side_is_in_the_docx: " << why);
    return;
  }
  TempDir dir;
  const std::string tm = dir.file("T");
  const std::string docs = std::string(ALINEA_TEST_DATA) + "/documents/";
  auto r = run_alinea({"--data-dir", dir.path(), "align", docs + "entrevista.docx",
                       docs + "interview.docx", "--doc", "rosa", "--tm", tm});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  ReviewServer server({"review", "rosa", "--tm", tm}, dir.file("server.err"));
  const std::string url = server.first_line(std::chrono::seconds(20));
  BOOST_TEST_REQUIRE(
      url.rfind("http://127.0.0.1:", 0) == 0,
      "alinea review printed " << url << "; stderr: " << read_file(dir.file("server.err")));
  const std::string out = dir.file("driver.out"), err = dir.file("driver.err");
  std::string command = "timeout 120 node " + browser_dir() + "/workbench_locations.mjs '" + url +
                        "' > " + out + " 2> " + err;
  const int rc = std::system(command.c_str());
  BOOST_TEST_REQUIRE(rc == 0, "workbench_locations.mjs failed: " << read_file(err));
  const auto rows = nlohmann::json::parse(read_file(out));
  bool found = false;
  for (const auto& row : rows) {
    // Every side of a .docx has its location in view.
    BOOST_TEST(row.at("src_shown") == true, row.dump());
    BOOST_TEST(row.at("tgt_shown") == true, row.dump());
    if (row.at("src") != "La ciudad estaba llena de gente que venía del campo.") continue;
    found = true;
    BOOST_TEST(row.at("src_loc") == "\u00b62", row.dump());
    BOOST_TEST(row.at("src_title") == "paragraph 2, characters 39-90", row.dump());
    BOOST_TEST(row.at("tgt_title") == "paragraph 2, characters 39-94", row.dump());
  }
  BOOST_TEST(found, rows.dump());
}
