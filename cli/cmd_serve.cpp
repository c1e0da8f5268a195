// alinea serve: the TM over HTTP (the tmserver/amaGama protocol, the JSON
// API, /health) until SIGTERM or Ctrl+C.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/http_server.h"
#include "cli/lexicon_access.h"
#include "cli/tm_open.h"
#include "cli/tm_server.h"
#include "tm/store/store.h"

namespace alinea::cli {
namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1";
  int port = 8080;
  std::string base = "/tmserver";
  std::string token_file;
  bool read_token = false;
  std::size_t threads = 8;
  std::size_t readers = 0;  // 0: twice the cores, at most `threads`
  std::size_t max_candidates = 50;
  std::size_t max_request_mb = 16;
  std::size_t max_waiting = 64;
  double request_timeout = 10;  // seconds
  std::size_t cache_mb = 64;
  std::size_t word_index_mb = 256;
};

// The write token: from --token-file (its first line), else
// $ALINEA_SERVE_TOKEN; never from the command line, where `ps` shows it.
std::string read_token(const ServeOptions& opt) {
  std::string token;
  if (!opt.token_file.empty()) {
    std::ifstream in(opt.token_file);
    if (!in) throw UsageError("serve: cannot read the token file " + opt.token_file);
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) throw UsageError("serve: the token file " + opt.token_file + " is empty");
  } else if (const char* env = std::getenv("ALINEA_SERVE_TOKEN")) {
    token = env;
  }
  if (!token.empty() && token.size() < 16)
    throw UsageError("serve: the token must have at least 16 characters");
  if (token.empty() && opt.read_token)
    throw UsageError(
        "serve: --read-token needs a token (--token-file FILE or $ALINEA_SERVE_TOKEN)");
  return token;
}

void run_serve(const ServeOptions& opt, const Context& ctx) {
  // SIGTERM or Ctrl+C from here on stops the server cleanly, even while it
  // is still starting (HttpServer::run takes them in a thread of its own).
  block_stop_signals();
  const std::string path = ctx.tm_path();
  if (!tm::is_postgresql_address(path) && !std::filesystem::exists(path))
    throw UsageError(path + ": no TM here (choose one with --tm)");
  TmServiceOptions service_options;
  service_options.tm_path = path;
  service_options.base = opt.base;
  service_options.token = read_token(opt);
  service_options.read_token = opt.read_token;
  service_options.max_candidates = opt.max_candidates;
  service_options.cache_bytes = opt.cache_mb << 20;
  service_options.word_index_bytes = opt.word_index_mb << 20;
  service_options.busy_timeout_ms = ctx.busy_timeout_ms();
  service_options.on_upgrade = say_upgrading(ctx);
  service_options.request_timeout_ms =
      opt.request_timeout > 0 ? std::max(1, static_cast<int>(opt.request_timeout * 1000)) : 0;
  // Reads are CPU work: more of them at once than the cores can run only
  // share the cores more thinly, and each SQLite connection maps the file
  // on its own (page faults again for every one). Connections beyond the
  // readers wait in line, in order. A few more for reads past their limit.
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t readers = opt.readers ? opt.readers : std::min(opt.threads, 2 * cores);
  service_options.read_threads = readers + 4;
  // Loaded once: it decides a query's language when the TM cannot and
  // proposes term renderings, as it does for the CLI.
  service_options.lexicon = LexiconAccess::try_load(ctx);
  TmService service(service_options);

  HttpServerOptions http;
  http.listen = opt.listen;
  http.port = opt.port;
  http.threads = opt.threads;
  http.max_waiting = opt.max_waiting;
  http.max_body = opt.max_request_mb << 20;
  http.name = "serve";
  http.access_log = &std::cerr;
  http.log_path = [base = opt.base](const std::string& p) { return loggable_path(base, p); };
  http.headers = {{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}};
  HttpServer server(http, [&service](const HttpRequest& req) { return service.handle(req); });
  // The address goes to stdout alone, so that scripts can read it.
  std::cout << server.base_url() << opt.base << std::endl;
  ctx.info("serving " + path + (service_options.token.empty() ? " read-only" : "") + " on " +
           server.base_url() + "; SIGTERM or Ctrl+C stops");
  server.run();
  ctx.info("server stopped");
}

}  // namespace

void add_serve_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<ServeOptions>();
  CLI::App* sub = app.add_subcommand(
      "serve", "Serve the TM over HTTP (tmserver/amaGama protocol, JSON API) until SIGTERM");
  add_tm_option(*sub, ctx);
  sub->add_option("--listen", opt->listen, "Address to listen on")->capture_default_str();
  sub->add_option("--port", opt->port, "Port (0: a free one)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  sub->add_option("--base", opt->base, "Path of the tmserver protocol")->capture_default_str();
  sub->add_option("--token-file", opt->token_file,
                  "File whose first line is the token writes need (else $ALINEA_SERVE_TOKEN)");
  sub->add_flag("--read-token", opt->read_token, "Reads need the token too");
  sub->add_option("--threads", opt->threads, "Requests answered at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  sub->add_option("--readers", opt->readers,
                  "Reads of the TM run at once (0: twice the cores, at most --threads); other "
                  "requests wait for one in turn")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  sub->add_option("--max-candidates", opt->max_candidates,
                  "Upper bound on a request's max_candidates")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  sub->add_option("--max-request-mb", opt->max_request_mb,
                  "Largest request body, in MB (larger ones get 413)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  sub->add_option("--max-waiting", opt->max_waiting,
                  "Connections that may wait when every thread is busy (more get 429)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  sub->add_option("--cache-mb", opt->cache_mb,
                  "MB of tmserver answers kept for lookups asked again while the TM is "
                  "unchanged (0: none)")
      ->check(CLI::Range(0, 65536))
      ->capture_default_str();
  sub->add_option("--word-index-mb", opt->word_index_mb,
                  "MB of word lists kept in memory for fuzzy matches, read once per word "
                  "and dropped when the TM changes (0: none; ignored for a PostgreSQL TM)")
      ->check(CLI::Range(0, 65536))
      ->capture_default_str();
  sub->add_option("--request-timeout", opt->request_timeout,
                  "Seconds a read may take before it gets 408 (0: no limit)")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  sub->footer(
      "Routes: GET / (a read-only front page: figures, search, term lookup); GET /health;\n"
      "GET BASE/SRC/TGT/unit/TEXT (tmserver/amaGama); the JSON API,\n"
      "in the shapes of the commands' --json: GET /api/v1/search?q=, match?q=, terms?q=,\n"
      "stats, docs, units/ID, export (TMX); with the token: POST /api/v1/units (add),\n"
      "units/ID (edit), review, delete, import?format=tmx|tsv|csv (the body).\n"
      "Examples:\n  alinea serve --tm chile.tm --port 8080\n"
      "  curl http://127.0.0.1:8080/tmserver/es/en/unit/La%20toma%20de%20terrenos\n"
      "  curl 'http://127.0.0.1:8080/api/v1/search?q=poder%20popular&limit=5'\n"
      "  ALINEA_SERVE_TOKEN=$(cat token) alinea serve --tm chile.tm --listen 0.0.0.0");
  sub->callback([opt, &ctx] { run_serve(*opt, ctx); });
}

}  // namespace alinea::cli
