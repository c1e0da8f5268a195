// How much of a text the lexicon knows: the share of running word tokens
// (align::word_tokens, numbers left out) with an entry, directly or via stem.
//
//   TokenCoverage c = lexicon_coverage(lex, Language::Spanish, {text1, text2});
//   c.share()   // e.g. 0.87
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "align/language.h"
#include "align/lexicon/lexicon.h"

namespace alinea::align {

struct TokenCoverage {
  size_t tokens = 0;    // running word tokens with at least one letter
  size_t direct = 0;    // folded token is a key
  size_t via_stem = 0;  // not a key, but its stem is a key's stem
  double share() const {
    return tokens == 0 ? 0.0 : static_cast<double>(direct + via_stem) / static_cast<double>(tokens);
  }
  double direct_share() const {
    return tokens == 0 ? 0.0 : static_cast<double>(direct) / static_cast<double>(tokens);
  }
};

// Texts are valid UTF-8 (whole documents or lines).
TokenCoverage lexicon_coverage(const Lexicon& lexicon, Language language,
                               const std::vector<std::string_view>& texts);

}  // namespace alinea::align
