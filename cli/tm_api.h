// The JSON API of `alinea serve`, under /api/v1/: each route parses the
// request into the options struct the CLI fills (cli/tm_queries.h), calls
// the same function and answers the same JSON shape as the subcommand's
// --json (cli/json_shapes.h); lists are JSON arrays of what the CLI prints
// as JSON Lines. Internal to TmService (cli/tm_server.cpp), which checks the
// token before calling it.
//
//   GET  search?q=&lang=&limit=&words=&newest=&doc=&include_rejected=&include_pending=
//   GET  match?q=&lang=&min=&limit=&include_pending=
//   GET  terms?q=&lang=&limit=&include_pending=
//   GET  stats | docs | units/ID | export?doc=&status=&include_rejected=&include_pending=
//   POST units (add) | units/ID (edit) | review | delete | import?format=tmx|tsv|csv&doc=&force=
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cli/http_server.h"
#include "cli/tm_server.h"
#include "tm/store/store.h"

namespace alinea::cli {

struct TmStores {
  // A read-only connection for the time of one request (back to the pool
  // when the last copy goes).
  std::function<std::shared_ptr<const tm::Store>()> reader;
  // Runs `write` on the one read-write connection: one write at a time,
  // each in the store's own transaction.
  std::function<void(const std::function<void(tm::Store&)>& write)> write;
};

inline constexpr std::string_view kApiPrefix = "/api/v1/";

// True for the routes that change the TM (they need the token).
bool api_route_writes(const HttpRequest& request);

// `route` is the path after kApiPrefix. Throws RequestError (4xx) for a bad
// request and the store's errors as they come.
HttpResponse answer_api(const HttpRequest& request, const std::string& route,
                        const TmServiceOptions& options, TmStores& stores);

}  // namespace alinea::cli
