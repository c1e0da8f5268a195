#include "align/glossary/gloss_sides.h"

#include <vector>

#include "align/glossary/gloss_words.h"
#include "align/text.h"

namespace alinea::align::gloss {

double mirrored_order(std::string_view left, std::string_view inner) {
  auto content = [](std::string_view s) {
    std::vector<std::string> out;
    for (std::string& w : lowered_words(s))
      if (!is_boundary_word(w)) out.push_back(fold(w));
    return out;
  };
  std::vector<std::string> l = content(left), r = content(inner);
  if (l.size() < 2 || r.size() < 2) return 0.0;
  auto cognate = [](const std::string& a, const std::string& b) {
    size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    return a == b || n >= 5;
  };
  bool left_spanish = cognate(l.back(), r.front());
  bool inner_spanish = cognate(l.front(), r.back());
  if (left_spanish == inner_spanish) return 0.0;
  constexpr double kOrderEvidence = 1.5;
  return left_spanish ? kOrderEvidence : -kOrderEvidence;
}

std::string without_names(std::string_view term, std::optional<bool> proper) {
  if (proper.value_or(true)) return std::string(term);
  std::string out;
  bool first = true;
  for (std::string_view raw : split_words(term)) {
    bool name = !first && is_capitalized(raw.substr(make_token(raw, 0, raw.size()).word_begin));
    first = false;
    if (name) continue;
    if (!out.empty()) out += ' ';
    out += raw;
  }
  return out;
}

bool words_fit(std::string_view side, Language language, const GlossaryOptions& options) {
  constexpr double kTolerance = 0.75;  // "radio", "agenda" are English too
  bool first = true;
  for (std::string_view raw : split_words(side)) {
    Token t = make_token(raw, 0, raw.size());
    bool name = !first && is_capitalized(raw.substr(t.word_begin));
    first = false;
    if (t.word.empty() || name) continue;
    double s = spanish_word_evidence(t.word);
    if (options.word_language) {
      if (std::optional<Language> l = options.word_language(t.word))
        s += *l == Language::Spanish ? 2.0 : -2.0;
    }
    if (language == Language::Spanish ? s < -kTolerance : s > kTolerance) return false;
  }
  return true;
}

bool acceptable_inner(std::string_view inner, const GlossaryOptions& options) {
  if (inner.empty() || has_digit(inner)) return false;
  // A letter or two ("w", "x") or a command option ("-l") is not a term.
  if (letter_cases(inner).first + letter_cases(inner).second < 3) return false;
  // Sentence punctuation means an aside or a list, not a term; so do
  // symbols of links, maths and citations.
  for (char c : inner)
    if (std::string_view(",;:.!?=/\\@#%&+<>|~^{}").find(c) != std::string_view::npos) return false;
  std::vector<std::string_view> words = split_words(inner);
  if (words.size() > options.max_term_words) return false;
  std::vector<std::string> lowered = lowered_words(inner);
  if (lowered.empty() || is_aside_opener(lowered.front())) return false;
  for (std::string_view w : words)
    if (is_acronym(w) || w.starts_with("-")) return false;
  for (const std::string& w : lowered)
    if (is_metalanguage(w)) return false;
  return content_words(inner) > 0;
}

}  // namespace alinea::align::gloss
