// Colour for human output: only when stdout is a terminal (or --color
// always), never in data meant for other programs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/context.h"

namespace alinea::cli {

enum class ColorMode { Auto, Always, Never };

bool use_color(const Context& ctx, ColorMode mode);

// Wraps the given byte ranges of `text` in bold colour (ANSI) when `color`.
// Ranges must be sorted, non-overlapping and inside the text.
template <typename Range>
std::string highlight(std::string_view text, const std::vector<Range>& ranges, bool color,
                      std::string_view on = "\x1b[1;31m") {
  if (!color || ranges.empty()) return std::string(text);
  std::string out;
  size_t at = 0;
  for (const auto& r : ranges) {
    if (r.begin < at || r.end > text.size() || r.begin >= r.end) continue;
    out.append(text.substr(at, r.begin - at));
    out.append(on);
    out.append(text.substr(r.begin, r.end - r.begin));
    out.append("\x1b[0m");
    at = r.end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace alinea::cli
