// Which language a short term is in, from the term alone.
//
//   spanish_evidence("comités de vivienda")  > 0      // accent, "de", -s
//   spanish_evidence("housing committees")   < 0      // -ing, double "tt"
//   spanish_evidence("Alameda")              ~ 0      // a name: no evidence
//
// detect_language() in align/language.h needs a sentence or more; glossed
// terms are one to six words, so this scorer also reads orthography and word
// endings. A positive score is evidence for Spanish, a negative one for
// English, and the magnitude is roughly the number of independent clues.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "align/language.h"

namespace alinea::align {

// Optional outside knowledge about single words, e.g. from a lexicon:
// Language::Spanish for a word known only as Spanish, English for one known
// only as English, nullopt when unknown or known in both. Receives the word
// lower-cased, accents kept.
using WordLanguageHint = std::function<std::optional<Language>(std::string_view word)>;

// Sum of per-word clues over the words of `term` (valid UTF-8). With
// `count_function_words` false, only content words vote: a caller can then
// tell "the masses" (an article and little else) from "housing" (-ing).
double spanish_evidence(std::string_view term, const WordLanguageHint& hint = {},
                        bool count_function_words = true);

// True for a function word of either language ("de", "the", "los", "of"),
// given lower-cased.
bool is_function_word(std::string_view word);

// Lower-cases ASCII and the upper-case Latin-1 letters (Á, É, Ñ, Ü...).
std::string lower_latin(std::string_view utf8);

// Per-word clue, exposed for tests; `word` is lower-cased, without punctuation.
double spanish_word_evidence(std::string_view word);

}  // namespace alinea::align
