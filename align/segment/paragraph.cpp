#include "align/segment/paragraph.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "align/text.h"

namespace alinea::align::detail {

void Paragraph::append(std::string_view bytes, uint64_t orig_begin) {
  if (bytes.empty()) return;
  // Extend the previous piece when this copy continues it in the source.
  if (!pieces.empty()) {
    Piece& last = pieces.back();
    if (last.linear && last.orig_begin + (text.size() - last.text_begin) == orig_begin) {
      text.append(bytes);
      last.orig_end = orig_begin + bytes.size();
      return;
    }
  }
  pieces.push_back({text.size(), orig_begin, orig_begin + bytes.size(), true});
  text.append(bytes);
}

void Paragraph::append_decoded(std::string_view bytes, uint64_t orig_begin, uint64_t orig_end) {
  if (bytes.empty()) return;
  pieces.push_back({text.size(), orig_begin, orig_end, false});
  text.append(bytes);
}

void Paragraph::append_space(uint64_t orig_begin, uint64_t orig_end) {
  if (text.empty() || text.back() == ' ') return;
  append_decoded(" ", orig_begin, orig_end);
}

void Paragraph::new_line(uint64_t orig_begin) {
  if (text.empty()) return;
  if (text.back() != ' ') append_decoded(" ", orig_begin, orig_begin);
  if (line_starts.empty() || line_starts.back() != text.size()) line_starts.push_back(text.size());
}

void Paragraph::skip(uint64_t orig_begin, uint64_t orig_end) {
  if (orig_end <= orig_begin) return;
  if (!skipped.empty() && skipped.back().end == orig_begin) {
    skipped.back().end = orig_end;
    return;
  }
  skipped.push_back({orig_begin, orig_end});
}

bool Paragraph::blank() const {
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  return true;
}

Span Paragraph::source_span(size_t text_begin, size_t text_end) const {
  if (pieces.empty() || text_end <= text_begin) return {};
  auto piece_at = [&](size_t pos) -> const Piece& {
    auto it = std::upper_bound(pieces.begin(), pieces.end(), pos,
                               [](size_t p, const Piece& piece) { return p < piece.text_begin; });
    return *std::prev(it);
  };
  const Piece& first = piece_at(text_begin);
  const Piece& last = piece_at(text_end - 1);
  Span span;
  span.begin = first.linear ? first.orig_begin + (text_begin - first.text_begin) : first.orig_begin;
  span.end = last.linear ? last.orig_begin + (text_end - last.text_begin) : last.orig_end;
  if (!skipped.empty()) {
    // Take in dropped markup touching the sentence on either side.
    auto after = std::lower_bound(skipped.begin(), skipped.end(), span.end,
                                  [](const Span& r, uint64_t x) { return r.begin < x; });
    if (after != skipped.end() && after->begin == span.end) span.end = after->end;
    auto before = std::lower_bound(skipped.begin(), skipped.end(), span.begin,
                                   [](const Span& r, uint64_t x) { return r.end < x; });
    if (before != skipped.end() && before->end == span.begin) span.begin = before->begin;
  }
  return span;
}

size_t bom_length(std::string_view bytes) { return bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }

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

namespace {

struct NamedEntity {
  const char* name;
  const char* utf8;
};

// The references that occur in prose; anything else is kept verbatim.
constexpr NamedEntity kEntities[] = {
    {"amp", "&"},         {"lt", "<"},          {"gt", ">"},          {"quot", "\""},
    {"apos", "'"},        {"nbsp", "\u00A0"},   {"shy", ""},          {"iexcl", "\u00A1"},
    {"iquest", "\u00BF"}, {"laquo", "\u00AB"},  {"raquo", "\u00BB"},  {"lsquo", "\u2018"},
    {"rsquo", "\u2019"},  {"ldquo", "\u201C"},  {"rdquo", "\u201D"},  {"sbquo", "\u201A"},
    {"bdquo", "\u201E"},  {"mdash", "\u2014"},  {"ndash", "\u2013"},  {"hellip", "\u2026"},
    {"middot", "\u00B7"}, {"bull", "\u2022"},   {"copy", "\u00A9"},   {"reg", "\u00AE"},
    {"trade", "\u2122"},  {"deg", "\u00B0"},    {"ordm", "\u00BA"},   {"ordf", "\u00AA"},
    {"euro", "\u20AC"},   {"pound", "\u00A3"},  {"cent", "\u00A2"},   {"sect", "\u00A7"},
    {"para", "\u00B6"},   {"times", "\u00D7"},  {"divide", "\u00F7"}, {"plusmn", "\u00B1"},
    {"frac12", "\u00BD"}, {"frac14", "\u00BC"}, {"frac34", "\u00BE"}, {"sup1", "\u00B9"},
    {"sup2", "\u00B2"},   {"sup3", "\u00B3"},   {"micro", "\u00B5"},  {"dagger", "\u2020"},
    {"prime", "\u2032"},  {"thinsp", "\u2009"}, {"ensp", "\u2002"},   {"emsp", "\u2003"},
    {"zwnj", "\u200C"},   {"zwj", "\u200D"},    {"lrm", "\u200E"},    {"rlm", "\u200F"},
    {"larr", "\u2190"},   {"rarr", "\u2192"},   {"uarr", "\u2191"},   {"darr", "\u2193"},
    {"Aacute", "\u00C1"}, {"aacute", "\u00E1"}, {"Eacute", "\u00C9"}, {"eacute", "\u00E9"},
    {"Iacute", "\u00CD"}, {"iacute", "\u00ED"}, {"Oacute", "\u00D3"}, {"oacute", "\u00F3"},
    {"Uacute", "\u00DA"}, {"uacute", "\u00FA"}, {"Ntilde", "\u00D1"}, {"ntilde", "\u00F1"},
    {"Uuml", "\u00DC"},   {"uuml", "\u00FC"},   {"Agrave", "\u00C0"}, {"agrave", "\u00E0"},
    {"Egrave", "\u00C8"}, {"egrave", "\u00E8"}, {"Igrave", "\u00CC"}, {"igrave", "\u00EC"},
    {"Ograve", "\u00D2"}, {"ograve", "\u00F2"}, {"Ugrave", "\u00D9"}, {"ugrave", "\u00F9"},
    {"Acirc", "\u00C2"},  {"acirc", "\u00E2"},  {"Ecirc", "\u00CA"},  {"ecirc", "\u00EA"},
    {"Icirc", "\u00CE"},  {"icirc", "\u00EE"},  {"Ocirc", "\u00D4"},  {"ocirc", "\u00F4"},
    {"Ucirc", "\u00DB"},  {"ucirc", "\u00FB"},  {"Auml", "\u00C4"},   {"auml", "\u00E4"},
    {"Euml", "\u00CB"},   {"euml", "\u00EB"},   {"Iuml", "\u00CF"},   {"iuml", "\u00EF"},
    {"Ouml", "\u00D6"},   {"ouml", "\u00F6"},   {"yuml", "\u00FF"},   {"Ccedil", "\u00C7"},
    {"ccedil", "\u00E7"}, {"Atilde", "\u00C3"}, {"atilde", "\u00E3"}, {"Otilde", "\u00D5"},
    {"otilde", "\u00F5"}, {"Aring", "\u00C5"},  {"aring", "\u00E5"},  {"AElig", "\u00C6"},
    {"aelig", "\u00E6"},  {"Oslash", "\u00D8"}, {"oslash", "\u00F8"}, {"szlig", "\u00DF"},
};

}  // namespace

size_t decode_entity(std::string_view bytes, std::string& out) {
  if (bytes.size() < 3 || bytes[0] != '&') return 0;
  size_t semi = bytes.find(';', 1);
  if (semi == std::string_view::npos || semi > 33) return 0;
  std::string_view body = bytes.substr(1, semi - 1);
  if (body.empty()) return 0;
  if (body[0] == '#') {
    uint32_t value = 0;
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return 0;
    for (char c : digits) {
      int d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        return 0;
      value = value * (hex ? 16 : 10) + static_cast<uint32_t>(d);
    }
    // NUL, surrogates and out-of-range values decode to U+FFFD as in HTML5.
    append_utf8(out, value);
    return semi + 1;
  }
  for (const NamedEntity& e : kEntities) {
    if (body == e.name) {
      out.append(e.utf8);
      return semi + 1;
    }
  }
  return 0;
}

}  // namespace alinea::align::detail
