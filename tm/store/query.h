// Parsing a user's concordance query into quoted FTS5 terms, and finding
// those terms in a text for highlighting. Private to tm/store.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tm/store/store.h"
#include "tm/store/text.h"

namespace alinea::tm::query {

// A word, or a phrase of several words, with an optional prefix star.
struct Term {
  std::vector<std::string> words;  // folded
  bool prefix = false;
};

// Splits a query into terms. Everything but letters, digits, '"' and a '*'
// ending a word is a separator, so operators, SQL and control characters
// are inert.
std::vector<Term> parse(std::string_view text);

// The whole query read as one phrase: every term's words in order, a prefix
// only when the last term is one. Nothing for one term (it is its own
// phrase) or when a term before the last is a prefix.
std::optional<Term> as_phrase(const std::vector<Term>& terms);

// The FTS5 MATCH expression for terms (ANDed), each quoted; folded words
// hold only letters and digits, so the quotes cannot be escaped.
std::string fts_expression(const std::vector<Term>& terms);

// Byte ranges of the terms' occurrences in text (merged, sorted).
std::vector<ByteRange> highlight(std::string_view text, const std::vector<Term>& terms);
// Same, on tokens already computed from text.
std::vector<ByteRange> highlight(const std::vector<text::Token>& tokens,
                                 const std::vector<Term>& terms);

}  // namespace alinea::tm::query
