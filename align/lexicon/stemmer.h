// Light stemming (Snowball) so inflected forms meet in lexicon lookups.
//
//   Stemmer es(Language::Spanish);
//   es.stem("ocupaciones") == es.stem("ocupacion")        // "ocup"
//   Stemmer en(Language::English);
//   en.stem_phrase("land takeovers") == "land takeov"
//
// Input is a folded key (align::fold: lower case, no accents). A Stemmer is
// not thread-safe (Snowball keeps its work buffer in the object) but is cheap
// to construct, so make one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "align/language.h"

namespace alinea::align {

// Changes whenever stem() gives different output for some word. Lexicon
// files record the version their stem indexes were made with and are
// re-indexed on load when it differs.
inline constexpr uint32_t kStemmerVersion = 2;

class Stemmer {
 public:
  // Throws ResourceError when libstemmer lacks the language's algorithm.
  explicit Stemmer(Language language);
  ~Stemmer();
  Stemmer(Stemmer&&) noexcept;
  Stemmer& operator=(Stemmer&&) noexcept;
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  Language language() const { return language_; }

  // Stem of one folded word. Words of one or two letters, numbers and
  // anything Snowball cannot handle come back unchanged.
  std::string stem(std::string_view folded_word) const;

  // Each space-separated word stemmed, joined by single spaces; the key
  // under which multi-word entries are found "via stem".
  std::string stem_phrase(std::string_view folded_phrase) const;

 private:
  struct Impl;
  Language language_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alinea::align
