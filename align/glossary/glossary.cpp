#include "align/glossary/glossary.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <utility>

#include "align/error.h"
#include "align/glossary/gloss_heads.h"
#include "align/glossary/gloss_sides.h"
#include "align/glossary/gloss_words.h"
#include "align/language.h"
#include "align/text.h"

namespace alinea::align {
namespace {

using namespace gloss;

// The document without what is in brackets or italics, i.e. without the
// glossed terms themselves: in a short text they would outvote the prose in
// language detection.
std::string prose_of(const GlossDocument& doc) {
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
  Extractor(const GlossDocument& doc, const std::string& file, const GlossaryOptions& options)
      : doc_(doc),
        text_(doc.text),
        file_(file),
        options_(options),
        heads_(doc.text, doc.italics, options),
        doc_language_(detect_language(prose_of(doc))) {
    // Paragraphs are separated by blank lines; each range excludes them.
    size_t begin = next_non_space(0);
    size_t pos = begin;
    while (pos < text_.size()) {
      if (!is_ascii_space(text_[pos])) {
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
    std::vector<std::pair<size_t, GlossaryEntry>> found;
    auto keep = [&found](std::optional<Found> f) {
      if (f) found.emplace_back(f->head_begin, std::move(f->entry));
    };
    size_t italic = 0;
    for (size_t p = 0; p < text_.size(); ++p) {
      if (p < consumed_) continue;
      char c = text_[p];
      if (c == '(' || c == '[')
        keep(at_bracket(p));
      else if (c == ':')
        keep(at_colon(p));
      else if (size_t n = dash_at(p))
        keep(at_dash(p, n));
      // An italic term followed by its gloss in quotes: *olla común*, "common pot".
      while (italic < doc_.italics.size() && doc_.italics[italic].end <= p) ++italic;
      if (italic < doc_.italics.size() && doc_.italics[italic].end == p + 1)
        keep(at_italic_quote(doc_.italics[italic]));
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<GlossaryEntry> out;
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
  }

 private:
  struct Found {
    size_t head_begin = 0;
    GlossaryEntry entry;
  };

  // Tries the parenthesis (or bracket) opening at `open`.
  std::optional<Found> at_bracket(size_t open) {
    // "word(s)", "f(x)" and "[text](url)" have no space before the bracket.
    if (open == 0 || !is_ascii_space(text_[open - 1])) return std::nullopt;
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
    return gloss_pair(open, {open + 1, close}, close + 1, true);
  }

  // Length in bytes of a dash that sets off a gloss at `p`: a spaced "--",
  // "–" or "—", or an em dash between words ("pobladores—shantytown"). 0 if none.
  size_t dash_at(size_t p) const {
    auto spaced = [&](size_t n) {
      return p > 0 && is_ascii_space(text_[p - 1]) && p + n < text_.size() &&
             is_ascii_space(text_[p + n]);
    };
    std::string_view rest = text_.substr(p);
    if (rest.starts_with("--") && !rest.starts_with("---") && spaced(2)) return 2;
    if (rest.starts_with("—")) return 3;
    if (rest.starts_with("–") && spaced(3)) return 3;
    return 0;
  }

  // "the pobladores -- shantytown dwellers -- built": the gloss runs to the
  // matching dash, or to the end of the clause when there is none.
  std::optional<Found> at_dash(size_t open, size_t n) {
    std::string_view dash = text_.substr(open, n);
    size_t begin = open + n;
    size_t limit = std::min(text_.size(), begin + 160);
    size_t end = begin;
    size_t after = 0;
    for (; end < limit; ++end) {
      char c = text_[end];
      if (text_.substr(end).starts_with(dash)) {
        after = end + n;
        break;
      }
      if (c == '(' || c == ')' || c == '[' || c == ']' || c == '"') return std::nullopt;
      if (c == '.' || c == ',' || c == ';' || c == '!' || c == '?') {
        after = end;
        break;
      }
      if (c == '\n' && has_blank_line(text_.substr(end, next_non_space(end) - end))) {
        after = end;
        break;
      }
    }
    if (after == 0) return std::nullopt;
    std::optional<Found> f = gloss_pair(open, {begin, end}, end, false);
    if (f && after > end) consumed_ = after;  // the closing dash opens nothing
    return f;
  }

  // "cordones industriales: industrial belts that ran the plants": the
  // gloss after the colon is walked like a term, up to punctuation or a
  // word that cannot be inside one ("that").
  std::optional<Found> at_colon(size_t colon) {
    if (colon + 1 >= text_.size() || !is_ascii_space(text_[colon + 1])) return std::nullopt;
    size_t begin = next_non_space(colon + 1);
    if (has_blank_line(text_.substr(colon + 1, begin - colon - 1))) return std::nullopt;
    // A quoted or italic gloss is taken whole.
    for (const Span& r : doc_.italics)
      if (r.begin == begin) return gloss_pair(colon, r, r.end, false);
    size_t end = begin;
    size_t content = 0;
    std::vector<Token> toks;
    for (size_t pos = begin; pos < text_.size() && toks.size() <= options_.max_term_words;) {
      size_t tok_end = pos;
      while (tok_end < text_.size() && !is_ascii_space(text_[tok_end])) ++tok_end;
      Token t = make_token(text_, pos, tok_end);
      if (t.word.empty() || has_digit(t.word)) break;
      if (is_outside_word(t.word)) break;
      if (is_boundary_word(t.word) && !(content > 0 && connector_inside(t.word))) break;
      if (t.punct_before && !toks.empty()) break;
      toks.push_back(t);
      content += is_boundary_word(t.word) ? 0 : 1;
      end = t.word_end;
      if (t.punct_after) break;
      size_t next = next_non_space(tok_end);
      if (has_blank_line(text_.substr(tok_end, next - tok_end))) break;
      pos = next;
    }
    while (!toks.empty() && is_boundary_word(toks.back().word)) {
      toks.pop_back();
      end = toks.empty() ? begin : toks.back().word_end;
    }
    if (toks.empty() || toks.size() > options_.max_term_words) return std::nullopt;
    return gloss_pair(colon, {begin, end}, end, false);
  }

  // *olla común*, "common pot": an italic term, an optional comma, and a
  // quotation right after it.
  std::optional<Found> at_italic_quote(const Span& term) {
    size_t p = term.end;
    if (p < text_.size() && text_[p] == ',') ++p;
    p = next_non_space(p);
    if (p - term.end > 3) return std::nullopt;
    static constexpr std::pair<std::string_view, std::string_view> kQuotes[] = {
        {"“", "”"}, {"«", "»"}, {"\"", "\""}, {"‘", "’"}};
    for (auto [open_q, close_q] : kQuotes) {
      if (!text_.substr(p).starts_with(open_q)) continue;
      size_t inner_begin = p + open_q.size();
      size_t close = text_.substr(inner_begin, 120).find(close_q);
      if (close == std::string_view::npos) return std::nullopt;
      size_t inner_end = inner_begin + close;
      return judge(term, true, text_.substr(inner_begin, inner_end - inner_begin),
                   inner_end + close_q.size(), true);
    }
    return std::nullopt;
  }

  // The gloss inner = text_[inner) after a head that ends before `opener`
  // (spaces between them skipped).
  std::optional<Found> gloss_pair(size_t opener, Span inner_range, size_t end, bool bracketed) {
    std::string_view inner =
        unquote(trim_space(text_.substr(inner_range.begin, inner_range.end - inner_range.begin)));
    if (!acceptable_inner(inner, options_)) return std::nullopt;
    size_t m = content_words(inner);
    std::optional<bool> inner_proper = is_proper(inner, false);

    size_t left_end = opener;
    while (left_end > 0 && is_ascii_space(text_[left_end - 1])) --left_end;
    if (has_blank_line(text_.substr(left_end, opener - left_end))) return std::nullopt;
    if (std::optional<Span> left = heads_.delimited_term(left_end))
      return judge(*left, true, inner, end, bracketed);
    // The walk's guess first, then shorter heads: "militant pobladores
    // (shantytown dwellers)" fails as a Spanish term, "pobladores" does not.
    for (const Span& left : heads_.walked_terms(left_end, m, inner, inner_proper.value_or(false)))
      if (std::optional<Found> f = judge(left, false, inner, end, bracketed)) return f;
    return std::nullopt;
  }

  // Whether `left` and `inner` are a term and its translation; the entry if so.
  // `delimited`: the writer marked the head off (italics, quotes).
  // `bracketed`: the gloss is in brackets or quotes rather than after a
  // dash or colon, which in running prose introduce explanations as often.
  std::optional<Found> judge(Span left_range, bool delimited, std::string_view inner, size_t end,
                             bool bracketed) {
    inner = unquote(trim_space(inner));
    if (!acceptable_inner(inner, options_)) return std::nullopt;
    std::optional<bool> inner_proper = is_proper(inner, false);
    const Span* left = &left_range;
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
    if (auto [upper, lower] = letter_cases(left_text); upper + lower < 3) return std::nullopt;
    if (fold(left_text) == fold(inner)) return std::nullopt;

    // A name glossed by a common noun (or the reverse) is an explanation,
    // not a translation: "the Alameda (the main avenue)".
    bool sentence_start = heads_.starts_sentence(left->begin);
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
    if (!words_fit(es, Language::Spanish, options_) || !words_fit(en, Language::English, options_))
      return std::nullopt;
    // The term outside the parenthesis is in the language of the document
    // unless the writer marked it off (italics, quotes) as foreign: English
    // prose glosses "land takeovers (tomas de terreno)" or "*tomas de
    // terreno* (land takeovers)". This keeps "vector graphics editor (draw)"
    // out even when a lexicon knows "editor" only as Spanish.
    // Only a Spanish term with clear Spanish spelling may stand unmarked in
    // English prose, glossed in brackets or after a dash or colon: "the
    // cordones industriales (industrial belts)". Writers of Spanish prose
    // mark English terms off ("los «land takeovers»"), so the reverse stays out.
    if (doc_language_ && !delimited && inner_is_es != (*doc_language_ == Language::English)) {
      constexpr double kClearSpanish = 1.5, kClearEnglish = -1.0;
      bool spanish_head_in_english = *doc_language_ == Language::English && !inner_is_es;
      if (!spanish_head_in_english || s_left < kClearSpanish || s_inner > kClearEnglish)
        return std::nullopt;
    }
    // Dashes and colons introduce explanations in the same language far
    // more often than brackets do: an unmarked head there needs twice the
    // usual margin.
    if (!bracketed && !delimited && s_es - s_en < 2 * options_.min_margin) return std::nullopt;

    GlossaryEntry e;
    std::string left_out(left_text);
    if (sentence_start && !inner_proper.value_or(false) &&
        !has_inner_capital(split_words(left_out).front()))
      left_out = lower_first(left_out);
    // A term may wrap across a line break; the glossary keeps one line.
    e.es = collapse_space(drop_article(inner_is_es ? inner : std::string_view(left_out)));
    e.en = collapse_space(drop_article(inner_is_es ? std::string_view(left_out) : inner));
    e.file = file_;
    e.context = context(left->begin, end);
    return Found{left->begin, std::move(e)};
  }

  size_t next_non_space(size_t pos) const {
    while (pos < text_.size() && is_ascii_space(text_[pos])) ++pos;
    return pos;
  }

  std::string context(size_t begin, size_t end) const {
    auto it = std::upper_bound(paragraphs_.begin(), paragraphs_.end(), begin,
                               [](size_t pos, const Span& r) { return pos < r.end; });
    size_t par_begin = it == paragraphs_.end() ? 0 : std::min(it->begin, begin);
    size_t par_end = it == paragraphs_.end() ? text_.size() : std::max(it->end, end);
    size_t from =
        begin > par_begin + options_.context_bytes ? begin - options_.context_bytes : par_begin;
    size_t to = std::min(par_end, end + options_.context_bytes);
    // Cut at spaces, which are always UTF-8 character boundaries.
    if (from > par_begin) {
      while (from < begin && !is_ascii_space(text_[from - 1])) ++from;
    }
    if (to < par_end) {
      while (to > end && !is_ascii_space(text_[to])) --to;
    }
    std::string out = collapse_space(text_.substr(from, to - from));
    if (from > par_begin) out = "…" + out;
    if (to < par_end) out += "…";
    return out;
  }

  const GlossDocument& doc_;
  std::string_view text_;
  const std::string& file_;
  const GlossaryOptions& options_;
  std::vector<Span> paragraphs_;
  HeadFinder heads_;
  size_t consumed_ = 0;                   // positions before this belong to a gloss already taken
  std::optional<Language> doc_language_;  // nullopt for short or mixed text
};

}  // namespace

std::vector<GlossaryEntry> extract_glossary(std::string_view text, const std::string& file_name) {
  return extract_glossary(text, file_name, GlossaryOptions{});
}

std::vector<GlossaryEntry> extract_glossary(std::string_view text, const std::string& file_name,
                                            const GlossaryOptions& options) {
  MarkupFormat format = options.format.value_or(guess_markup_format(file_name, text));
  // A .docx or .odt is a zip: its reader checks the text inside.
  const bool package = format == MarkupFormat::Docx || format == MarkupFormat::Odt ||
                       format == MarkupFormat::Epub || format == MarkupFormat::Pdf;
  if (size_t bad = find_invalid_utf8(text); !package && bad != std::string_view::npos)
    throw InputError(file_name, "not valid UTF-8", InputPosition{std::nullopt, std::nullopt, bad});
  GlossDocument doc = read_gloss_document(text, format, file_name);
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
