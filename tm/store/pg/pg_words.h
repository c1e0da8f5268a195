// A text's words as a PostgreSQL tsvector, made here rather than by the
// server: the same tokens and folding as SQLite's full-text index and as
// the query parser (text::tokenize), whatever the server's locale, and the
// server spends no time on them while a large import is written.
#pragma once

#include <string>
#include <string_view>

namespace alinea::tm::pg {

// The tsvector input form of text's words: each folded word once, quoted,
// with the positions (1-based, in token order) it holds, e.g.
// 'la':1,4 'tierra':2 'de':3. Words and positions beyond what a tsvector
// can hold are left out (a word of over 2,046 bytes, positions after
// 16,383, a word's positions after its 256th).
std::string tsvector_of(std::string_view text);

}  // namespace alinea::tm::pg
