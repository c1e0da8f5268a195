// Query parameters of the TM server's requests, read strictly: a value that
// is not what the parameter takes is a 400 (RequestError) naming it, never a
// silent default.
//
//   double min = number_param(req, "min_similarity", 75, 0, 100);
//   bool words = flag_param(req, "words");        // "", 1, true, yes, on
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cli/http_server.h"

namespace alinea::cli {

// Throws RequestError(400, "bad_request", message).
[[noreturn]] void bad_request(const std::string& message);

// A parameter's text; `required` ones must be there and not empty.
std::string text_param(const HttpRequest& req, std::string_view name, bool required = false);
// "", "1", "true", "yes", "on" are true; "0", "false", "no", "off" false;
// absent is false.
bool flag_param(const HttpRequest& req, std::string_view name);
// A number within [low, high]; `fallback` when absent.
double number_param(const HttpRequest& req, std::string_view name, double fallback, double low,
                    double high);
// A whole number from 1; larger than `high` counts as `high`.
std::size_t count_param(const HttpRequest& req, std::string_view name, std::size_t fallback,
                        std::size_t high);

}  // namespace alinea::cli
