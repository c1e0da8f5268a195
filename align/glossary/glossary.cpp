#include "align/glossary/glossary.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <unordered_set>
#include <utility>

#include "align/error.h"
#include "align/glossary/gloss_words.h"
#include "align/language.h"
#include "align/text.h"

namespace alinea::align {
namespace {

using namespace gloss;

// The document without what is in brackets or italics, i.e. without the
// glossed terms themselves: in a short text they would outvote the prose in
// language detection.
std::string prose_of(const MarkedText& doc) {
  std::string out;
  out.reserve(std::min<size_t>(doc.text.size(), 40000));
  auto italic = doc.italics.begin();
  int depth = 0;
  for (size_t i = 0; i < doc.text.size() && out.size() < 20000; ++i) {
    while (italic != doc.italics.end() && italic->end <= i) ++italic;
    char c = doc.text[i];
    if (c == '(' || c == '[') ++depth;
    bool skip = depth > 0 || (italic != doc.italics.end() && italic->begin <= i);
    if (c == ')' || c == ']') depth = std::max(0, depth - 1);
    if (!skip) out += c;
  }
  // Cut back to a character boundary for detect_language.
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  return out;
}

class Extractor {
 public:
  Extractor(const MarkedText& doc, const std::string& file, const GlossaryOptions& options)
      : doc_(doc),
        text_(doc.text),
        file_(file),
        options_(options),
        doc_language_(detect_language(prose_of(doc))) {
    // Paragraphs are separated by blank lines; each range excludes them.
    size_t begin = next_non_space(0);
    size_t pos = begin;
    while (pos < text_.size()) {
      if (!is_space(text_[pos])) {
        ++pos;
        continue;
      }
      size_t k = next_non_space(pos);
      if (k >= text_.size() || has_blank_line(text_.substr(pos, k - pos))) {
        paragraphs_.push_back({begin, pos});
        begin = k;
      }
      pos = k;
    }
    if (begin < text_.size()) paragraphs_.push_back({begin, text_.size()});
  }

  std::vector<GlossaryEntry> run() {
    std::vector<GlossaryEntry> out;
    for (size_t p = 0; p < text_.size(); ++p) {
      if (text_[p] != '(' && text_[p] != '[') continue;
      if (std::optional<GlossaryEntry> e = at(p)) out.push_back(std::move(*e));
    }
    return out;
  }

 private:
  // Tries the parenthesis (or bracket) opening at `open`.
  std::optional<GlossaryEntry> at(size_t open) {
    // "word(s)", "f(x)" and "[text](url)" have no space before the bracket.
    if (open == 0 || !is_space(text_[open - 1])) return std::nullopt;
    char closer = text_[open] == '(' ? ')' : ']';
    size_t close = open + 1;
    while (close < text_.size() && text_[close] != closer) {
      char c = text_[close];
      // Nested or unbalanced brackets, or a gloss running over a paragraph
      // break, are not the short glosses we look for.
      if (c == '(' || c == '[' || c == ')' || c == ']') return std::nullopt;
      if (c == '\n' && has_blank_line(text_.substr(close, next_non_space(close) - close)))
        return std::nullopt;
      if (close - open > 160) return std::nullopt;
      ++close;
    }
    if (close >= text_.size()) return std::nullopt;
    if (closer == ']' && close + 1 < text_.size() && text_[close + 1] == '(') return std::nullopt;

    std::string_view inner = unquote(trim(text_.substr(open + 1, close - open - 1)));
    if (!acceptable_inner(inner)) return std::nullopt;
    size_t m = content_words(inner);
    std::optional<bool> inner_proper = is_proper(inner, false);

    size_t left_end = open;
    while (left_end > 0 && is_space(text_[left_end - 1])) --left_end;
    if (has_blank_line(text_.substr(left_end, open - left_end))) return std::nullopt;
    std::optional<ByteRange> left = delimited_term(left_end);
    bool delimited = left.has_value();
    if (!left) left = walked_term(left_end, m, inner_proper.value_or(false));
    if (!left) return std::nullopt;
    std::string_view left_text = trim_punct(text_.substr(left->begin, left->end - left->begin));
    if (left_text.empty() || split_words(left_text).size() > options_.max_term_words)
      return std::nullopt;
    for (std::string_view w : split_words(left_text)) {
      if (is_acronym(w) || has_digit(w) || w.starts_with("-")) return std::nullopt;
      // "yahoo.com", "etc.": a dot inside the term is not prose.
      size_t dot = w.find('.');
      if (dot != std::string_view::npos && dot + 1 < w.size()) return std::nullopt;
    }
    if (left_text.find_first_of("/\\@#%&+<>|~^{}=$") != std::string_view::npos) return std::nullopt;
    if (content_words(left_text) == 0) return std::nullopt;
    if (fold(left_text) == fold(inner)) return std::nullopt;

    // A name glossed by a common noun (or the reverse) is an explanation,
    // not a translation: "the Alameda (the main avenue)".
    bool sentence_start = starts_sentence(left->begin);
    std::optional<bool> left_proper = is_proper(left_text, sentence_start);
    if (left_proper && inner_proper && *left_proper != *inner_proper) return std::nullopt;
    // One name glossed by another ("China (Taiwan)") is an explanation too;
    // multi-word names ("Popular Unity (Unidad Popular)") are translated.
    // (At a sentence start the left word's capital proves nothing, so a
    // one-word name in the parenthesis is enough: "Catalan (Spain)".)
    if (inner_proper.value_or(false) && left_proper.value_or(sentence_start) &&
        split_words(left_text).size() == 1 && split_words(inner).size() == 1)
      return std::nullopt;

    // Which side is Spanish. Both sides must carry evidence for their own
    // language: a term with none ("optional", "Great Britain") is as likely
    // English as Spanish, and most parentheses in English text are English
    // asides. A lexicon hint supplies evidence for such words.
    const WordLanguageHint& hint = options_.word_language;
    double s_left = spanish_evidence(without_names(left_text, left_proper), hint);
    double s_inner = spanish_evidence(without_names(inner, inner_proper), hint);
    // Word order only tips a balance the spelling already leans to: it must
    // not turn two same-language sides ("source package (upstream
    // source)") into a pair.
    double order = mirrored_order(left_text, inner);
    if ((order > 0 && s_left >= 0 && s_inner <= 0 && (s_left > 0 || s_inner < 0)) ||
        (order < 0 && s_inner >= 0 && s_left <= 0 && (s_inner > 0 || s_left < 0))) {
      s_left += order;
      s_inner -= order;
    }
    bool inner_is_es = s_inner > s_left;
    std::string_view es = inner_is_es ? inner : left_text;
    std::string_view en = inner_is_es ? left_text : inner;
    double s_es = std::max(s_left, s_inner);
    double s_en = std::min(s_left, s_inner);
    constexpr double kMinSide = 0.5;
    if (s_es - s_en < options_.min_margin || s_es < kMinSide || s_en > -kMinSide)
      return std::nullopt;
    // Every content word must fit its side: "de facto standard" has a
    // Spanish-looking "de" but an English "standard".
    if (!words_fit(es, Language::Spanish) || !words_fit(en, Language::English)) return std::nullopt;
    // The term outside the parenthesis is in the language of the document
    // unless the writer marked it off (italics, quotes) as foreign: English
    // prose glosses "land takeovers (tomas de terreno)" or "*tomas de
    // terreno* (land takeovers)". This keeps "vector graphics editor (draw)"
    // out even when a lexicon knows "editor" only as Spanish.
    if (doc_language_ && !delimited && inner_is_es != (*doc_language_ == Language::English))
      return std::nullopt;

    GlossaryEntry e;
    std::string left_out(left_text);
    if (sentence_start && !inner_proper.value_or(false) &&
        !has_inner_capital(split_words(left_out).front()))
      left_out = lower_first(left_out);
    // A term may wrap across a line break; the glossary keeps one line.
    e.es = one_line(drop_article(inner_is_es ? inner : std::string_view(left_out)));
    e.en = one_line(drop_article(inner_is_es ? std::string_view(left_out) : inner));
    e.file = file_;
    e.context = context(left->begin, close + 1);
    return e;
  }

  // Spanish puts most adjectives after the noun, English before: when the
  // last word of one side is the first word of the other (or shares a long
  // prefix with it: "popular", "industrial"), the side ending in it is
  // Spanish. Returns evidence that the left side is Spanish.
  static double mirrored_order(std::string_view left, std::string_view inner) {
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

  // Capitalised words inside a common-noun term are names ("Bézier
  // curves", "navegador de Gnome"); their spelling says nothing about the
  // term's language.
  static std::string without_names(std::string_view term, std::optional<bool> proper) {
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

  // Whether no word of `side` speaks clearly for the other language
  // ("fsck durante el arranque" is not English). Names are skipped.
  bool words_fit(std::string_view side, Language language) const {
    constexpr double kTolerance = 0.75;  // "radio", "agenda" are English too
    bool first = true;
    for (std::string_view raw : split_words(side)) {
      Token t = make_token(raw, 0, raw.size());
      bool name = !first && is_capitalized(raw.substr(t.word_begin));
      first = false;
      if (t.word.empty() || name) continue;
      double s = spanish_word_evidence(t.word);
      if (options_.word_language) {
        if (std::optional<Language> l = options_.word_language(t.word))
          s += *l == Language::Spanish ? 2.0 : -2.0;
      }
      if (language == Language::Spanish ? s < -kTolerance : s > kTolerance) return false;
    }
    return true;
  }

  size_t next_non_space(size_t pos) const {
    while (pos < text_.size() && is_space(text_[pos])) ++pos;
    return pos;
  }

  bool acceptable_inner(std::string_view inner) const {
    if (inner.empty() || has_digit(inner)) return false;
    // A letter or two ("w", "x") or a command option ("-l") is not a term.
    if (letter_cases(inner).first + letter_cases(inner).second < 3) return false;
    // Sentence punctuation means an aside or a list, not a term; so do
    // symbols of links, maths and citations.
    for (char c : inner)
      if (std::string_view(",;:.!?=/\\@#%&+<>|~^{}").find(c) != std::string_view::npos)
        return false;
    std::vector<std::string_view> words = split_words(inner);
    if (words.size() > options_.max_term_words) return false;
    std::vector<std::string> lowered = lowered_words(inner);
    if (lowered.empty() || is_aside_opener(lowered.front())) return false;
    for (std::string_view w : words)
      if (is_acronym(w) || w.starts_with("-")) return false;
    for (const std::string& w : lowered)
      if (is_metalanguage(w)) return false;
    return content_words(inner) > 0;
  }

  // A term marked off by the writer: an italic span or a quotation that ends
  // right before the parenthesis. The writer's own extent beats any guess.
  std::optional<ByteRange> delimited_term(size_t end) const {
    for (const ByteRange& r : doc_.italics) {
      if (r.end == end) {
        std::string_view t = trim(text_.substr(r.begin, r.end - r.begin));
        if (!t.empty() && split_words(t).size() <= options_.max_term_words)
          return ByteRange{r.begin, r.end};
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
      if (trim(t).empty() || has_blank_line(t) || split_words(t).size() > options_.max_term_words)
        return std::nullopt;
      return ByteRange{inner_begin, inner_end};
    }
    return std::nullopt;
  }

  // The extent heuristic for an unmarked term. Function words differ between
  // the languages ("toma de terreno" / "land takeover"), so the walk counts
  // content words, not words: it takes words leftwards until it has as many
  // content words as the parenthesis (function words in between are kept),
  // and never crosses punctuation, a number or a paragraph break. It then
  // takes one more word (the "+1") when that word is a content word that is
  // itself bounded on its left by a function word, punctuation or the start
  // ("the shantytown dwellers (pobladores)"), unless it is a verb form in
  // -ed or its capitalisation differs from the parenthesis ("the
  // Cerrillos-Maipú industrial belt (cordón industrial)" keeps two words).
  // Stopping early at punctuation gives the "-1". Function words left at
  // either edge are dropped.
  std::optional<ByteRange> walked_term(size_t end, size_t m, bool inner_proper) const {
    std::vector<Token> toks = tokens_before(text_, end, options_.max_term_words + 3);
    if (toks.empty() || m == 0) return std::nullopt;
    if (toks.front().punct_after) return std::nullopt;  // "Santiago, (1970)"
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
    auto bounded_at = [&](size_t i) {
      return i >= toks.size() || toks[i].punct_after || toks[i].word.empty() ||
             has_digit(toks[i].word) || is_boundary_word(toks[i].word);
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
      if (!x.punct_after && !x.word.empty() && !has_digit(x.word) && !is_boundary_word(x.word) &&
          !(x.word.ends_with("ed") && x.word.size() > 4) && bounded_left &&
          (starts_sentence(x.word_begin) || is_capitalized(raw) == inner_proper))
        taken.push_back(&x);
    }
    while (!taken.empty() && is_boundary_word(taken.back()->word)) taken.pop_back();
    while (!taken.empty() && is_boundary_word(taken.front()->word)) taken.erase(taken.begin());
    if (taken.empty()) return std::nullopt;
    return ByteRange{taken.back()->word_begin, taken.front()->word_end};
  }

  // Whether the walk may pass the function word toks[k] on its way to more
  // content words: connectors inside a term ("toma de terreno", "bread and
  // roses", "derecho a la vivienda") yes; a Spanish article only after a
  // connector ("toma de la fábrica"); English articles, pronouns and verbs
  // never ("one of the detained-disappeared (detenidos desaparecidos)" stops
  // at "the").
  static bool crossable(const std::vector<Token>& toks, size_t k) {
    static const std::unordered_set<std::string_view> kConnectors = {
        "de",    "del",   "y",  "e",   "en",  "para", "por", "con", "sin",
        "sobre", "entre", "of", "and", "for", "to",   "in",  "on",  "with"};
    static const std::unordered_set<std::string_view> kSpanishArticles = {"el", "la", "los", "las"};
    const std::string& w = toks[k].word;
    if (kSpanishArticles.count(w))
      return k + 1 < toks.size() &&
             (kConnectors.count(toks[k + 1].word) || toks[k + 1].word == "a");
    // "a" links only in "a la", "a los": otherwise it is the English article.
    if (w == "a") return k > 0 && kSpanishArticles.count(toks[k - 1].word);
    return kConnectors.count(w) > 0;
  }

  // Whether the text before `pos` ends a sentence, a label ("A:") or a
  // paragraph, so that a capital at `pos` says nothing about names.
  bool starts_sentence(size_t pos) const {
    size_t k = pos;
    while (k > 0 && is_space(text_[k - 1])) --k;
    if (k == 0 || has_blank_line(text_.substr(k, pos - k))) return true;
    // Skip opening punctuation of the word itself.
    char c = text_[k - 1];
    return std::string_view(".!?:#*->").find(c) != std::string_view::npos;
  }

  std::string context(size_t begin, size_t end) const {
    auto it = std::upper_bound(paragraphs_.begin(), paragraphs_.end(), begin,
                               [](size_t pos, const ByteRange& r) { return pos < r.end; });
    size_t par_begin = it == paragraphs_.end() ? 0 : std::min(it->begin, begin);
    size_t par_end = it == paragraphs_.end() ? text_.size() : std::max(it->end, end);
    size_t from =
        begin > par_begin + options_.context_bytes ? begin - options_.context_bytes : par_begin;
    size_t to = std::min(par_end, end + options_.context_bytes);
    // Cut at spaces, which are always UTF-8 character boundaries.
    if (from > par_begin) {
      while (from < begin && !is_space(text_[from - 1])) ++from;
    }
    if (to < par_end) {
      while (to > end && !is_space(text_[to])) --to;
    }
    std::string out = one_line(text_.substr(from, to - from));
    if (from > par_begin) out = "…" + out;
    if (to < par_end) out += "…";
    return out;
  }

  const MarkedText& doc_;
  std::string_view text_;
  const std::string& file_;
  const GlossaryOptions& options_;
  std::vector<ByteRange> paragraphs_;
  std::optional<Language> doc_language_;  // nullopt for short or mixed text
};

}  // namespace

std::vector<GlossaryEntry> extract_glossary(std::string_view text, const std::string& file_name) {
  return extract_glossary(text, file_name, GlossaryOptions{});
}

std::vector<GlossaryEntry> extract_glossary(std::string_view text, const std::string& file_name,
                                            const GlossaryOptions& options) {
  if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
    throw InputError(file_name, "not valid UTF-8", InputPosition{std::nullopt, std::nullopt, bad});
  MarkupFormat format = options.format.value_or(guess_markup_format(file_name, text));
  MarkedText doc = read_marked_text(text, format);
  std::vector<GlossaryEntry> entries = Extractor(doc, file_name, options).run();
  deduplicate_glossary(entries);
  return entries;
}

std::vector<GlossaryEntry> extract_glossary_file(const std::string& path,
                                                 const GlossaryOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(path, "read error");
  return extract_glossary(buffer.str(), path, options);
}

}  // namespace alinea::align
