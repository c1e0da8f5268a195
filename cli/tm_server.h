// `alinea serve`: a TM over HTTP. TmService answers requests without sockets
// (the tests and the fuzz harness call it directly); cmd_serve.cpp puts it
// on the project's HTTP layer (cli/http_server.h).
//
//   TmService service({.tm_path = "chile.tm", .base = "/tmserver"});
//   HttpResponse r = service.handle(request);  // from any thread
//
// The routes: GET / (the read-only front page, cli/assets/serve.*);
// GET /health; the tmserver/amaGama protocol,
// GET {base}/{source_lang}/{target_lang}/unit/{text} (a JSON list of
// {"source", "target", "context", "quality", "rank"}, best first); the JSON
// API under /api/v1/ (cli/tm_api.h), in the shapes of the CLI's --json.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "cli/http_server.h"
#include "tm/store/store.h"

namespace alinea::cli {

class LexiconAccess;

struct TmServiceOptions {
  std::string tm_path;
  std::string base = "/tmserver";  // where the tmserver protocol lives ("" or "/x/y")
  // Needed (as "Authorization: Bearer TOKEN") by writes; empty: writes are
  // refused. read_token: reads need it too.
  std::string token;
  bool read_token = false;
  // Bounds on what one request may ask for.
  std::size_t max_candidates = 50;     // larger max_candidate values are clamped to this
  std::size_t max_query_bytes = 2000;  // a longer text: 414
  int busy_timeout_ms = 5000;
  // Told when a connection upgrades an older TM (empty: nobody is told).
  tm::UpgradeNotice on_upgrade{};
  // A read (GET) that takes longer gets 408 (see cli/deadline_pool.h); 0:
  // no limit. Writes are not limited: they are bounded by the body size and
  // must finish whole or not at all.
  int request_timeout_ms = 0;
  // Threads that run the reads under that limit: at most this many at
  // once, the ones over their limit included.
  std::size_t read_threads = 12;
  std::size_t max_results = 500;  // larger search/terms limits are clamped to this
  // Bytes of tmserver answers kept for lookups asked again while the TM
  // has not changed (cli/answer_cache.h); 0: none kept. On PostgreSQL
  // "changed" is any commit on the server (PgStore::changed_since_last_asked).
  std::size_t cache_bytes = 0;
  // Bytes of word posting lists the reader connections share for fuzzy
  // candidates (tm/store/word_postings.h); 0: each lookup asks the TM for
  // its words. Ignored on PostgreSQL.
  std::size_t word_index_bytes = 0;
  // The bilingual lexicon (null: none), which decides a query's language
  // when the TM's evidence cannot and proposes term renderings, as in the
  // CLI.
  std::shared_ptr<const LexiconAccess> lexicon{};
};

// The tmserver defaults (Translate Toolkit's tmserver uses the same).
inline constexpr std::size_t kDefaultCandidates = 3;
inline constexpr double kDefaultMinSimilarity = 75;

// "es", "es_CL", "es-CL", "ES" -> "es": the primary subtag, lower case;
// empty when the code is not letters with an optional region.
std::string primary_language(std::string_view code);

// The path as the access log shows it: the text after /unit/ replaced by
// "..." (a query's text is the translator's, not the log's).
std::string loggable_path(const std::string& base, const std::string& path);

class TmService {
 public:
  // Opens the TM read-only once, to fail early on a missing or foreign file.
  explicit TmService(TmServiceOptions options);
  ~TmService();
  TmService(const TmService&) = delete;
  TmService& operator=(const TmService&) = delete;

  const TmServiceOptions& options() const;
  // Never throws for a bad request: it answers 4xx (5xx for a store failure).
  // Safe to call from several threads at once.
  HttpResponse handle(const HttpRequest& request);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace alinea::cli
