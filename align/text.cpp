#include "align/text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <stdexcept>

#include "align/error.h"

namespace alinea::align {
namespace {

const icu::Normalizer2& nfd_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) throw ResourceError("ICU NFD normaliser unavailable");
  return *n;
}

const icu::Normalizer2& nfc_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw ResourceError("ICU NFC normaliser unavailable");
  return *n;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

bool is_word_char(UChar32 c) { return u_isalnum(c) || u_hasBinaryProperty(c, UCHAR_DIACRITIC); }

}  // namespace

std::string fold(std::string_view utf8) {
  if (is_ascii(utf8)) {  // the common case in both languages: no ICU round trip
    std::string out(utf8);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  text.toLower(icu::Locale::getRoot());
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString decomposed = nfd_instance().normalize(text, status);
  if (U_FAILURE(status)) throw ResourceError("ICU normalisation failed");
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) stripped.append(c);
    i += U16_LENGTH(c);
  }
  std::string out;
  stripped.toUTF8String(out);
  return out;
}

std::vector<std::string> word_tokens(std::string_view utf8) {
  std::vector<std::string> tokens;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  int32_t start = -1;       // start of the current token
  int32_t last_end = -1;    // end of the last word character of the token
  bool digits_only = true;  // token so far is numeric: allows 1.000,5
  while (i < n) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && is_word_char(c)) {
      if (start < 0) {
        start = at;
        digits_only = true;
      }
      if (!u_isdigit(c)) digits_only = false;
      last_end = i;
      continue;
    }
    if (start >= 0 && i < n) {
      // Inner apostrophe (people's, l'eau) or numeric separator (1.000,5)
      // keeps the token going when a word character follows.
      int32_t peek = i;
      UChar32 next;
      U8_NEXT(s, peek, n, next);
      bool apostrophe = (c == '\'' || c == 0x2019) && next >= 0 && u_isalpha(next);
      bool separator = (c == '.' || c == ',') && digits_only && next >= 0 && u_isdigit(next);
      if (apostrophe || separator) continue;
    }
    if (start >= 0) {
      tokens.emplace_back(utf8.substr(start, last_end - start));
      start = -1;
    }
  }
  if (start >= 0) tokens.emplace_back(utf8.substr(start, last_end - start));
  return tokens;
}

size_t code_points(std::string_view utf8) {
  size_t count = 0;
  for (unsigned char c : utf8)
    if ((c & 0xC0) != 0x80) ++count;
  return count;
}

size_t find_invalid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const int64_t n = static_cast<int64_t>(bytes.size());
  int64_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    // U8_NEXT works on int32_t offsets: walk in windows for huge inputs.
    int32_t offset = 0;
    const int32_t window = static_cast<int32_t>(std::min<int64_t>(n - i, 4));
    UChar32 c;
    U8_NEXT(s + i, offset, window, c);
    if (c < 0) return static_cast<size_t>(i);
    i += offset;
  }
  return std::string_view::npos;
}

std::string nfc(std::string_view utf8) {
  if (is_ascii(utf8)) return std::string(utf8);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2& n = nfc_instance();
  if (n.isNormalized(text, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  icu::UnicodeString normal = n.normalize(text, status);
  if (U_FAILURE(status)) throw ResourceError("ICU normalisation failed");
  std::string out;
  normal.toUTF8String(out);
  return out;
}

void append_utf8(std::string& out, uint32_t code_point) {
  if (code_point == 0 || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
    code_point = 0xFFFD;
  char buf[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(buf, length, static_cast<UChar32>(code_point));
  out.append(buf, static_cast<size_t>(length));
}

std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (is_ascii_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace alinea::align
