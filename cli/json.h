// Minimal JSON writing for --json output: one object per line (JSON Lines),
// keys in a fixed order so the shape is stable.
//
//   JsonObject o;
//   o.add("units", 42).add("file", "a.tmx");
//   std::cout << o.str() << '\n';   // {"units":42,"file":"a.tmx"}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace alinea::cli {

// JSON string literal with quotes; control characters escaped as \u00XX.
std::string json_string(std::string_view utf8);

class JsonObject {
 public:
  JsonObject& add(std::string_view key, std::string_view value);
  JsonObject& add(std::string_view key, const char* value) {
    return add(key, std::string_view(value));
  }
  JsonObject& add(std::string_view key, const std::string& value) {
    return add(key, std::string_view(value));
  }
  JsonObject& add(std::string_view key, bool value);
  JsonObject& add(std::string_view key, double value);
  template <typename Int,
            typename = std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>>>
  JsonObject& add(std::string_view key, Int value) {
    return add_raw(key, std::to_string(value));
  }
  template <typename T>
  JsonObject& add(std::string_view key, const std::optional<T>& value) {
    return value ? add(key, *value) : add_raw(key, "null");
  }
  // `json` must already be valid JSON (an array or object built elsewhere).
  JsonObject& add_raw(std::string_view key, std::string_view json);
  std::string str() const { return body_ + "}"; }

 private:
  std::string body_ = "{";
};

// Builds a JSON array from already-encoded elements.
class JsonArray {
 public:
  JsonArray& add_raw(std::string_view json);
  JsonArray& add(std::string_view text) { return add_raw(json_string(text)); }
  std::string str() const { return body_ + "]"; }

 private:
  std::string body_ = "[";
};

}  // namespace alinea::cli
