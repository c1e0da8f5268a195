// A TM served by the real `alinea serve` for the tests that talk to it
// through HTTP (test_serve.cpp, test_serve_api.cpp).
#pragma once

#include <httplib.h>

#include <boost/test/unit_test.hpp>
#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "run.h"

namespace alinea::test {

inline const char* kTable =
    "es-CL\ten\tstatus\n"
    "La toma empezó al amanecer.\tThe takeover began at dawn.\treviewed\n"
    "La toma empezó al anochecer.\tThe takeover began at dusk.\treviewed\n"
    "Los carabineros rodearon el terreno.\tThe police surrounded the land.\treviewed\n"
    "La junta de vecinos organizó la comida.\tThe neighbourhood council organised the "
    "food.\treviewed\n";

// "http://127.0.0.1:PORT/tmserver" -> host and port.
struct Address {
  std::string host;
  int port = 0;
};

inline Address address_of(const std::string& url) {
  const std::size_t host_at = url.find("://") + 3;
  const std::size_t colon = url.find(':', host_at);
  const std::size_t slash = url.find('/', colon);
  return {url.substr(host_at, colon - host_at),
          std::stoi(url.substr(colon + 1, slash - colon - 1))};
}

struct Served {
  TempDir dir;
  std::string tm = dir.file("t.tm");
  std::string log = dir.file("access.log");
  std::unique_ptr<BackgroundAlinea> server;
  Address at;

  explicit Served(std::vector<std::string> extra = {}, std::vector<std::string> env = {}) {
    write_file(dir.file("t.tsv"), kTable);
    auto imp = run_alinea({"import", dir.file("t.tsv"), "--tm", tm});
    BOOST_TEST_REQUIRE(imp.exit_code == 0, imp.err);
    start(std::move(extra), std::move(env));
  }
  void start(std::vector<std::string> extra = {}, std::vector<std::string> env = {}) {
    std::vector<std::string> args = {"serve", "--tm", tm, "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    server = std::make_unique<BackgroundAlinea>(args, env, log);
    BOOST_TEST_REQUIRE(server->first_line().starts_with("http://127.0.0.1:"),
                       "serve printed '" << server->first_line() << "'; " << read_file(log));
    at = address_of(server->first_line());
  }
  httplib::Client client() const {
    httplib::Client c(at.host, at.port);
    c.set_read_timeout(20, 0);
    return c;
  }
  // GET a path: status and parsed body.
  std::pair<int, nlohmann::json> get(const std::string& path,
                                     const httplib::Headers& headers = {}) {
    auto c = client();
    auto r = c.Get(path, headers);
    BOOST_TEST_REQUIRE(static_cast<bool>(r), "no answer to " << path);
    nlohmann::json body = nlohmann::json::parse(r->body, nullptr, false);
    return {r->status, body};
  }
  // POST a body: status and parsed body (null when it is no JSON).
  std::pair<int, nlohmann::json> post(const std::string& path, const std::string& body,
                                      const httplib::Headers& headers = {},
                                      const std::string& type = "application/json") {
    auto c = client();
    auto r = c.Post(path, headers, body, type);
    BOOST_TEST_REQUIRE(static_cast<bool>(r), "no answer to POST " << path);
    return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
  }
};

inline std::string escaped(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace alinea::test
