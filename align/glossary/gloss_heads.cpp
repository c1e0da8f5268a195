#include "align/glossary/gloss_heads.h"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "align/text.h"

namespace alinea::align::gloss {
namespace {

// Whether the walk may pass the function word toks[k] on its way to more
// content words: connectors inside a term ("toma de terreno", "bread and
// roses", "derecho a la vivienda") yes; a Spanish article only after a
// connector ("toma de la fábrica"); English articles, pronouns and verbs
// never ("one of the detained-disappeared (detenidos desaparecidos)" stops
// at "the").
bool crossable(const std::vector<Token>& toks, size_t k) {
  static const std::unordered_set<std::string_view> kConnectors = {
      "de",    "del",   "y",  "e",   "en",  "para", "por", "con", "sin",
      "sobre", "entre", "of", "and", "for", "to",   "in",  "on",  "with"};
  static const std::unordered_set<std::string_view> kSpanishArticles = {"el", "la", "los", "las"};
  const std::string& w = toks[k].word;
  if (kSpanishArticles.count(w))
    return k + 1 < toks.size() && (kConnectors.count(toks[k + 1].word) || toks[k + 1].word == "a");
  // "a" links only in "a la", "a los": otherwise it is the English article.
  if (w == "a") return k > 0 && kSpanishArticles.count(toks[k - 1].word);
  return kConnectors.count(w) > 0;
}

}  // namespace

bool connector_inside(std::string_view w) {
  static const std::unordered_set<std::string_view> kInside = {
      "de", "del", "y",   "e",  "en",  "para", "por", "con", "sin", "a",   "la",
      "el", "los", "las", "of", "and", "for",  "to",  "in",  "on",  "with"};
  return kInside.count(w) > 0;
}

std::optional<Span> HeadFinder::delimited_term(size_t end) const {
  for (const Span& r : italics_) {
    if (r.end == end) {
      std::string_view t = trim_space(text_.substr(r.begin, r.end - r.begin));
      if (!t.empty() && split_words(t).size() <= options_.max_term_words)
        return Span{r.begin, r.end};
    }
  }
  static constexpr std::pair<std::string_view, std::string_view> kQuotes[] = {
      {"“", "”"}, {"«", "»"}, {"\"", "\""}};
  for (auto [open_q, close_q] : kQuotes) {
    if (!text_.substr(0, end).ends_with(close_q)) continue;
    size_t inner_end = end - close_q.size();
    size_t from = inner_end > 120 ? inner_end - 120 : 0;
    size_t q = text_.substr(from, inner_end - from).rfind(open_q);
    if (q == std::string_view::npos) return std::nullopt;
    size_t inner_begin = from + q + open_q.size();
    std::string_view t = text_.substr(inner_begin, inner_end - inner_begin);
    if (trim_space(t).empty() || has_blank_line(t) ||
        split_words(t).size() > options_.max_term_words)
      return std::nullopt;
    return Span{inner_begin, inner_end};
  }
  return std::nullopt;
}

std::vector<Span> HeadFinder::walked_terms(size_t end, size_t m, std::string_view inner,
                                           bool inner_proper) const {
  std::vector<Token> toks = tokens_before(text_, end, options_.max_term_words + 3);
  if (toks.empty() || m == 0) return {};
  if (toks.front().punct_after) return {};  // "Santiago, (1970)"
  std::vector<const Token*> taken;
  size_t content = 0;
  bool stopped = false;
  size_t k = 0;
  for (; k < toks.size() && content < m; ++k) {
    const Token& t = toks[k];
    if ((k > 0 && t.punct_after) || t.word.empty() || has_digit(t.word)) {
      stopped = true;
      break;
    }
    if (is_boundary_word(t.word) && !crossable(toks, k)) {
      stopped = true;
      break;
    }
    taken.push_back(&t);
    if (!is_boundary_word(t.word)) ++content;
    if (t.punct_before) {
      stopped = true;
      ++k;
      break;
    }
  }
  // Verbs, adverbs and common adjectives bound a term as function words
  // do: "young shantytown organizers (pobladores)", "set up land takeovers".
  auto bounded_at = [&](size_t i) {
    return i >= toks.size() || toks[i].punct_after || toks[i].word.empty() ||
           has_digit(toks[i].word) || is_boundary_word(toks[i].word) ||
           is_outside_word(toks[i].word);
  };
  // A one-word gloss of a Spanish "N de N" compound ("intérprete de
  // órdenes (shell)") takes the whole compound.
  if (!stopped && content == 1 && m == 1 && k + 1 < toks.size() &&
      (toks[k].word == "de" || toks[k].word == "del") && !toks[k].punct_after &&
      !toks[k + 1].punct_after && !toks[k + 1].word.empty() && !has_digit(toks[k + 1].word) &&
      !is_boundary_word(toks[k + 1].word) && bounded_at(k + 2) &&
      taken.size() + 2 <= options_.max_term_words) {
    taken.push_back(&toks[k]);
    taken.push_back(&toks[k + 1]);
    stopped = true;
  }
  if (!stopped && content == m && k < toks.size() && taken.size() < options_.max_term_words) {
    const Token& x = toks[k];
    bool bounded_left = bounded_at(k + 1);
    std::string_view raw = text_.substr(x.word_begin, x.word_end - x.word_begin);
    bool candidate = !x.punct_after && !x.word.empty() && !has_digit(x.word) &&
                     !is_boundary_word(x.word) && !is_outside_word(x.word) &&
                     (starts_sentence(x.word_begin) || is_capitalized(raw) == inner_proper);
    // A lexicon that translates the word into one of the gloss's words
    // settles it: "militant land (terreno) takeovers".
    if (candidate && (bounded_left || translates_into(x.word, inner))) taken.push_back(&x);
  }
  while (!taken.empty() && is_boundary_word(taken.back()->word)) taken.pop_back();
  while (!taken.empty() && is_boundary_word(taken.front()->word)) taken.erase(taken.begin());
  if (taken.empty()) return {};
  Span guess{taken.back()->word_begin, taken.front()->word_end};
  std::vector<Span> out;
  // Heads the lexicon gives as the gloss's translation, longest first.
  for (size_t j = std::min(toks.size(), options_.max_term_words); j > 0; --j) {
    bool clean = true;
    for (size_t i = 0; i < j && clean; ++i)
      clean = !toks[i].word.empty() && !has_digit(toks[i].word) &&
              (i == 0 || !toks[i].punct_after) && (i + 1 == j || !toks[i].punct_before);
    if (!clean) continue;
    Span r{toks[j - 1].word_begin, toks[0].word_end};
    if (r != guess && is_translation(text_.substr(r.begin, r.end - r.begin), inner))
      out.push_back(r);
  }
  out.push_back(guess);
  // A shorter head starts at a small letter unless the gloss is a name:
  // "cubic Bézier curves (good choice format)" must not become "Bézier curves".
  for (size_t i = taken.size(); i-- > 1;) {
    if (is_boundary_word(taken[i]->word)) continue;
    size_t j = i;
    while (j > 0 && is_boundary_word(taken[j - 1]->word)) --j;
    if (j == 0) break;
    const Token& first = *taken[j - 1];
    if (is_capitalized(text_.substr(first.word_begin)) != inner_proper) continue;
    out.push_back({first.word_begin, taken.front()->word_end});
  }
  return out;
}

bool HeadFinder::translates_into(std::string_view word, std::string_view gloss) const {
  if (!options_.translations) return false;
  for (Language from : {Language::English, Language::Spanish}) {
    Language to = from == Language::English ? Language::Spanish : Language::English;
    std::vector<std::string> gloss_keys;
    for (const std::string& w : lowered_words(gloss))
      if (!is_boundary_word(w)) gloss_keys.push_back(matcher_.key(w, to));
    for (const std::string& t : options_.translations(word, from)) {
      if (split_words(t).size() != 1) continue;
      if (std::find(gloss_keys.begin(), gloss_keys.end(), matcher_.key(t, to)) != gloss_keys.end())
        return true;
    }
  }
  return false;
}

bool HeadFinder::is_translation(std::string_view head, std::string_view gloss) const {
  if (!options_.translations) return false;
  for (Language from : {Language::English, Language::Spanish}) {
    Language to = from == Language::English ? Language::Spanish : Language::English;
    std::string gloss_key = matcher_.key(gloss, to), head_key = matcher_.key(head, from);
    for (const std::string& t : options_.translations(head, from))
      if (matcher_.key(t, to) == gloss_key) return true;
    for (const std::string& t : options_.translations(gloss, to))
      if (matcher_.key(t, from) == head_key) return true;
  }
  return false;
}

bool HeadFinder::starts_sentence(size_t pos) const {
  size_t k = pos;
  while (k > 0 && is_ascii_space(text_[k - 1])) --k;
  if (k == 0 || has_blank_line(text_.substr(k, pos - k))) return true;
  // Skip opening punctuation of the word itself.
  char c = text_[k - 1];
  return std::string_view(".!?:#*->").find(c) != std::string_view::npos;
}

}  // namespace alinea::align::gloss
