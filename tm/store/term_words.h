// Word-level tests term search makes on texts, private to tm/store: numbers,
// glosses in parentheses, cognates, the term's own words on the other side.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tm/store/store.h"
#include "tm/store/text.h"

namespace alinea::tm::terms {

// Digits with '.' or ',' only: "1970", "3,5".
bool is_number(std::string_view word);
bool has_digit(std::string_view word);

// Whether the byte range sits in parentheses, allowing emphasis marks and
// quotes around it: "(toma de terreno)", "(*toma de terreno*)".
bool inside_parentheses(std::string_view text, ByteRange range);

// Dunning's G2 for a 2x2 contingency table.
double log_likelihood(double k11, double k12, double k21, double k22);

// Cognates and loans ("industrial"/"industrial", "popular"/"populares"):
// a shared stretch at the start of two content words long enough to be more
// than chance.
bool cognate(const std::string& a, const std::string& b);

// Auxiliary verbs (folded), beyond text::is_stopword: in a small TM they
// co-occur with everything, and never render a term ("power did").
bool auxiliary(std::string_view w);

// Whether only spaces, hyphens and apostrophes separate two words: a
// rendering does not run across other punctuation.
bool plain_space(std::string_view text, size_t from, size_t to);

// Tokens of a parenthesised gloss right after token `last` ("land takeover
// (toma de terreno)"), or none.
std::vector<size_t> gloss_after(std::string_view text, const std::vector<text::Token>& tokens,
                                size_t last);

// Where the term's words occur as they are, singular or plural, in tokens:
// the term left untranslated or glossed on the other side. Stems would
// take "archive" for "archivo".
std::vector<std::pair<size_t, size_t>> same_words(const std::vector<text::Token>& tokens,
                                                  const std::vector<std::string>& folded);

}  // namespace alinea::tm::terms
