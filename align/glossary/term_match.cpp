#include "align/glossary/term_match.h"

#include <cctype>
#include <unordered_set>
#include <vector>

#include "align/glossary/term_language.h"
#include "align/text.h"

namespace alinea::align {

TermMatcher::TermMatcher() : es_(Language::Spanish), en_(Language::English) {}

std::string TermMatcher::key(std::string_view term, Language language) const {
  static const std::unordered_set<std::string_view> kArticles = {
      "el", "la", "los", "las", "un", "una", "unos", "unas", "the", "a", "an"};
  std::string folded = fold(term);
  // Words are runs of letters and digits: apostrophes ("workers'",
  // "people’s") are dropped and hyphens split, as writers vary on both.
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i <= folded.size(); ++i) {
    char c = i < folded.size() ? folded[i] : ' ';
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      word += c;
    } else if (c == '\'') {
      continue;
    } else if (folded.compare(i, 3, "\xE2\x80\x99") == 0) {  // ’
      i += 2;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (words.size() > 1 && kArticles.count(words.front())) words.erase(words.begin());
  const Stemmer& stemmer = language == Language::Spanish ? es_ : en_;
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += is_function_word(w) ? w : stemmer.stem(w);
  }
  return out;
}

}  // namespace alinea::align
