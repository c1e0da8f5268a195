// Text normalisation shared by segmentation, lexicon and aligner.
//
//   fold("Educación")        == "educacion"
//   word_tokens("¿Qué pasó, Sr. García?") == {"Qué", "pasó", "Sr", "García"}
//   code_points("año")       == 3
#pragma once

#include <cstddef>
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

}  // namespace alinea::align
