// Evidence for which side of a gloss pair is Spanish, beyond the spelling
// of each word: adjective order mirrored between the languages, names that
// say nothing about a language, words that speak against a side, and the
// shape a gloss must have to be a term at all. Private to align/glossary.
//
//   gloss::mirrored_order("cordones industriales", "industrial belts") > 0
//   gloss::acceptable_inner("see below", options) == false
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "align/glossary/glossary.h"
#include "align/language.h"

namespace alinea::align::gloss {

// Spanish puts most adjectives after the noun, English before: when the
// last word of one side is the first word of the other (or shares a long
// prefix with it: "popular", "industrial"), the side ending in it is
// Spanish. Returns evidence that the left side is Spanish.
double mirrored_order(std::string_view left, std::string_view inner);

// Capitalised words inside a common-noun term are names ("Bézier
// curves", "navegador de Gnome"); their spelling says nothing about the
// term's language. `proper`: whether the whole term is a name.
std::string without_names(std::string_view term, std::optional<bool> proper);

// Whether no word of `side` speaks clearly for the other language
// ("fsck durante el arranque" is not English). Names are skipped; the
// options' word-language hint counts as evidence.
bool words_fit(std::string_view side, Language language, const GlossaryOptions& options);

// Whether a gloss (the text in brackets, after a dash or colon, or in
// quotes) has the shape of a term: letters, no sentence punctuation or
// symbols, no asides or talk about language, at most max_term_words words.
bool acceptable_inner(std::string_view inner, const GlossaryOptions& options);

}  // namespace alinea::align::gloss
