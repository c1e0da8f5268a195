// The routes of `alinea serve`: thin adapters from a request to the store's
// calls and back to JSON. Readers each take a read-only connection from a
// pool (SQLite's WAL lets them read while a write is under way).
#include "cli/tm_server.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "cli/answer_cache.h"
#include "cli/context.h"
#include "cli/deadline_pool.h"
#include "cli/request_error.h"
#include "cli/request_params.h"
#include "cli/tm_api.h"
#include "tm/error.h"
#include "tm/store/store.h"
#include "tm/store/word_postings.h"

namespace alinea::cli {

namespace assets {
// The front page (cli/assets/serve.html and serve.js, embedded at build time).
extern const std::string_view kServeHtml;
extern const std::string_view kServeJs;
}  // namespace assets

namespace {

// Nothing but this server's own script, styles and API: no CDN, no frames.
constexpr const char* kPageSecurity =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

using nlohmann::json;

HttpResponse json_response(int status, const json& body) {
  return {status,
          "application/json; charset=utf-8",
          body.dump(-1, ' ', false, json::error_handler_t::replace),
          {}};
}

// "Authorization: Bearer TOKEN" -> TOKEN.
std::string bearer_token(const HttpRequest& req) {
  const std::string value = req.header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (value.size() <= kBearer.size()) return {};
  for (std::size_t i = 0; i < kBearer.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(value[i])) !=
        std::tolower(static_cast<unsigned char>(kBearer[i])))
      return {};
  return value.substr(kBearer.size());
}

bool lang_is(const std::string& unit_lang, const std::string& primary) {
  return primary_language(unit_lang) == primary;
}

}  // namespace

std::string primary_language(std::string_view code) {
  std::string primary;
  std::size_t i = 0;
  for (; i < code.size() && code[i] != '-' && code[i] != '_'; ++i) {
    const unsigned char c = static_cast<unsigned char>(code[i]);
    if (!std::isalpha(c)) return {};
    primary += static_cast<char>(std::tolower(c));
  }
  if (primary.size() < 2 || primary.size() > 3) return {};
  // A region or script after the separator: letters and digits only.
  if (i < code.size()) {
    if (i + 1 == code.size()) return {};
    for (++i; i < code.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(code[i]);
      if (!std::isalnum(c) && c != '-' && c != '_') return {};
    }
  }
  return primary;
}

std::string loggable_path(const std::string& base, const std::string& path) {
  if (!path.starts_with(base + "/")) return path;
  const std::size_t unit = path.find("/unit/", base.size());
  if (unit == std::string::npos) return path;
  return path.substr(0, unit + 6) + "...";
}

struct TmService::Impl {
  TmServiceOptions options;
  HttpResponse answer_in_time(const HttpRequest& request);
  std::mutex pool_lock;
  std::vector<std::unique_ptr<tm::Store>> readers;  // idle read-only connections
  std::mutex write_lock;                            // one write at a time
  std::unique_ptr<tm::Store> writer;                // opened at the first write
  std::unique_ptr<AnswerCache> cache;               // null: answers are not kept
  std::shared_ptr<tm::WordPostings> postings;       // null: none shared
  TmStores stores;
  // Runs the reads that have a time limit; last, so that it is destroyed
  // (and its reads finished) before the connections they use.
  std::unique_ptr<DeadlinePool> readers_pool;

  Impl() {
    stores.reader = [this] { return reader(); };
    stores.write = [this](const std::function<void(tm::Store&)>& write) {
      std::lock_guard<std::mutex> guard(write_lock);
      if (!writer)
        writer = std::make_unique<tm::Store>(
            tm::Store::open(options.tm_path, tm::OpenMode::ReadWrite, tm::current_user(),
                            options.busy_timeout_ms, options.on_upgrade));
      write(*writer);
    };
  }

  // A read-only connection for the time of one request: back to the pool
  // when the last copy of the pointer goes.
  std::shared_ptr<const tm::Store> reader() {
    std::unique_ptr<tm::Store> store;
    {
      std::lock_guard<std::mutex> guard(pool_lock);
      if (!readers.empty()) {
        store = std::move(readers.back());
        readers.pop_back();
      }
    }
    if (!store) {
      store = std::make_unique<tm::Store>(
          tm::Store::open(options.tm_path, tm::OpenMode::ReadOnly, tm::current_user(),
                          options.busy_timeout_ms, options.on_upgrade));
      if (postings) store->keep_word_postings(postings);
    }
    // Every read asks whether the TM changed (another process's write, or
    // this server's writer connection): a cached answer never outlives it.
    if (cache && store->changed_since_last_asked()) cache->invalidate();
    tm::Store* raw = store.release();
    return std::shared_ptr<const tm::Store>(raw, [this](const tm::Store* done) {
      std::lock_guard<std::mutex> guard(pool_lock);
      readers.emplace_back(const_cast<tm::Store*>(done));
    });
  }

  bool has_token(const HttpRequest& req) const {
    return !options.token.empty() && same_token(bearer_token(req), options.token);
  }

  HttpResponse route(const HttpRequest& req) {
    const bool read = req.method == "GET" || req.method == "HEAD";
    if (req.path == "/health") {
      if (!read) throw RequestError(405, "method_not_allowed", "use GET");
      reader();
      return json_response(200, {{"status", "ok"}});
    }
    if (req.path.starts_with(kApiPrefix) && api_route_writes(req)) {
      if (options.token.empty())
        throw RequestError(403, "read_only",
                           "this server is read-only: start it with --token-file FILE (or "
                           "$ALINEA_SERVE_TOKEN) to allow writes");
      if (!has_token(req))
        throw RequestError(401, "unauthorized",
                           "writes need the token: send \"Authorization: Bearer TOKEN\"");
    }
    // The front page and its script are open: with --read-token the page
    // asks for the token and sends it with its API requests.
    if (req.path == "/" || req.path == "/serve.js") {
      if (!read) throw RequestError(405, "method_not_allowed", "use GET");
      const bool page = req.path == "/";
      HttpResponse r{200,
                     page ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8",
                     std::string(page ? assets::kServeHtml : assets::kServeJs),
                     {}};
      r.headers.emplace_back("Content-Security-Policy", kPageSecurity);
      return r;
    }
    if (options.read_token && !has_token(req))
      throw RequestError(401, "unauthorized",
                         "this server needs a token for reads too: send "
                         "\"Authorization: Bearer TOKEN\"");
    if (req.path.starts_with(kApiPrefix))
      return answer_api(req, req.path.substr(kApiPrefix.size()), options, stores);
    const std::string prefix = options.base + "/";
    if (req.path.starts_with(prefix)) {
      // {source_lang}/{target_lang}/unit/{text}: the text may hold slashes.
      const std::string rest = req.path.substr(prefix.size());
      const std::size_t a = rest.find('/');
      const std::size_t b = a == std::string::npos ? a : rest.find('/', a + 1);
      const std::size_t c = b == std::string::npos ? b : rest.find('/', b + 1);
      if (c != std::string::npos && rest.compare(b + 1, c - b - 1, "unit") == 0) {
        if (!read)
          throw RequestError(405, "method_not_allowed",
                             "use GET (units are added through /api/v1/units)");
        return unit_lookup(req, rest.substr(0, a), rest.substr(a + 1, b - a - 1),
                           rest.substr(c + 1));
      }
    }
    throw RequestError(404, "not_found", "no such page");
  }

  HttpResponse unit_lookup(const HttpRequest& req, const std::string& source_code,
                           const std::string& target_code, const std::string& text) {
    const std::string source_lang = primary_language(source_code);
    const std::string target_lang = primary_language(target_code);
    if (source_lang.empty() || target_lang.empty())
      throw RequestError(400, "bad_request",
                         "language codes look like es, es_CL or es-CL: got '" + source_code +
                             "' and '" + target_code + "'");
    if (text.size() > options.max_query_bytes)
      throw RequestError(
          414, "too_long",
          "the text is longer than " + std::to_string(options.max_query_bytes) + " bytes");
    try {
      (void)json(text).dump();  // throws on a byte sequence that is not UTF-8
    } catch (const json::type_error&) {
      throw RequestError(400, "bad_request", "the text is not UTF-8");
    }
    const double min_similarity =
        number_param(req, "min_similarity", kDefaultMinSimilarity, 0, 100);
    const std::size_t max_candidates = static_cast<std::size_t>(std::min<double>(
        number_param(req, "max_candidates", kDefaultCandidates, 0, 1e9), options.max_candidates));
    json out = json::array();
    if (max_candidates == 0 || text.empty() || source_lang == target_lang)
      return json_response(200, out);
    const auto store = reader();
    std::string key;
    uint64_t generation = 0;
    if (cache) {
      generation = cache->generation();
      key = source_lang + '\t' + target_lang + '\t' + std::to_string(min_similarity) + '\t' +
            std::to_string(max_candidates) + '\t' + text;
      if (auto body = cache->find(key)) return {200, "application/json", std::move(*body), {}};
    }
    tm::FuzzyOptions f;
    f.lang = source_lang;
    f.min_percent = min_similarity;
    f.limit = max_candidates;
    for (const tm::FuzzyMatch& m : store->fuzzy_match(text, f)) {
      const tm::Variant& matched = m.matched_target ? m.unit.target : m.unit.source;
      const tm::Variant& other = m.matched_target ? m.unit.source : m.unit.target;
      if (!lang_is(matched.lang, source_lang) || !lang_is(other.lang, target_lang)) continue;
      out.push_back({{"source", matched.text},
                     {"target", other.text},
                     {"context", ""},
                     {"quality", std::round(m.percent * 100) / 100},
                     {"rank", static_cast<int64_t>(out.size() + 1)}});
    }
    HttpResponse response = json_response(200, out);
    if (cache) cache->put(key, response.body, generation);
    return response;
  }
};

TmService::TmService(TmServiceOptions options) : impl_(std::make_unique<Impl>()) {
  if (!options.base.empty() && (options.base.front() != '/' || options.base.back() == '/'))
    throw UsageError("serve: --base must start with '/' and not end with one: '" + options.base +
                     "'");
  impl_->options = std::move(options);
  if (impl_->options.cache_bytes > 0)
    impl_->cache = std::make_unique<AnswerCache>(impl_->options.cache_bytes);
  if (impl_->options.word_index_bytes > 0 && !tm::is_postgresql_address(impl_->options.tm_path))
    impl_->postings = std::make_shared<tm::WordPostings>(impl_->options.word_index_bytes);
  // A server that takes writes opens its writer now: a TM of an older
  // schema is upgraded (and the notice given) before the first request,
  // which would otherwise wait for it. Then a reader, so that a TM that
  // cannot be read fails the start, not every request.
  if (!impl_->options.token.empty()) impl_->stores.write([](tm::Store&) {});
  impl_->reader();
  if (impl_->options.request_timeout_ms > 0)
    impl_->readers_pool =
        std::make_unique<DeadlinePool>(std::max<std::size_t>(1, impl_->options.read_threads));
}

TmService::~TmService() = default;

const TmServiceOptions& TmService::options() const { return impl_->options; }

namespace {

HttpResponse answer_safely(TmService::Impl& impl, const HttpRequest& request);

}  // namespace

HttpResponse TmService::handle(const HttpRequest& request) {
  // Writes are not cut short (they finish whole or not at all), nor is
  // /health (monitoring wants its answer).
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (impl_->options.request_timeout_ms <= 0 || !read || request.path == "/health")
    return answer_safely(*impl_, request);
  return impl_->answer_in_time(request);
}

namespace {

HttpResponse answer_safely(TmService::Impl& impl, const HttpRequest& request) {
  try {
    return impl.route(request);
  } catch (const RequestError& e) {
    return json_error(e.status(), e.kind(), e.what());
  } catch (const tm::BusyError& e) {
    return json_error(503, "busy", e.what());
  } catch (const tm::NotFoundError& e) {
    return json_error(404, "not_found", e.what());
  } catch (const tm::InputError& e) {
    return json_error(400, "bad_request", e.what());
  } catch (const UsageError& e) {
    return json_error(400, "bad_request", e.what());
  } catch (const std::exception& e) {
    return json_error(500, "internal", e.what());
  }
}

}  // namespace

// A read runs on the pool while the worker waits for it up to the time
// limit; past it the worker answers 408 and goes back to serving (see
// cli/deadline_pool.h for what becomes of the read).
HttpResponse TmService::Impl::answer_in_time(const HttpRequest& request) {
  std::optional<HttpResponse> answer =
      readers_pool->run([this, request] { return answer_safely(*this, request); },
                        std::chrono::milliseconds(options.request_timeout_ms));
  if (answer) return std::move(*answer);
  return json_error(408, "timeout",
                    "the request took longer than " + std::to_string(options.request_timeout_ms) +
                        " ms (--request-timeout); narrow it down");
}

}  // namespace alinea::cli
