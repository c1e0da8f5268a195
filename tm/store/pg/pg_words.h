// A text's words as a PostgreSQL tsvector, made here rather than by the
// server: the same tokens and folding as SQLite's full-text index and as
// the query parser (text::tokenize), whatever the server's locale, and the
// server spends no time on them while a large import is written.
#pragma once

#include <string>
#include <string_view>

namespace alinea::tm::pg {

enum class TextSide { source, target };

// The units' columns holding each side's words (NOT NULL), which the
// word indexes units_src_words and units_tgt_words cover. Every statement
// that writes a unit's texts writes them too: kWordsColumns at the end of
// its column list, UnitWords' values in that order.
inline constexpr std::string_view kWordsColumns = "src_words, tgt_words";
constexpr std::string_view words_column(TextSide side) {
  return side == TextSide::source ? "src_words" : "tgt_words";
}
constexpr bool is_words_column(std::string_view column) {
  return column == words_column(TextSide::source) || column == words_column(TextSide::target);
}

// The tsvector input form of text's words: each folded word once, quoted,
// with the positions (1-based, in token order) it holds, e.g.
// 'la':1,4 'tierra':2 'de':3. Words and positions beyond what a tsvector
// can hold are left out (a word of over 2,046 bytes, positions after
// 16,383, a word's positions after its 256th).
std::string tsvector_of(std::string_view text);

// A unit's values for kWordsColumns.
struct UnitWords {
  std::string source, target;
};
inline UnitWords unit_words(std::string_view source_text, std::string_view target_text) {
  return {tsvector_of(source_text), tsvector_of(target_text)};
}

}  // namespace alinea::tm::pg
