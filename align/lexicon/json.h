// Minimal JSON writing for the reports and sidecars of this directory (no
// parsing, no dependency).
//
//   json_object({{"entries", "43307"}, {"file", json_string(path)}})
//   -> {"entries":43307,"file":"/x/lexicon.bin"}
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alinea::align {

// Values are JSON text already (numbers as digits, strings via json_string).
using JsonObject = std::vector<std::pair<std::string, std::string>>;
using JsonArray = std::vector<std::string>;

// A quoted, escaped JSON string of valid UTF-8.
std::string json_string(std::string_view s);
std::string json_object(const JsonObject& members);
std::string json_array(const JsonArray& elements);

}  // namespace alinea::align
