#include "align/error.h"

namespace alinea::align {
namespace {

std::string locate(const std::string& file, const std::string& message, const InputPosition& at) {
  std::string out = file;
  if (at.line) {
    out += ':' + std::to_string(*at.line);
    if (at.column) out += ':' + std::to_string(*at.column);
  } else if (at.byte_offset) {
    out += ": byte " + std::to_string(*at.byte_offset);
  }
  return out + ": " + message;
}

}  // namespace

InputError::InputError(std::string file, const std::string& message, InputPosition where)
    : Error(locate(file, message, where)), file_(std::move(file)), where_(where) {}

}  // namespace alinea::align
