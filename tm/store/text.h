// Text helpers shared by the store and its search, private to tm/store:
// tokens that agree with FTS5's unicode61 tokenizer (remove_diacritics 2),
// case/accent folding, and the normal form used to spot exact duplicates.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace alinea::tm::text {

enum class TokenKind : uint8_t { Word, Number, Punct };

struct Token {
  uint32_t begin = 0, end = 0;  // bytes in the tokenised text
  TokenKind kind = TokenKind::Word;
  std::string folded;  // lower case, without diacritics (Punct: the character itself)
};

// Words are runs of letters, digits, marks and private-use characters, as in
// unicode61; a Number is a word of digits only. With punct, every other
// non-space character is a Punct token of its own. Invalid UTF-8 bytes
// separate tokens.
std::vector<Token> tokenize(std::string_view text, bool punct = false);

// Lower case without diacritics ("Educación" -> "educacion").
std::string fold(std::string_view word);

// NFC, runs of white space collapsed to one space, trimmed: two texts are
// the same for duplicate detection when these agree.
std::string normalize(std::string_view text);
// The same without copying: text itself when it is already in normal form
// (the usual case), else the normal form written to buf.
std::string_view normalize(std::string_view text, std::string& buf);

bool valid_utf8(std::string_view text);

// Primary language subtag, lower case ("es-CL" -> "es").
std::string primary_lang(std::string_view tag);
// "es" matches "es", "es-CL"; "es-CL" matches only "es-CL" (case-insensitive).
bool lang_matches(std::string_view unit_lang, std::string_view wanted);
// Letters, digits and '-' only, so a tag can be used in LIKE patterns.
bool valid_lang_tag(std::string_view tag);

// Frequent Spanish and English function words (folded): too common to find
// candidates with, and never the edge of a term rendering.
bool is_stopword(std::string_view folded);

uint64_t hash64(std::string_view data, uint64_t seed = 0);
// hash64 of the concatenated parts, without concatenating them.
uint64_t hash64(std::initializer_list<std::string_view> parts, uint64_t seed = 0);

}  // namespace alinea::tm::text
