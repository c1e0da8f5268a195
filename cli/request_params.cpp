#include "cli/request_params.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <sstream>

#include "cli/request_error.h"

namespace alinea::cli {

[[noreturn]] void bad_request(const std::string& message) {
  throw RequestError(400, "bad_request", message);
}

// A parameter's text; `required` ones must be there and not empty.
std::string text_param(const HttpRequest& req, std::string_view name, bool required) {
  std::optional<std::string> value = req.param(name);
  if (required && (!value || value->empty()))
    bad_request("the parameter " + std::string(name) + " is needed");
  return value.value_or("");
}

// "", "1", "true", "yes", "on" are true; "0", "false", "no", "off" false.
bool flag_param(const HttpRequest& req, std::string_view name) {
  std::optional<std::string> value = req.param(name);
  if (!value) return false;
  if (value->empty() || *value == "1" || *value == "true" || *value == "yes" || *value == "on")
    return true;
  if (*value == "0" || *value == "false" || *value == "no" || *value == "off") return false;
  bad_request(std::string(name) + " is a flag: 1 or 0, true or false");
}

double number_param(const HttpRequest& req, std::string_view name, double fallback, double low,
                    double high) {
  const std::optional<std::string> text = req.param(name);
  if (!text) return fallback;
  double value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value) || value < low || value > high) {
    std::ostringstream message;
    message << name << " must be a number from " << low << " to " << high;
    bad_request(message.str());
  }
  return value;
}

std::size_t count_param(const HttpRequest& req, std::string_view name, std::size_t fallback,
                        std::size_t high) {
  const std::optional<std::string> text = req.param(name);
  if (!text) return fallback;
  std::size_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || value == 0)
    bad_request(std::string(name) + " must be a whole number from 1 (larger ones count as " +
                std::to_string(high) + ")");
  return std::min(static_cast<std::size_t>(value), high);
}

}  // namespace alinea::cli
