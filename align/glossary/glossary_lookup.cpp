// Looking a term up in a glossary, inflected forms included.
#include <algorithm>

#include "align/glossary/glossary.h"
#include "align/glossary/term_match.h"
#include "align/text.h"

namespace alinea::align {

std::vector<std::string> glossary_renderings(const std::vector<GlossaryEntry>& glossary,
                                             std::string_view term, std::string_view term_lang) {
  bool from_en = term_lang == "en";
  Language language = from_en ? Language::English : Language::Spanish;
  // Word by word on stems, function words exactly: "cordón industrial"
  // finds "Cordones Industriales", "toma de terreno" finds "tomas de
  // terreno", but "tomas en terreno" finds nothing.
  TermMatcher matcher;
  std::string key = matcher.key(term, language);
  std::vector<std::string> out;
  if (key.empty()) return out;
  for (const GlossaryEntry& e : glossary) {
    const std::string& side = from_en ? e.en : e.es;
    const std::string& other = from_en ? e.es : e.en;
    if (matcher.key(side, language) != key) continue;
    if (std::find(out.begin(), out.end(), other) == out.end()) out.push_back(other);
  }
  return out;
}

}  // namespace alinea::align
