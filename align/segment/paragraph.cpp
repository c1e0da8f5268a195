#include "align/segment/paragraph.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "align/text.h"

namespace alinea::align::detail {

namespace {

UChar32 code_point_at(std::string_view s, size_t pos, size_t* next = nullptr) {
  int32_t i = static_cast<int32_t>(pos);
  UChar32 c = U_SENTINEL;
  if (pos < s.size())
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  if (next) *next = static_cast<size_t>(i);
  return c;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "- x", "* x", "• x", "1. x", "2) x", "a) x", "—Hola" (dialogue).
bool is_list_item(std::string_view line) {
  for (std::string_view bullet : {"- ", "* ", "+ ", "\u2022 ", "\u00B7 ", "\u2013 ", "\u25AA ",
                                  "\u25CF ", "\u2014", "\u2015", "\u2013"}) {
    if (starts_with(line, bullet)) return true;
  }
  size_t i = 0;
  while (i < line.size() && i < 3 && line[i] >= '0' && line[i] <= '9') ++i;
  if (i > 0 && i < line.size() && (line[i] == '.' || line[i] == ')') && i + 1 < line.size() &&
      line[i + 1] == ' ')
    return true;
  if (line.size() >= 3 && std::isalpha(static_cast<unsigned char>(line[0])) && line[1] == ')' &&
      line[2] == ' ')
    return true;
  return false;
}

// "P: ...", "Q:", "HERMINIA: ...", "Entrevistadora: ...", "Sra. Pérez: ..."
bool is_turn(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 40) return false;
  if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t') return false;
  std::string_view name = line.substr(0, colon);
  int words = 0;
  bool word_start = true;
  for (size_t i = 0; i < name.size();) {
    size_t next;
    UChar32 c = code_point_at(name, i, &next);
    if (c == ' ') {
      word_start = true;
    } else if (word_start) {
      if (!u_isupper(c)) return false;
      ++words;
      word_start = false;
    } else if (!u_isalpha(c) && c != '.' && c != '-' && c != '\'' && c != 0x2019) {
      return false;
    }
    i = next;
  }
  return words >= 1 && words <= 3;
}

bool ends_with_mark(std::string_view line) {
  if (line.empty()) return true;
  static const std::array<std::string_view, 16> kMarks = {
      ".",      ",",      ";",  ":", "!", "?",      "\u2026", "-",
      "\u2014", "\u2013", "\"", "'", ")", "\u00BB", "\u201D", "\u2019"};
  for (std::string_view m : kMarks)
    if (line.size() >= m.size() && line.substr(line.size() - m.size()) == m) return true;
  return false;
}

bool starts_sentence_like(std::string_view line) {
  UChar32 c = code_point_at(line, 0);
  return u_isupper(c) || u_isdigit(c) || c == 0x00BF || c == 0x00A1 || c == '"' || c == 0x00AB ||
         c == 0x201C || c == 0x2014;
}

}  // namespace

std::vector<size_t> layout_breaks(const Paragraph& p, const SegmentOptions& options) {
  std::vector<size_t> breaks;
  if (!options.break_at_line_structure || p.line_starts.empty()) return breaks;
  std::vector<size_t> starts;
  starts.reserve(p.line_starts.size() + 2);
  starts.push_back(0);
  starts.insert(starts.end(), p.line_starts.begin(), p.line_starts.end());
  starts.push_back(p.text.size());
  for (size_t i = 1; i + 1 < starts.size(); ++i) {
    std::string_view raw = std::string_view(p.text).substr(starts[i], starts[i + 1] - starts[i]);
    std::string_view line = trim_space(raw);
    if (line.empty()) continue;
    if (is_list_item(line) || is_turn(line))
      breaks.push_back(starts[i] + static_cast<size_t>(line.data() - raw.data()));
  }
  if (p.headings_by_layout && options.detect_headings) {
    std::string_view first = trim_space(std::string_view(p.text).substr(0, starts[1]));
    std::string_view second =
        trim_space(std::string_view(p.text).substr(starts[1], starts[2] - starts[1]));
    size_t first_len = code_points(first);
    if (!first.empty() && !second.empty() && first_len <= options.max_heading_chars &&
        !ends_with_mark(first) && starts_sentence_like(first) && starts_sentence_like(second) &&
        (first_len * 10 <= code_points(second) * 7 || starts.size() == 3))
      breaks.push_back(starts[1] +
                       static_cast<size_t>(second.data() - (p.text.data() + starts[1])));
  }
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
  return breaks;
}

}  // namespace alinea::align::detail
