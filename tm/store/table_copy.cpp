// Canonical text of reals for table copies (table_copy.h).
#include "tm/store/table_copy.h"

#include <charconv>

#include "tm/error.h"

namespace alinea::tm {

std::string real_text(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

std::string canonical_real(std::string_view text, const std::string& where) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw Error(where + ": not a number: " + std::string(text));
  return real_text(v);
}

}  // namespace alinea::tm
