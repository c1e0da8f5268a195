// Comparison keys under which the inflected forms of a short term meet:
// singular and plural, masculine and feminine, with or without accents,
// apostrophes and a leading article. Private to align/glossary.
//
//   TermMatcher m;
//   m.key("Cordones Industriales", Language::Spanish)
//       == m.key("cordón industrial", Language::Spanish)
//   m.key("tomas de terreno", Language::Spanish) == m.key("toma de terreno", Language::Spanish)
//   m.key("workers' councils", Language::English) == m.key("workers councils", Language::English)
//
// Not thread-safe (the stemmers keep work buffers); make one per thread.
#pragma once

#include <string>
#include <string_view>

#include "align/language.h"
#include "align/lexicon/stemmer.h"

namespace alinea::align {

class TermMatcher {
 public:
  TermMatcher();

  // Folded words of `term` (valid UTF-8), content words stemmed in
  // `language`, function words kept as they are, joined by spaces.
  std::string key(std::string_view term, Language language) const;

 private:
  Stemmer es_;
  Stemmer en_;
};

}  // namespace alinea::align
