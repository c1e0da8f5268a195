// `alinea serve`'s front page in a real browser: tests/browser/serve.mjs
// drives Debian's Chromium (puppeteer-core) through the TM's figures, a
// search and a term lookup, on an open server and on one whose reads need
// the token. Skipped, with the reason printed, when chromium, node or the
// browser driver's packages (`npm ci --prefix tests/browser`) are absent.
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run.h"
#include "serve_fixture.h"

using alinea::test::read_file;
using alinea::test::Served;
using alinea::test::TempDir;
using alinea::test::write_file;
namespace fs = std::filesystem;

namespace {

std::string browser_dir() {
  return (fs::path(ALINEA_CORPORA).parent_path() / "tests/browser").string();
}

bool on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (access((fs::path(dir.empty() ? "." : dir) / name).c_str(), X_OK) == 0) return true;
  return false;
}

// Why the test cannot run here, or "" when it can.
std::string missing_prerequisite() {
  if (!fs::exists("/usr/bin/chromium"))
    return "/usr/bin/chromium is not installed (Debian package chromium)";
  if (!on_path("node")) return "node is not on PATH (Debian package nodejs)";
  if (!fs::exists(browser_dir() + "/node_modules/puppeteer-core"))
    return browser_dir() +
           "/node_modules/puppeteer-core is absent (run `npm ci --prefix tests/browser`)";
  return {};
}

// Runs serve.mjs on the page; what it saw.
nlohmann::json drive(const Served& s, const std::string& shot, const std::string& token = {}) {
  const std::string out = s.dir.file("driver.out"), err = s.dir.file("driver.err");
  const std::string url = "http://" + s.at.host + ":" + std::to_string(s.at.port) + "/";
  const std::string command = "timeout 300 node " + browser_dir() + "/serve.mjs '" + url + "' '" +
                              shot + "' " + token + " > " + out + " 2> " + err;
  const int rc = std::system(command.c_str());
  BOOST_TEST_REQUIRE(rc == 0, "serve.mjs failed: " << read_file(err));
  return nlohmann::json::parse(read_file(out));
}

void check_page(const nlohmann::json& saw) {
  BOOST_TEST(saw["units"] == 4, saw.dump());
  BOOST_TEST(saw["hits"].get<int>() >= 2, saw.dump());
  bool toma_marked = false;
  for (const auto& m : saw["marks"])
    if (m == "toma" || m == "Toma") toma_marked = true;
  BOOST_TEST(toma_marked, "the search's highlights: " << saw["marks"].dump());
  BOOST_TEST(saw["renderings"].size() >= 1u, saw.dump());
  BOOST_TEST(saw["injected_elements"] == 0, "a query's markup became elements");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(serve_browser)

BOOST_AUTO_TEST_CASE(front_page_in_chromium) {
  if (std::string why = missing_prerequisite(); !why.empty()) {
    BOOST_TEST_MESSAGE("skipped front_page_in_chromium: " << why);
    return;
  }
  Served s;
  const nlohmann::json saw = drive(s, std::string(ALINEA_TEST_ARTIFACTS) + "/serve.png");
  BOOST_TEST_MESSAGE("serve.mjs: " << saw.dump());
  BOOST_TEST(saw["asked_for_token"] == false);
  check_page(saw);
}

BOOST_AUTO_TEST_CASE(front_page_asks_for_the_token_when_reads_need_it) {
  if (std::string why = missing_prerequisite(); !why.empty()) {
    BOOST_TEST_MESSAGE("skipped front_page_asks_for_the_token_when_reads_need_it: " << why);
    return;
  }
  TempDir keys;
  const std::string token = "0123456789abcdef0123";
  write_file(keys.file("token"), token + "\n");
  Served s({"--read-token", "--token-file", keys.file("token")});
  // Without the token the API refuses; the page itself loads.
  BOOST_TEST(s.get("/api/v1/stats").first == 401);
  auto c = s.client();
  auto page = c.Get("/");
  BOOST_TEST_REQUIRE(static_cast<bool>(page));
  BOOST_TEST(page->status == 200);
  BOOST_TEST(page->get_header_value("Content-Security-Policy").find("default-src 'none'") == 0);
  const nlohmann::json saw =
      drive(s, std::string(ALINEA_TEST_ARTIFACTS) + "/serve-token.png", token);
  BOOST_TEST(saw["asked_for_token"] == true, saw.dump());
  check_page(saw);
}

BOOST_AUTO_TEST_SUITE_END()
