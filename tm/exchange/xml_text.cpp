#include "tm/exchange/xml_text.h"

#include <array>

namespace alinea::tm::xml {
namespace {

// Decodes one UTF-8 sequence at text[i]; returns its length, or 0 when it is
// not a well-formed sequence (overlong, surrogate, > U+10FFFF, truncated).
size_t decode_utf8(std::string_view text, size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  size_t len = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

bool xml_char(char32_t cp) {
  if (cp < 0x20) return cp == 0x09 || cp == 0x0A || cp == 0x0D;
  return cp != 0xFFFE && cp != 0xFFFF;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Language tags are ASCII: no locale lookups.
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's
// algorithm): exact for every year, no time zone or locale involved.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

void append_digits(std::string& out, int64_t value, int width) {
  char buf[8];
  for (int k = width - 1; k >= 0; --k) {
    buf[k] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, static_cast<size_t>(width));
}

}  // namespace

// Bytes that the escaping loop must look at: markup characters, controls,
// and every non-ASCII byte (validated as UTF-8). The rest is copied in runs.
constexpr auto kSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 0x80; c < 0x100; ++c) t[static_cast<size_t>(c)] = true;
  for (unsigned char c : {'&', '<', '>', '"'}) t[c] = true;
  return t;
}();

size_t append_escaped(std::string& out, std::string_view text, bool attribute) {
  size_t replaced = 0;
  size_t run = 0;  // start of the pending run of bytes copied verbatim
  size_t i = 0;
  const size_t n = text.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  auto flush = [&](size_t end) { out.append(text.data() + run, end - run); };
  while (true) {
    while (i < n && !kSpecial[bytes[i]]) ++i;
    if (i >= n) break;
    const unsigned char c = bytes[i];
    if (c >= 0x80) {
      char32_t cp = 0;
      const size_t len = decode_utf8(text, i, cp);
      if (len == 0 || !xml_char(cp)) {
        flush(i);
        out += kReplacement;
        ++replaced;
        i += len == 0 ? 1 : len;
        run = i;
      } else {
        i += len;
      }
      continue;
    }
    const char* entity = nullptr;
    switch (c) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\r':
        entity = "&#13;";
        break;
      case '\t':
        entity = attribute ? "&#9;" : nullptr;
        break;
      case '\n':
        entity = attribute ? "&#10;" : nullptr;
        break;
      default:
        entity = kReplacement.data();
        ++replaced;
    }
    if (entity != nullptr) {
      flush(i);
      out += entity;
      run = i + 1;
    }
    ++i;
  }
  flush(n);
  return replaced;
}

size_t count_invalid(std::string_view text) {
  size_t bad = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const size_t len = decode_utf8(text, i, cp);
    if (len == 0 || !xml_char(cp)) ++bad;
    i += len == 0 ? 1 : len;
  }
  return bad;
}

bool valid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    const size_t len = decode_utf8(text, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

size_t append_valid_utf8(std::string& out, std::string_view text) {
  if (valid_utf8(text)) {
    out += text;
    return 0;
  }
  size_t replaced = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const size_t len = decode_utf8(text, i, cp);
    if (len == 0) {
      out += kReplacement;
      ++replaced;
      ++i;
    } else {
      out.append(text.data() + i, len);
      i += len;
    }
  }
  return replaced;
}

void append_tmx_date(std::string& out, int64_t t) {
  int64_t days = t / 86400;
  int64_t secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  if (y < 0) y = 0;  // TMX has no notation for years before 0000
  if (y > 9999) y = 9999;
  append_digits(out, y, 4);
  append_digits(out, m, 2);
  append_digits(out, d, 2);
  out += 'T';
  append_digits(out, secs / 3600, 2);
  append_digits(out, secs / 60 % 60, 2);
  append_digits(out, secs % 60, 2);
  out += 'Z';
}

std::optional<int64_t> parse_tmx_date(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  auto num = [&](size_t pos, size_t n) -> int {
    int v = 0;
    for (size_t k = pos; k < pos + n; ++k) {
      if (s[k] < '0' || s[k] > '9') return -1;
      v = v * 10 + (s[k] - '0');
    }
    return v;
  };
  const int y = num(0, 4), mo = num(4, 2), d = num(6, 2);
  const int h = num(9, 2), mi = num(11, 2), se = num(13, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 ||
      se > 59)
    return std::nullopt;
  static constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > static_cast<int>(kDays[mo - 1]) || (mo == 2 && d == 29 && !leap)) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + se;
}

std::string normalize_lang(std::string_view tag) {
  std::string out;
  out.reserve(tag.size());
  size_t index = 0;  // subtag number
  size_t start = 0;
  while (start <= tag.size()) {
    size_t end = start;
    while (end < tag.size() && tag[end] != '-' && tag[end] != '_') ++end;
    std::string sub(tag.substr(start, end - start));
    for (auto& ch : sub) ch = ascii_lower(ch);
    if (index > 0) {
      if (sub.size() == 2) {
        for (auto& ch : sub) ch = ascii_upper(ch);
      } else if (sub.size() == 4) {
        sub[0] = ascii_upper(sub[0]);
      }
      out += '-';
    }
    out += sub;
    ++index;
    if (end == tag.size()) break;
    start = end + 1;
  }
  return out;
}

std::string primary_language(std::string_view tag) {
  std::string out;
  for (char ch : tag) {
    if (ch == '-' || ch == '_') break;
    out += ascii_lower(ch);
  }
  return out;
}

std::string one_line(std::string_view message, size_t max_bytes) {
  size_t end = message.size();
  if (end > max_bytes) {
    end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80) --end;
  }
  std::string out;
  out.reserve(end + 3);
  for (char c : message.substr(0, end)) {
    const bool control = static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
    if (!control)
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  if (end < message.size()) out += "...";
  return out;
}

}  // namespace alinea::tm::xml
