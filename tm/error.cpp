#include "tm/error.h"

namespace alinea::tm {
namespace {

// Built out of line: GCC 12 reports a false -Wrestrict on the inline
// concatenation (bug 105651).
std::string locate(const std::string& file, const std::string& message,
                   std::optional<uint64_t> line, std::optional<uint64_t> column) {
  std::string out = file;
  if (line) {
    out += ':';
    out += std::to_string(*line);
    if (column) {
      out += ':';
      out += std::to_string(*column);
    }
  }
  out += ": ";
  out += message;
  return out;
}

}  // namespace

InputError::InputError(std::string file, const std::string& message, std::optional<uint64_t> line,
                       std::optional<uint64_t> column)
    : Error(locate(file, message, line, column)),
      file_(std::move(file)),
      line_(line),
      column_(column) {}

}  // namespace alinea::tm
