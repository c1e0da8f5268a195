// Looking a term up in a glossary.
#include <algorithm>

#include "align/glossary/glossary.h"
#include "align/text.h"

namespace alinea::align {

std::vector<std::string> glossary_renderings(const std::vector<GlossaryEntry>& glossary,
                                             std::string_view term, std::string_view term_lang) {
  bool from_en = term_lang == "en";
  std::string key = fold(term);
  std::vector<std::string> out;
  for (const GlossaryEntry& e : glossary) {
    const std::string& side = from_en ? e.en : e.es;
    const std::string& other = from_en ? e.es : e.en;
    if (fold(side) != key) continue;
    if (std::find(out.begin(), out.end(), other) == out.end()) out.push_back(other);
  }
  return out;
}

}  // namespace alinea::align
