// The HTTP side of the review workbench: a small server on 127.0.0.1 that
// serves the embedded page and the workbench's JSON API, every API call
// guarded by a random per-run token.
//
//   ReviewServer server(bench, {.listen = "127.0.0.1", .port = 0});
//   std::cout << server.url() << std::endl;   // http://127.0.0.1:PORT/?token=...
//   server.run();                             // until SIGINT or SIGTERM
#pragma once

#include <memory>
#include <string>

#include "cli/http_server.h"
#include "cli/workbench.h"

namespace alinea::cli {

// Largest request body the server reads.
inline constexpr std::size_t kMaxRequestBody = 1 << 20;

// Everything the server does with one request, without sockets (the libFuzzer
// harness calls it too). `token_header` is the request's X-Alinea-Token.
// Never throws for a bad request: it answers 4xx.
HttpResponse handle_request(Workbench& bench, const std::string& token, const std::string& method,
                            const std::string& path, const std::string& token_header,
                            const std::string& body);

struct ServerOptions {
  std::string listen = "127.0.0.1";
  int port = 0;  // 0: a free port
};

class ReviewServer {
 public:
  // Binds the port (a UsageError when it cannot).
  ReviewServer(Workbench& bench, const ServerOptions& options);
  ~ReviewServer();
  ReviewServer(const ReviewServer&) = delete;
  ReviewServer& operator=(const ReviewServer&) = delete;

  std::string url() const;
  // Serves until SIGINT or SIGTERM; requests in flight finish first.
  void run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alinea::cli
