// The project's one HTTP layer: a threaded server on an address and port that
// hands every request to one handler, bounds what a client may send, writes
// an access log line per request when asked, and stops cleanly on SIGINT or
// SIGTERM (requests in flight finish; new ones are refused). The review
// workbench and `alinea serve` are both built on it; cpp-httplib stays
// private to http_server.cpp.
//
//   HttpServer server({.listen = "127.0.0.1", .port = 0}, [&](const HttpRequest& req) {
//     if (req.path == "/health") return HttpResponse{200, "application/json", "{}"};
//     return json_error(404, "not_found", "no such page");
//   });
//   std::cout << server.port() << std::endl;
//   server.run();  // until SIGINT or SIGTERM
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alinea::cli {

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Extra headers beyond HttpServerOptions::headers.
  std::vector<std::pair<std::string, std::string>> headers{};
  // When set, the body is written by this (after the status and headers,
  // with chunked transfer) instead of `body`: a large answer such as a TMX
  // export goes out as it is produced. An exception it throws cuts the
  // connection short (the status is already sent).
  std::function<void(std::ostream& out)> stream{};
};

struct HttpRequest {
  std::string method;
  std::string path;  // URL-decoded, without the query string
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers{};  // as sent
  std::vector<std::pair<std::string, std::string>> params{};   // decoded query parameters
  // The value of a header (names compare without case), empty when absent.
  std::string header(std::string_view name) const;
  // The first query parameter of that name.
  std::optional<std::string> param(std::string_view name) const;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string listen = "127.0.0.1";
  int port = 0;                    // 0: a free port
  std::size_t max_body = 1 << 20;  // larger bodies get 413 before the handler runs
  int read_timeout_seconds = 10;   // a client that sends nothing for this long: dropped
  int write_timeout_seconds = 10;
  int keep_alive_seconds = 5;  // an idle kept-alive connection is closed after this
  int keep_alive_max_requests = 100;
  std::size_t threads = 0;  // worker threads (0: cpp-httplib's default)
  // Connections waiting for a worker when all are busy; one more gets 429
  // (Retry-After) instead of a place in the queue. 0: no bound. Only with
  // threads > 0.
  std::size_t max_waiting = 0;
  // Headers added to every response (the workbench's CSP, ...).
  std::vector<std::pair<std::string, std::string>> headers{};
  // When set, one access log line per request is written here (see
  // access_log_line); log_path turns a request path into what the log shows
  // (e.g. without the text of a query).
  std::ostream* access_log = nullptr;
  std::function<std::string(const std::string& path)> log_path{};
  // Names the server in error messages ("review", "serve").
  std::string name = "server";
};

// "2026-12-03T16:40:00Z GET /health 200 0.4ms": UTC time, method, path (as
// log_path shows it), status, milliseconds spent, separated by one space.
std::string access_log_line(std::string_view method, std::string_view path, int status,
                            double milliseconds);

// {"error": kind, "message": message} with that status.
HttpResponse json_error(int status, const std::string& kind, const std::string& message);

// Compares without stopping at the first difference, so that timing tells
// nothing about the token.
bool same_token(std::string_view a, std::string_view b);

// 32 hex digits from the system's random source.
std::string random_token();

class HttpServer {
 public:
  // Binds the address and port (a UsageError when it cannot). `handler`
  // runs on the worker threads, several at once; an exception it lets out
  // gives a 500.
  HttpServer(const HttpServerOptions& options, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  const std::string& host() const;
  int port() const;
  // "http://HOST:PORT" (IPv6 addresses in brackets).
  std::string base_url() const;
  // Serves until SIGINT or SIGTERM (or stop()); requests in flight finish
  // first. Block both signals in every thread before starting any (as
  // block_stop_signals does) so that none is delivered elsewhere.
  void run();
  // Makes run() return; safe from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Blocks SIGINT and SIGTERM in the calling thread (and the threads it starts
// later), so that HttpServer::run takes them.
void block_stop_signals();

}  // namespace alinea::cli
