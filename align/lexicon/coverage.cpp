#include "align/lexicon/coverage.h"

#include <unordered_map>

#include "align/lexicon/stemmer.h"
#include "align/text.h"

namespace alinea::align {
namespace {

bool has_letter(std::string_view token) {
  for (unsigned char c : token)
    if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return false;
}

enum class Hit : uint8_t { None, Direct, Stem };

}  // namespace

TokenCoverage lexicon_coverage(const Lexicon& lexicon, Language language,
                               const std::vector<std::string_view>& texts) {
  TokenCoverage c;
  Stemmer stemmer(language);
  // Running text repeats its words; remember each folded form's answer.
  std::unordered_map<std::string, Hit> seen;
  const bool spanish = language == Language::Spanish;
  for (std::string_view text : texts) {
    for (const std::string& token : word_tokens(text)) {
      if (!has_letter(token)) continue;
      ++c.tokens;
      std::string key = fold(token);
      auto it = seen.find(key);
      if (it == seen.end()) {
        Hit hit = Hit::None;
        if (spanish ? lexicon.has_es(key) : lexicon.has_en(key)) {
          hit = Hit::Direct;
        } else {
          std::string stem = stemmer.stem(key);
          if (spanish ? lexicon.has_es_stem(stem) : lexicon.has_en_stem(stem)) hit = Hit::Stem;
        }
        it = seen.emplace(std::move(key), hit).first;
      }
      if (it->second == Hit::Direct)
        ++c.direct;
      else if (it->second == Hit::Stem)
        ++c.via_stem;
    }
  }
  return c;
}

}  // namespace alinea::align
