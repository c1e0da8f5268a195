// Word-level helpers of the glossary extractor: tokens with their clinging
// punctuation, function-word and verb lists, capitalisation and acronym
// tests, trimming and quote stripping. Private to align/glossary.
//
//   Token t = gloss::make_token("(tomas,", 0, 7);   // t.word == "tomas"
//   gloss::is_acronym("CORVI") == true
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "align/text.h"

namespace alinea::align::gloss {

bool has_digit(std::string_view s);
// True when whitespace `ws` holds a blank line (a paragraph break).
bool has_blank_line(std::string_view ws);

struct Token {
  size_t begin = 0;  // the whole whitespace-delimited token
  size_t end = 0;
  size_t word_begin = 0;  // without clinging punctuation
  size_t word_end = 0;
  std::string word;  // lower-cased word
  bool punct_before = false;
  bool punct_after = false;
};

// The token text[begin, end) with its clinging punctuation split off.
Token make_token(std::string_view text, size_t begin, size_t end);
// Tokens before `end`, nearest first, within the paragraph; at most `limit`.
std::vector<Token> tokens_before(std::string_view text, size_t end, size_t limit);

// Function words of either language and the commonest verbs and quantifiers.
bool is_boundary_word(std::string_view w);
// Content words that bound an English term rather than belong to it: verb
// forms ("joined", "ran", "set up"), adverbs in -ly and common descriptive
// adjectives ("young", "militant"). Lower-cased.
bool is_outside_word(std::string_view w);
bool is_capitalized(std::string_view w);
// Upper- and lower-case letters of a word (ASCII and Latin-1).
std::pair<int, int> letter_cases(std::string_view w);
// "UP", "JAP", "CORVI": two or more capitals, more capitals than small letters.
bool is_acronym(std::string_view w);
// "NetworkManager": a capital after the first letter.
bool has_inner_capital(std::string_view w);

std::vector<std::string_view> split_words(std::string_view s);
// Strips one pair of quotes around the whole of `s`, or stray quotes at its ends.
std::string_view unquote(std::string_view s);
// Trims spaces and trailing sentence punctuation.
std::string_view trim_punct(std::string_view s);

// "(see below)", "(véase más abajo)", "(or camps)".
bool is_aside_opener(std::string_view w);
// "spanish", "translator": a parenthesis about language, not a translation.
bool is_metalanguage(std::string_view w);

// The words of `s`, lower-cased, without clinging punctuation.
std::vector<std::string> lowered_words(std::string_view s);
size_t content_words(std::string_view s);
// Whether every content word is capitalised; nullopt with nothing to judge.
// `skip_first` ignores the first word (a sentence start).
std::optional<bool> is_proper(std::string_view s, bool skip_first);
// Drops one leading article ("la asamblea vecinal" -> "asamblea vecinal").
std::string drop_article(std::string_view s);
std::string lower_first(std::string_view s);

}  // namespace alinea::align::gloss
