// cpp-httplib (Debian libcpp-httplib-dev) does the HTTP parsing and the
// connection handling; this file only routes and guards.
#include "cli/review_server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <random>
#include <thread>

#include "cli/context.h"
#include "tm/error.h"

namespace alinea::cli {

namespace assets {
extern const std::string_view kWorkbenchHtml;
}

namespace {

using nlohmann::json;

HttpResponse json_response(int status, const json& body) {
  return {status, "application/json", body.dump()};
}

HttpResponse error_response(int status, const std::string& kind, const std::string& message) {
  return json_response(status, {{"error", kind}, {"message", message}});
}

// Compares without stopping at the first difference, so that timing tells
// nothing about the token.
bool same_token(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::string random_token() {
  std::random_device random;  // getrandom(2) on Linux
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 4; ++i) {
    uint32_t word = random();
    for (int j = 0; j < 8; ++j, word >>= 4) token += kHex[word & 15];
  }
  return token;
}

HttpResponse handle_request(Workbench& bench, const std::string& token, const std::string& method,
                            const std::string& path, const std::string& token_header,
                            const std::string& body) {
  if (path == "/" || path == "/index.html") {
    if (method != "GET") return error_response(405, "method_not_allowed", "use GET");
    return {200, "text/html; charset=utf-8", std::string(assets::kWorkbenchHtml)};
  }
  if (path.rfind("/api/", 0) != 0) return error_response(404, "not_found", "no such page");
  if (!same_token(token_header, token))
    return error_response(403, "forbidden",
                          "this request lacks the workbench's token (open the URL that "
                          "`alinea review` printed)");
  if (body.size() > kMaxRequestBody)
    return error_response(413, "too_large", "the request is larger than 1 MB");
  try {
    if (path == "/api/document") {
      if (method != "GET") return error_response(405, "method_not_allowed", "use GET");
      return json_response(200, bench.document());
    }
    if (path == "/api/op" || path == "/api/undo") {
      if (method != "POST") return error_response(405, "method_not_allowed", "use POST");
      if (path == "/api/undo") return json_response(200, bench.undo());
      const json request = json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (request.is_discarded())
        return error_response(400, "bad_request", "the request body is not JSON");
      return json_response(200, bench.apply(request));
    }
  } catch (const WorkbenchError& e) {
    return error_response(e.status(), e.kind(), e.what());
  } catch (const tm::BusyError& e) {
    return error_response(503, "busy", e.what());
  } catch (const tm::Error& e) {
    return error_response(500, "internal", e.what());
  }
  return error_response(404, "not_found", "no such API call");
}

struct ReviewServer::Impl {
  Workbench& bench;
  std::string token = random_token();
  std::string host;
  int port = 0;
  std::mutex lock;  // the store is used by one request at a time
  std::atomic<bool> signalled{false};
  httplib::Server server;

  explicit Impl(Workbench& b) : bench(b) {}

  void answer(const httplib::Request& req, httplib::Response& res) {
    HttpResponse r;
    {
      std::lock_guard<std::mutex> guard(lock);
      r = handle_request(bench, token, req.method, req.path, req.get_header_value("X-Alinea-Token"),
                         req.body);
    }
    res.status = r.status;
    res.set_content(r.body, r.content_type);
    // The page never loads anything from elsewhere, and is never framed.
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                   "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
                   "frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
  }
};

ReviewServer::ReviewServer(Workbench& bench, const ServerOptions& options)
    : impl_(std::make_unique<Impl>(bench)) {
  auto& s = impl_->server;
  s.set_payload_max_length(kMaxRequestBody);
  s.set_read_timeout(10, 0);
  s.set_write_timeout(10, 0);
  s.set_keep_alive_max_count(100);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    impl_->answer(req, res);
  };
  s.Get(R"(/.*)", handler);
  s.Post(R"(/.*)", handler);
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(R"({"error":"internal","message":"the server failed on this request"})",
                    "application/json");
  });
  impl_->host = options.listen;
  if (options.port == 0) {
    impl_->port = s.bind_to_any_port(options.listen);
  } else {
    impl_->port = s.bind_to_port(options.listen, options.port) ? options.port : -1;
  }
  if (impl_->port < 0)
    throw UsageError("review: cannot listen on " + options.listen + ":" +
                     std::to_string(options.port) + " (in use, or not an address of this machine)");
}

ReviewServer::~ReviewServer() = default;

std::string ReviewServer::url() const {
  const std::string host =
      impl_->host.find(':') != std::string::npos ? "[" + impl_->host + "]" : impl_->host;
  return "http://" + host + ":" + std::to_string(impl_->port) + "/?token=" + impl_->token;
}

void ReviewServer::run() {
  // SIGINT and SIGTERM are taken by a thread of their own (the server's
  // threads inherit the blocked mask), which stops the server cleanly.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigset_t old;
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old);
  std::thread waiter([this, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    impl_->signalled = true;
    impl_->server.stop();
  });
  impl_->server.listen_after_bind();
  // Stopped otherwise than by a signal: wake the waiter.
  if (!impl_->signalled) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

}  // namespace alinea::cli
