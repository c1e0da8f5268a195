// Text normalisation shared by segmentation, lexicon and aligner.
//
//   fold("Educación")        == "educacion"
//   word_tokens("¿Qué pasó, Sr. García?") == {"Qué", "pasó", "Sr", "García"}
//   code_points("año")       == 3
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace alinea::align {

// Lower-case and strip diacritics (NFD, drop nonspacing marks, NFC); ñ folds
// to n. Input must be valid UTF-8.
std::string fold(std::string_view utf8);

// Word tokens (letters/digits runs, keeping inner apostrophes and hyphens as
// ICU's word break does), punctuation and spaces dropped, original case kept.
std::vector<std::string> word_tokens(std::string_view utf8);

// Number of Unicode code points in valid UTF-8.
size_t code_points(std::string_view utf8);

// Byte offset of the first invalid UTF-8 sequence, or npos when valid.
size_t find_invalid_utf8(std::string_view bytes);

// NFC normalisation of valid UTF-8.
std::string nfc(std::string_view utf8);

// Appends a code point as UTF-8. Code points that cannot be text (0, a
// surrogate, beyond U+10FFFF) become U+FFFD REPLACEMENT CHARACTER, as HTML5
// does with such character references: the one policy of every reader.
void append_utf8(std::string& out, uint32_t code_point);

// The library's one definition of white space between bytes: space, tab,
// line feed, carriage return, form feed, vertical tab. Unicode spaces (a
// NO-BREAK SPACE) are text to the readers; the sentence splitter and fold()
// treat them as Unicode says.
constexpr bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// `s` on one line: runs of is_ascii_space() bytes become one space, and the
// ends are trimmed ("  a\n\tb " -> "a b").
std::string collapse_space(std::string_view s);

// `s` without leading and trailing is_ascii_space() bytes.
constexpr std::string_view trim_space(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace alinea::align
