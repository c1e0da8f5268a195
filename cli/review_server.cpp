// The workbench's routes and guards, over the project's HTTP layer
// (cli/http_server.h).
#include "cli/review_server.h"

#include <mutex>

#include "cli/context.h"
#include "tm/error.h"

namespace alinea::cli {

namespace assets {
extern const std::string_view kWorkbenchHtml;
}

namespace {

using nlohmann::json;

HttpResponse json_response(int status, const json& body) {
  return {status, "application/json", body.dump(), {}};
}

}  // namespace

HttpResponse handle_request(Workbench& bench, const std::string& token, const std::string& method,
                            const std::string& path, const std::string& token_header,
                            const std::string& body) {
  if (path == "/" || path == "/index.html") {
    if (method != "GET") return json_error(405, "method_not_allowed", "use GET");
    return {200, "text/html; charset=utf-8", std::string(assets::kWorkbenchHtml)};
  }
  if (path.rfind("/api/", 0) != 0) return json_error(404, "not_found", "no such page");
  if (!same_token(token_header, token))
    return json_error(403, "forbidden",
                      "this request lacks the workbench's token (open the URL that "
                      "`alinea review` printed)");
  if (body.size() > kMaxRequestBody)
    return json_error(413, "too_large", "the request is larger than 1 MB");
  try {
    if (path == "/api/document") {
      if (method != "GET") return json_error(405, "method_not_allowed", "use GET");
      return json_response(200, bench.document());
    }
    if (path == "/api/op" || path == "/api/undo") {
      if (method != "POST") return json_error(405, "method_not_allowed", "use POST");
      if (path == "/api/undo") return json_response(200, bench.undo());
      const json request = json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (request.is_discarded())
        return json_error(400, "bad_request", "the request body is not JSON");
      return json_response(200, bench.apply(request));
    }
  } catch (const WorkbenchError& e) {
    return json_error(e.status(), e.kind(), e.what());
  } catch (const tm::BusyError& e) {
    return json_error(503, "busy", e.what());
  } catch (const tm::Error& e) {
    return json_error(500, "internal", e.what());
  }
  return json_error(404, "not_found", "no such API call");
}

struct ReviewServer::Impl {
  Workbench& bench;
  std::string token = random_token();
  std::mutex lock;  // the store is used by one request at a time
  std::unique_ptr<HttpServer> server;

  explicit Impl(Workbench& b) : bench(b) {}

  HttpResponse answer(const HttpRequest& req) {
    std::lock_guard<std::mutex> guard(lock);
    return handle_request(bench, token, req.method, req.path, req.header("X-Alinea-Token"),
                          req.body);
  }
};

ReviewServer::ReviewServer(Workbench& bench, const ServerOptions& options)
    : impl_(std::make_unique<Impl>(bench)) {
  HttpServerOptions http;
  http.listen = options.listen;
  http.port = options.port;
  http.max_body = kMaxRequestBody;
  http.name = "review";
  // The page never loads anything from elsewhere, and is never framed.
  http.headers = {{"Content-Security-Policy",
                   "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                   "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
                   "frame-ancestors 'none'"},
                  {"X-Content-Type-Options", "nosniff"},
                  {"Referrer-Policy", "no-referrer"},
                  {"Cache-Control", "no-store"}};
  impl_->server = std::make_unique<HttpServer>(
      http, [this](const HttpRequest& req) { return impl_->answer(req); });
}

ReviewServer::~ReviewServer() = default;

std::string ReviewServer::url() const {
  return impl_->server->base_url() + "/?token=" + impl_->token;
}

void ReviewServer::run() { impl_->server->run(); }

}  // namespace alinea::cli
