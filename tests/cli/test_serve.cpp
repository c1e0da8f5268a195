// `alinea serve` through HTTP, on the real binary: the tmserver/amaGama
// protocol in both directions of the TM, language codes with regions, the
// bounds, the token, the access log, a clean stop on SIGTERM, many readers at
// once; and the same requests against Translate Toolkit's own tmserver.
#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "run.h"
#include "serve_fixture.h"

using alinea::test::BackgroundAlinea;
using alinea::test::escaped;
using alinea::test::kTable;
using alinea::test::read_file;
using alinea::test::run_alinea;
using alinea::test::Served;
using alinea::test::TempDir;
using alinea::test::write_file;
using nlohmann::json;

BOOST_AUTO_TEST_SUITE(serve)

BOOST_AUTO_TEST_CASE(unit_lookups_in_both_directions_with_region_codes) {
  Served s;
  auto [status, list] = s.get("/tmserver/es/en/unit/" + escaped("La toma empezó al amanecer."));
  BOOST_TEST_REQUIRE(status == 200, list.dump());
  BOOST_TEST_REQUIRE(list.is_array());
  BOOST_TEST_REQUIRE(list.size() >= 1u, list.dump());
  // The exact match first, with the tmserver fields and types.
  BOOST_TEST(list[0]["source"] == "La toma empezó al amanecer.");
  BOOST_TEST(list[0]["target"] == "The takeover began at dawn.");
  BOOST_TEST(list[0]["quality"].is_number());
  BOOST_TEST(list[0]["quality"].get<double>() == 100.0);
  BOOST_TEST(list[0]["rank"].is_number());
  BOOST_TEST(list[0]["context"].is_string());
  // Best first; the near sentence (dusk for dawn) below 100.
  for (std::size_t i = 1; i < list.size(); ++i) {
    BOOST_TEST(list[i]["quality"].get<double>() <= list[i - 1]["quality"].get<double>());
    BOOST_TEST(list[i]["quality"].get<double>() < 100.0);
  }
  // English to Spanish: the TM's target side is matched, the source given.
  for (const std::string pair : {"en/es", "en_US/es_CL", "en-GB/es-CL", "EN/ES"}) {
    auto [st, back] =
        s.get("/tmserver/" + pair + "/unit/" + escaped("The police surrounded the land."));
    BOOST_TEST_REQUIRE(st == 200, pair << ": " << back.dump());
    BOOST_TEST_REQUIRE(back.size() >= 1u, pair << ": " << back.dump());
    BOOST_TEST(back[0]["source"] == "The police surrounded the land.", pair);
    BOOST_TEST(back[0]["target"] == "Los carabineros rodearon el terreno.", pair);
  }
  // A language the TM does not have: nothing, and no error.
  auto [fr_status, fr] = s.get("/tmserver/fr/en/unit/" + escaped("La toma empezó al amanecer."));
  BOOST_TEST(fr_status == 200);
  BOOST_TEST(fr.size() == 0u);
  // A code that is no language code.
  BOOST_TEST(s.get("/tmserver/e%20s/en/unit/x").first == 400);
  // Another base path is not served.
  BOOST_TEST(s.get("/amagama/es/en/unit/x").first == 404);
  auto [h, health] = s.get("/health");
  BOOST_TEST(h == 200);
  BOOST_TEST(health["status"] == "ok");
}

BOOST_AUTO_TEST_CASE(min_similarity_and_max_candidates) {
  Served s({"--max-candidates", "2"});
  const std::string unit = "/tmserver/es/en/unit/" + escaped("La toma empezó al amanecer.");
  auto [st, all] = s.get(unit + "?min_similarity=30&max_candidates=10");
  BOOST_TEST_REQUIRE(st == 200, all.dump());
  BOOST_TEST(all.size() == 2u, "clamped to --max-candidates: " << all.dump());
  auto [st1, one] = s.get(unit + "?max_candidates=1");
  BOOST_TEST(one.size() == 1u, one.dump());
  auto [st100, exact] = s.get(unit + "?min_similarity=100&max_candidates=5");
  BOOST_TEST(exact.size() == 1u, exact.dump());
  // Below the default 75%: nothing for a loosely related sentence.
  auto [stn, none] = s.get("/tmserver/es/en/unit/" + escaped("La comida empezó tarde."));
  BOOST_TEST(stn == 200);
  for (const auto& c : none) BOOST_TEST(c["quality"].get<double>() >= 75.0);
  BOOST_TEST(s.get(unit + "?min_similarity=abc").first == 400);
  BOOST_TEST(s.get(unit + "?min_similarity=101").first == 400);
  BOOST_TEST(s.get(unit + "?max_candidates=-1").first == 400);
}

// Answers are kept for lookups asked again (--cache-mb), but never outlive a
// change to the TM, whoever makes it: here another process.
BOOST_AUTO_TEST_CASE(a_kept_answer_never_outlives_a_change_to_the_tm) {
  // Answers kept; every answer computed from the word lists kept in
  // memory; every answer computed from the TM file alone.
  for (const std::string word_index_mb : {"256", "0"})
    for (const std::string cache_mb : {"64", "0"}) {
      if (word_index_mb == "0" && cache_mb != "0") continue;
      BOOST_TEST_CONTEXT("--cache-mb " << cache_mb << " --word-index-mb " << word_index_mb) {
        Served s({"--cache-mb", cache_mb, "--word-index-mb", word_index_mb});
        const std::string noon = "La toma empezó al mediodía.";
        const std::string unit = "/tmserver/es/en/unit/" + escaped(noon);
        auto [st, before] = s.get(unit);
        BOOST_TEST_REQUIRE(st == 200, before.dump());
        BOOST_TEST_REQUIRE(before.size() >= 1u, before.dump());
        BOOST_TEST(before[0]["quality"].get<double>() < 100.0);
        BOOST_TEST(s.get(unit).second == before);  // asked again: the same answer

        auto add = run_alinea({"add", noon, "The takeover began at noon.", "--tm", s.tm});
        BOOST_TEST_REQUIRE(add.exit_code == 0, add.err);
        auto [st2, after] = s.get(unit);
        BOOST_TEST_REQUIRE(after.size() >= 1u, after.dump());
        BOOST_TEST(after[0]["quality"].get<double>() == 100.0, after.dump());
        BOOST_TEST(after[0]["target"] == "The takeover began at noon.");

        // "added unit ID"
        const std::string id = add.out.substr(add.out.rfind(' ') + 1);
        auto del = run_alinea({"delete", id.substr(0, id.find('\n')), "--tm", s.tm});
        BOOST_TEST_REQUIRE(del.exit_code == 0, del.err);
        BOOST_TEST(s.get(unit).second == before);
      }
    }
}

BOOST_AUTO_TEST_CASE(bounds_too_long_text_and_too_big_body) {
  Served s({"--max-request-mb", "1"});
  auto [st, long_text] = s.get("/tmserver/es/en/unit/" + std::string(3000, 'a'));
  BOOST_TEST(st == 414, long_text.dump());
  BOOST_TEST(long_text["error"] == "too_long");
  auto c = s.client();
  auto big = c.Post("/api/add", std::string(2 << 20, 'x'), "application/json");
  BOOST_TEST_REQUIRE(static_cast<bool>(big));
  BOOST_TEST(big->status == 413);
  // Still serving after both.
  BOOST_TEST(s.get("/health").first == 200);
}

namespace {

// A connection that sends nothing: it holds a worker (or a place in the
// queue) until closed.
int silent_connection(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  BOOST_TEST_REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_full_queue_gets_429_with_retry_after) {
  Served s({"--threads", "1", "--max-waiting", "1"});
  const int held = silent_connection(s.at.port);  // the one worker waits on it
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int queued = silent_connection(s.at.port);  // the one place in the queue
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto c = s.client();
  auto refused = c.Get("/health");
  BOOST_TEST_REQUIRE(static_cast<bool>(refused));
  BOOST_TEST(refused->status == 429);
  BOOST_TEST(refused->get_header_value("Retry-After") == "1");
  BOOST_TEST(json::parse(refused->body, nullptr, false)["error"] == "busy", refused->body);
  // Once the silent clients go, the server answers again.
  close(held);
  close(queued);
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = s.get("/health").first;
  }
  BOOST_TEST(status == 200);
  BOOST_TEST(s.server->stop() == 0);
  BOOST_TEST(read_file(s.log).find(" GET /health 429 ") != std::string::npos, read_file(s.log));
}

BOOST_AUTO_TEST_CASE(a_read_over_the_time_limit_gets_408_and_frees_its_worker) {
  Served s({"--request-timeout", "0.001", "--threads", "2"});
  // Enough units that counting a common word's matches takes well over 1 ms.
  std::string table = "es\ten\n";
  for (int i = 0; i < 30000; ++i)
    table += "Fila " + std::to_string(i) + " del censo de la toma.\tRow " + std::to_string(i) +
             " of the census of the takeover.\n";
  write_file(s.dir.file("big.tsv"), table);
  auto imported = run_alinea({"import", s.dir.file("big.tsv"), "--tm", s.tm});
  BOOST_TEST_REQUIRE(imported.exit_code == 0, imported.err);
  int timeouts = 0;
  for (int i = 0; i < 4; ++i) {
    auto [status, body] = s.get("/api/v1/search?q=censo&limit=500");
    BOOST_TEST((status == 408 || status == 503), status << " " << body.dump());
    if (status == 408) {
      ++timeouts;
      BOOST_TEST(body["error"] == "timeout");
    }
  }
  BOOST_TEST(timeouts >= 1);
  // The workers are free: monitoring still answers at once.
  BOOST_TEST(s.get("/health").first == 200);
  BOOST_TEST(s.server->stop() == 0, "stops cleanly with reads over their limit");
}

BOOST_AUTO_TEST_CASE(read_token_refuses_and_accepts) {
  TempDir keys;
  write_file(keys.file("token"), "0123456789abcdef0123\n");
  Served s({"--read-token", "--token-file", keys.file("token")});
  const std::string unit = "/tmserver/es/en/unit/" + escaped("La toma empezó al amanecer.");
  auto [refused, why] = s.get(unit);
  BOOST_TEST(refused == 401, why.dump());
  BOOST_TEST(s.get(unit, {{"Authorization", "Bearer wrong-token-000000"}}).first == 401);
  auto [ok, list] = s.get(unit, {{"Authorization", "Bearer 0123456789abcdef0123"}});
  BOOST_TEST(ok == 200);
  BOOST_TEST(list.size() >= 1u);
  // /health stays open for monitoring.
  BOOST_TEST(s.get("/health").first == 200);
  // From the environment too; a token on the command line does not exist.
  auto no_token = run_alinea({"serve", "--tm", s.tm, "--read-token", "--port", "0"});
  BOOST_TEST(no_token.exit_code == 1);
  BOOST_TEST(no_token.err.find("--read-token needs a token") != std::string::npos, no_token.err);
  BOOST_TEST(run_alinea({"serve", "--tm", s.tm, "--token", "x"}).exit_code == 1);
}

BOOST_AUTO_TEST_CASE(access_log_lines_and_a_clean_stop_on_sigterm) {
  Served s;
  BOOST_TEST(s.get("/tmserver/es/en/unit/" + escaped("secreto del traductor")).first == 200);
  BOOST_TEST(s.get("/nowhere").first == 404);
  BOOST_TEST(s.server->stop() == 0);
  const std::string log = read_file(s.log);
  // "2026-12-03T16:40:00Z GET /tmserver/es/en/unit/... 200 1.2ms"
  BOOST_TEST(log.find(" GET /tmserver/es/en/unit/... 200 ") != std::string::npos, log);
  BOOST_TEST(log.find(" GET /nowhere 404 ") != std::string::npos, log);
  BOOST_TEST(log.find("secreto") == std::string::npos, "the query's text is not logged: " << log);
  std::istringstream lines(log);
  std::string line;
  int requests = 0;
  while (std::getline(lines, line)) {
    if (line.find(" GET ") == std::string::npos) continue;
    ++requests;
    BOOST_TEST(line.size() > 21u);
    BOOST_TEST(line[4] == '-');
    BOOST_TEST(line[19] == 'Z', line);
    BOOST_TEST(line.ends_with("ms"), line);
  }
  BOOST_TEST(requests == 2, log);
}

// 8 clients at once, 15 lookups each, half each way: how many were answered
// right.
int right_answers_from_8_clients(Served& s) {
  std::atomic<int> good{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 8; ++t)
    readers.emplace_back([&, t] {
      httplib::Client c(s.at.host, s.at.port);
      c.set_read_timeout(20, 0);
      for (int i = 0; i < 15; ++i) {
        const bool english = (t + i) % 2 == 1;
        auto r = c.Get(english ? "/tmserver/en/es/unit/" + escaped("The takeover began at dusk.")
                               : "/tmserver/es/en/unit/" + escaped("La toma empezó al anochecer."));
        json list = r ? json::parse(r->body, nullptr, false) : json();
        const bool ok = r && r->status == 200 && list.is_array() && !list.empty() &&
                        list[0]["target"] == (english ? "La toma empezó al anochecer."
                                                      : "The takeover began at dusk.");
        if (ok) ++good;
      }
    });
  for (auto& r : readers) r.join();
  return good;
}

BOOST_AUTO_TEST_CASE(many_readers_at_once) {
  Served s;
  BOOST_TEST(right_answers_from_8_clients(s) == 8 * 15);
}

BOOST_AUTO_TEST_CASE(one_reader_answers_many_connections_in_turn) {
  // Eight connections held open, one read of the TM at a time: the others
  // wait their turn, none is refused or dropped.
  Served s({"--threads", "8", "--readers", "1"});
  BOOST_TEST(right_answers_from_8_clients(s) == 8 * 15);
}

// Translate Toolkit's tmserver (Debian python3-translate and python3-cheroot)
// on the same pairs, given as PO (its TMX reader files every side under the
// header's language), queried with the same requests.
class TranslateToolkitServer {
 public:
  TranslateToolkitServer(const std::string& db, const std::string& po, int port) : port_(port) {
    std::vector<std::string> args = {"/usr/bin/python3",
                                     "-m",
                                     "translate.services.tmserver",
                                     "-d",
                                     db,
                                     "-f",
                                     po,
                                     "-s",
                                     "es",
                                     "-t",
                                     "en",
                                     "-b",
                                     "127.0.0.1",
                                     "-p",
                                     std::to_string(port)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~TranslateToolkitServer() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  // Waits (up to 15 s) for it to answer.
  bool ready() const {
    if (pid_ <= 0) return false;
    for (int i = 0; i < 150; ++i) {
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(0, 100000);
      if (auto r = c.Get("/tmserver/es/en/unit/x"); r && r->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

 private:
  pid_t pid_ = -1;
  int port_;
};

// Runs a program quietly; its exit code (-1 when it could not run).
int run_command(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool translate_toolkit_present() {
  return run_command({"/usr/bin/python3", "-c", "import translate.services.tmserver, cheroot"}) ==
         0;
}

BOOST_AUTO_TEST_CASE(same_answers_as_translate_toolkits_tmserver) {
  if (!std::filesystem::exists("/usr/bin/python3") || !translate_toolkit_present()) {
    BOOST_TEST_MESSAGE(
        "skipped: Translate Toolkit's tmserver needs Debian's python3-translate and "
        "python3-cheroot");
    return;
  }
  Served s;
  std::string po = "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n";
  std::istringstream table(kTable);
  std::string line;
  std::getline(table, line);  // the header
  while (std::getline(table, line)) {
    const std::size_t tab = line.find('\t');
    const std::size_t tab2 = line.find('\t', tab + 1);
    po += "\nmsgid \"" + line.substr(0, tab) + "\"\nmsgstr \"" +
          line.substr(tab + 1, tab2 - tab - 1) + "\"\n";
  }
  write_file(s.dir.file("t.po"), po);
  // A port of its own: one the kernel just gave out and took back.
  int port = 0;
  {
    const int sock = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    BOOST_TEST_REQUIRE(bind(sock, reinterpret_cast<sockaddr*>(&addr), len) == 0);
    getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    close(sock);
  }
  TranslateToolkitServer tt(s.dir.file("tt.db"), s.dir.file("t.po"), port);
  BOOST_TEST_REQUIRE(tt.ready(), "Translate Toolkit's tmserver did not answer on port " << port);
  for (const std::string text :
       {"La toma empezó al amanecer.", "Los carabineros rodearon el terreno.",
        "La junta de vecinos organizó la comida."}) {
    const std::string path = "/tmserver/es/en/unit/" + escaped(text);
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(20, 0);
    auto theirs_reply = c.Get(path);
    BOOST_TEST_REQUIRE(static_cast<bool>(theirs_reply));
    const json theirs = json::parse(theirs_reply->body);
    auto [status, ours] = s.get(path);
    BOOST_TEST_REQUIRE(status == 200);
    BOOST_TEST_REQUIRE(theirs.is_array());
    BOOST_TEST_REQUIRE(ours.is_array());
    BOOST_TEST_REQUIRE(!theirs.empty(), text);
    BOOST_TEST_REQUIRE(!ours.empty(), text);
    // Every field theirs has, ours has, with the same JSON type.
    for (const auto& [key, value] : theirs[0].items()) {
      BOOST_TEST_REQUIRE(ours[0].contains(key), key);
      BOOST_TEST(ours[0][key].type_name() == value.type_name(), key);
    }
    // The same top candidate for an exact match, at 100.
    BOOST_TEST(ours[0]["source"] == theirs[0]["source"]);
    BOOST_TEST(ours[0]["target"] == theirs[0]["target"]);
    // Ours is 100 for the same text; theirs may be less (its Levenshtein
    // comparer scores an exact match with accented letters below 100).
    BOOST_TEST(ours[0]["quality"].get<double>() == 100.0);
    BOOST_TEST(theirs[0]["quality"].get<double>() > 75.0);
    BOOST_TEST_MESSAGE(text << ": Translate Toolkit " << theirs.dump() << "; alinea "
                            << ours.dump());
  }
}

BOOST_AUTO_TEST_SUITE_END()
