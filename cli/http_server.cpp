// cpp-httplib (Debian libcpp-httplib-dev) does the HTTP parsing and the
// connection handling; this file binds, bounds, logs and stops.
#include "cli/http_server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "cli/context.h"

namespace alinea::cli {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

using Clock = std::chrono::steady_clock;
// When the request being answered on this thread began (set by the
// pre-routing handler; unset for the requests cpp-httplib refuses itself).
thread_local std::optional<Clock::time_point> request_start;

// Set on the threads that answer connections the queue had no room for:
// each request on them gets 429.
thread_local bool refusing = false;

// cpp-httplib's ThreadPool with a bound on the connections waiting for a
// worker. A connection beyond it is handed to a short-lived thread that
// answers its request with 429 and closes it (the pool's interface has no
// way to refuse a connection); at most kMaxRefusers of those at once, beyond
// which connections wait after all rather than pile up threads.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t max_waiting) : max_waiting_(max_waiting) {
    for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }

  void enqueue(std::function<void()> fn) override {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (max_waiting_ == 0 || jobs_.size() < max_waiting_ || refusers_ >= kMaxRefusers) {
        jobs_.push_back(std::move(fn));
        work_ready_.notify_one();
        return;
      }
      ++refusers_;
    }
    std::thread([this, fn = std::move(fn)] {
      refusing = true;
      fn();
      std::lock_guard<std::mutex> lock(mutex_);
      --refusers_;
      refusers_done_.notify_all();
    }).detach();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      shutdown_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& t : workers_) t.join();
    std::unique_lock<std::mutex> lock(mutex_);
    refusers_done_.wait(lock, [this] { return refusers_ == 0; });
  }

 private:
  static constexpr std::size_t kMaxRefusers = 64;

  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_ready_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // shut down, nothing left
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }

  const std::size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable work_ready_, refusers_done_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  std::size_t refusers_ = 0;
  bool shutdown_ = false;
};

}  // namespace

std::string HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (same_name(key, name)) return value;
  return {};
}

std::optional<std::string> HttpRequest::param(std::string_view name) const {
  for (const auto& [key, value] : params)
    if (key == name) return value;
  return std::nullopt;
}

std::string access_log_line(std::string_view method, std::string_view path, int status,
                            double milliseconds) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.1fms", milliseconds);
  std::string line = when;
  line += ' ';
  line += method;
  line += ' ';
  // One line each, whatever the path holds.
  for (char c : path) line += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  line += ' ';
  line += std::to_string(status);
  line += ' ';
  line += ms;
  return line;
}

HttpResponse json_error(int status, const std::string& kind, const std::string& message) {
  return {status,
          "application/json",
          nlohmann::json{{"error", kind}, {"message", message}}.dump(
              -1, ' ', false, nlohmann::json::error_handler_t::replace),
          {}};
}

bool same_token(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

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

void block_stop_signals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
}

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler handler;
  std::string host;
  int port = 0;
  std::atomic<bool> signalled{false};
  std::mutex log_lock;
  httplib::Server server;

  void answer(const httplib::Request& req, httplib::Response& res) {
    HttpRequest request;
    request.method = req.method;
    request.path = req.path;
    request.body = req.body;
    for (const auto& [key, value] : req.headers) request.headers.emplace_back(key, value);
    for (const auto& [key, value] : req.params) request.params.emplace_back(key, value);
    HttpResponse r = handler(request);
    res.status = r.status;
    if (r.stream) {
      // Chunked: the body is written as it is produced, through the sink's
      // stream; returning false cuts the connection when writing failed.
      res.set_chunked_content_provider(
          r.content_type, [stream = std::move(r.stream)](std::size_t, httplib::DataSink& sink) {
            try {
              stream(sink.os);
              sink.os.flush();
            } catch (const std::exception&) {
              return false;
            }
            sink.done();
            return true;
          });
    } else {
      res.set_content(r.body, r.content_type);
    }
    for (const auto& [key, value] : options.headers) res.set_header(key, value);
    for (const auto& [key, value] : r.headers) res.set_header(key, value);
  }

  void log(const httplib::Request& req, const httplib::Response& res) {
    double ms = 0;
    if (request_start) {
      ms = std::chrono::duration<double, std::milli>(Clock::now() - *request_start).count();
      request_start.reset();
    }
    const std::string path = options.log_path ? options.log_path(req.path) : req.path;
    const std::string line = access_log_line(req.method, path, res.status, ms);
    std::lock_guard<std::mutex> guard(log_lock);
    *options.access_log << line << '\n' << std::flush;
  }
};

HttpServer::HttpServer(const HttpServerOptions& options, HttpHandler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->handler = std::move(handler);
  auto& s = impl_->server;
  if (options.threads > 0) {
    const std::size_t threads = options.threads, waiting = options.max_waiting;
    s.new_task_queue = [threads, waiting] { return new BoundedPool(threads, waiting); };
  }
  // Answers are small and written as headers then body: without this, Nagle's
  // algorithm holds the body back until the client's delayed ACK, 40 ms
  // later, on every request of a kept-alive connection.
  s.set_tcp_nodelay(true);
  s.set_payload_max_length(options.max_body);
  s.set_read_timeout(options.read_timeout_seconds, 0);
  s.set_write_timeout(options.write_timeout_seconds, 0);
  s.set_keep_alive_timeout(options.keep_alive_seconds);
  s.set_keep_alive_max_count(static_cast<std::size_t>(options.keep_alive_max_requests));
  auto answer = [this](const httplib::Request& req, httplib::Response& res) {
    impl_->answer(req, res);
  };
  s.Get(R"(/.*)", answer);  // HEAD too
  s.Post(R"(/.*)", answer);
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(R"({"error":"internal","message":"the server failed on this request"})",
                    "application/json");
  });
  s.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    request_start = Clock::now();
    if (!refusing) return httplib::Server::HandlerResponse::Unhandled;
    res.status = 429;
    res.set_header("Retry-After", "1");
    res.set_content(
        R"({"error":"busy","message":"every worker is busy and the queue is full; retry later"})",
        "application/json");
    // Closes the connection after this answer (cpp-httplib decides from the
    // request's header), so that the refusing thread ends.
    const_cast<httplib::Request&>(req).set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  });
  if (options.access_log) {
    s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      impl_->log(req, res);
    });
  }
  // cpp-httplib is built (in Debian's shared library) to listen with a
  // backlog of 5 connections: under load, a team's tools reconnecting while
  // every worker is busy, the kernel drops the SYNs beyond it and the
  // clients retry after 1 s, 3 s, 7 s. The bound socket is remembered here
  // and listened on again with a deeper queue (Linux takes the new backlog).
  socket_t bound = INVALID_SOCKET;
  s.set_socket_options([&bound](socket_t sock) {
    httplib::default_socket_options(sock);
    bound = sock;  // the last one tried is the one bound, if any is
  });
  impl_->host = options.listen;
  if (options.port == 0) {
    impl_->port = s.bind_to_any_port(options.listen);
  } else {
    impl_->port = s.bind_to_port(options.listen, options.port) ? options.port : -1;
  }
  if (impl_->port < 0)
    throw UsageError(options.name + ": cannot listen on " + options.listen + ":" +
                     std::to_string(options.port) + " (in use, or not an address of this machine)");
  constexpr int kListenBacklog = 1024;
  if (bound != INVALID_SOCKET) ::listen(bound, kListenBacklog);
  s.set_socket_options(httplib::default_socket_options);
}

HttpServer::~HttpServer() = default;

const std::string& HttpServer::host() const { return impl_->host; }

int HttpServer::port() const { return impl_->port; }

std::string HttpServer::base_url() const {
  const std::string host =
      impl_->host.find(':') != std::string::npos ? "[" + impl_->host + "]" : impl_->host;
  return "http://" + host + ":" + std::to_string(impl_->port);
}

void HttpServer::stop() { impl_->server.stop(); }

void HttpServer::run() {
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
