// What both backends' table copies share: identifiers, column lists and the
// canonical text of reals (table_copy.h).
#include "tm/store/table_copy.h"

#include <charconv>

#include "tm/error.h"

namespace alinea::tm {

// Appended, not concatenated: GCC 12 warns falsely (-Wrestrict) of '"' + s.
std::string quoted(std::string_view name) {
  std::string out = "\"";
  out += name;
  out += '"';
  return out;
}

std::string column_list(const TableSpec& spec) {
  std::string out;
  for (const auto& c : spec.columns) {
    if (!out.empty()) out += ", ";
    out += quoted(c.name);
  }
  return out;
}

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
