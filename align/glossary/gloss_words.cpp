#include "align/glossary/gloss_words.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "align/glossary/term_language.h"
#include "align/text.h"

namespace alinea::align::gloss {
namespace {

// Punctuation that may cling to a word. The straight apostrophe is left out:
// in "workers'" it is part of the word.
// Opening and closing quotes appear on both lists: sloppy texts close
// «quotes« and ”open” them the wrong way round.
constexpr std::string_view kLeadingPunct[] = {"(", "[", "{", "\"", "'", "¿", "¡", "«", "“",
                                              "‘", "*", "_", "—",  "–", "-", "<", "/", "#",
                                              "„", "‹", "·", "•",  "»", "”", "’"};
constexpr std::string_view kTrailingPunct[] = {".", ",",  ";", ":", "!", "?", ")", "]",
                                               "}", "\"", "»", "”", "’", "…", "*", "_",
                                               "—", "–",  "›", "«", "“", "‘"};

}  // namespace

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// True when whitespace text[from, to) holds a blank line (a paragraph break).
bool has_blank_line(std::string_view ws) {
  size_t first = ws.find('\n');
  if (first == std::string_view::npos) return false;
  return ws.find('\n', first + 1) != std::string_view::npos;
}

Token make_token(std::string_view text, size_t begin, size_t end) {
  Token t{begin, end, begin, end, {}, false, false};
  bool changed = true;
  while (changed && t.word_begin < t.word_end) {
    changed = false;
    for (std::string_view p : kLeadingPunct) {
      if (text.substr(t.word_begin, t.word_end - t.word_begin).starts_with(p)) {
        t.word_begin += p.size();
        t.punct_before = changed = true;
        break;
      }
    }
  }
  changed = true;
  while (changed && t.word_begin < t.word_end) {
    changed = false;
    for (std::string_view p : kTrailingPunct) {
      if (text.substr(t.word_begin, t.word_end - t.word_begin).ends_with(p)) {
        t.word_end -= p.size();
        t.punct_after = changed = true;
        break;
      }
    }
  }
  t.word = lower_latin(text.substr(t.word_begin, t.word_end - t.word_begin));
  return t;
}

// Tokens before `end`, nearest first, within the paragraph; at most `limit`.
std::vector<Token> tokens_before(std::string_view text, size_t end, size_t limit) {
  std::vector<Token> out;
  size_t pos = end;
  while (out.size() < limit && pos > 0) {
    size_t ws_end = pos;
    while (pos > 0 && is_ascii_space(text[pos - 1])) --pos;
    if (has_blank_line(text.substr(pos, ws_end - pos)) || pos == 0) break;
    size_t tok_end = pos;
    while (pos > 0 && !is_ascii_space(text[pos - 1])) --pos;
    out.push_back(make_token(text, pos, tok_end));
  }
  return out;
}

// Words that bound a term: function words of either language and the
// commonest verbs, which otherwise get pulled into the English term
// ("we formed housing committees").
bool is_boundary_word(std::string_view w) {
  static const std::unordered_set<std::string_view> kVerbs = {
      "a", "have", "has", "had", "i", "he", "him", "them", "us", "me", "also", "were", "was", "is",
      "are", "be", "been", "being", "yo", "él", "nos", "ni", "sí", "también", "do", "does", "did",
      "get", "got", "make", "made", "take", "took", "go", "went", "come", "came", "give", "gave",
      "call", "called", "set", "hold", "held", "form", "formed", "join", "joined", "become",
      "became", "say", "said", "so-called", "tiene", "tienen", "tenía", "tenían", "había", "habían",
      "hizo", "hacer", "hicieron", "ser", "estar", "está", "están", "estaba", "estaban", "llamado",
      "llamada", "llamados", "llamadas", "dice", "dijo", "formaron", "llamó",
      // Quantifiers and similar determiners also open a noun phrase.
      "many", "much", "more", "most", "several", "few", "every", "each", "such", "own", "no",
      "both", "another", "whose", "there", "here", "muchos", "muchas", "varios", "varias", "cada",
      "algunos", "algunas", "ciertos", "ciertas", "ambos", "cuyo", "cuya"};
  return is_function_word(w) || kVerbs.count(w) > 0;
}

bool is_outside_word(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      // Verbs, mostly irregular pasts that the -ed test misses, and particles.
      "ran", "run", "runs", "built", "build", "builds", "led", "leads", "won", "lost", "saw", "see",
      "sees", "began", "begin", "grew", "grow", "grows", "took", "met", "meet", "meets", "kept",
      "keep", "left", "leave", "brought", "bring", "fought", "fight", "sought", "seek", "fed",
      "feed", "bought", "buy", "sent", "send", "spent", "spend", "found", "find", "knew", "know",
      "thought", "think", "told", "tell", "wrote", "write", "spoke", "speak", "stood", "put",
      "sang", "sing", "chose", "choose", "known", "seen", "taken", "given", "begun", "grown",
      "written", "chosen", "organise", "organize", "organises", "organizes", "start", "starts",
      "help", "helps", "want", "wants", "use", "uses", "create", "creates", "up", "out", "down",
      "off", "away", "into",
      // Descriptive adjectives that qualify a term without being part of it.
      "young", "old", "new", "poor", "rich", "big", "small", "large", "little", "good", "bad",
      "great", "whole", "first", "last", "next", "early", "late", "real", "true", "main",
      "militant", "radical", "famous", "former", "various", "entire", "chilean", "local", "huge",
      "tiny", "brave", "proud", "angry", "hungry", "desperate", "countless"};
  // Nouns in -ly and -ed that are often part of terms.
  static const std::unordered_set<std::string_view> kNouns = {
      "family",  "assembly", "supply", "rally", "ally",  "reply", "monopoly",
      "anomaly", "hundred",  "creed",  "speed", "greed", "breed", "seed"};
  if (kWords.count(w)) return true;
  if (kNouns.count(w)) return false;
  return w.size() > 4 && (w.ends_with("ly") || w.ends_with("ed"));
}

bool is_capitalized(std::string_view w) {
  if (w.empty()) return false;
  auto c = static_cast<unsigned char>(w[0]);
  if (c < 0x80) return std::isupper(c) != 0;
  if (c == 0xC3 && w.size() > 1) {
    auto d = static_cast<unsigned char>(w[1]);
    return d >= 0x80 && d <= 0x9E && d != 0x97;
  }
  return false;
}

// Upper- and lower-case letters of a word (ASCII and Latin-1).
std::pair<int, int> letter_cases(std::string_view w) {
  int upper = 0, lower = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    auto c = static_cast<unsigned char>(w[i]);
    if (c < 0x80) {
      upper += std::isupper(c) ? 1 : 0;
      lower += std::islower(c) ? 1 : 0;
    } else if (c == 0xC3 && i + 1 < w.size()) {
      auto d = static_cast<unsigned char>(w[i + 1]);
      (d >= 0xA0 ? lower : upper) += 1;
      ++i;
    }
  }
  return {upper, lower};
}

// "UP", "JAP", "EE. UU.", "CORVI", "gTLD": two or more capitals, and more
// capitals than small letters.
bool is_acronym(std::string_view w) {
  auto [upper, lower] = letter_cases(w);
  return upper >= 2 && upper > lower;
}

// "NetworkManager", "PostScript": a capital after the first letter marks a
// name even at the start of a sentence.
bool has_inner_capital(std::string_view w) {
  return w.size() > 1 && letter_cases(w.substr(1)).first > 0;
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_ascii_space(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !is_ascii_space(s[j])) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// Strips one pair of quotes around the whole of `s`.
std::string_view unquote(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
      {"\"", "\""}, {"“", "”"}, {"«", "»"}, {"‘", "’"}, {"'", "'"}};
  for (auto [open, close] : kPairs) {
    if (s.size() > open.size() + close.size() && s.starts_with(open) && s.ends_with(close))
      return trim_space(s.substr(open.size(), s.size() - open.size() - close.size()));
  }
  // Mismatched quotes ("«Linux Wireless Extensions«") are dropped one by one.
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view q : {"\"", "“", "”", "«", "»", "‘", "’"}) {
      if (s.size() > q.size() && s.starts_with(q)) {
        s = trim_space(s.substr(q.size()));
        changed = true;
      }
      if (s.size() > q.size() && s.ends_with(q)) {
        s = trim_space(s.substr(0, s.size() - q.size()));
        changed = true;
      }
    }
  }
  return s;
}

std::string_view trim_punct(std::string_view s) {
  s = trim_space(s);
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    for (std::string_view p : {",", ";", ":", ".", "!", "?"})
      if (s.ends_with(p)) {
        s.remove_suffix(p.size());
        s = trim_space(s);
        changed = true;
      }
  }
  return s;
}

// Words that open an aside rather than a translation: "(see below)",
// "(lit. the added ones)", "(véase más abajo)", "(or camps)".
bool is_aside_opener(std::string_view w) {
  static const std::unordered_set<std::string_view> kOpeners = {
      "see",          "cf",        "e.g",   "i.e",    "eg",    "ie",   "also",   "or",
      "formerly",     "literally", "lit",   "sic",    "ibid",  "idem", "op",     "now",
      "today",        "then",      "later", "above",  "below", "aka",  "plural", "singular",
      "pl",           "sing",      "note",  "trans",  "viz",   "etc",  "véase",  "ver",
      "vid",          "o",         "u",     "sea",    "antes", "hoy",  "ahora",  "actualmente",
      "literalmente", "nota",      "más",   "arriba", "abajo", "etc",  "i",      "via",
      "vía"};
  return kOpeners.count(w) > 0;
}

// Words that make a parenthesis talk about language instead of translating.
bool is_metalanguage(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "spanish",   "english",    "español",      "inglés",      "castellano",
      "original",  "translator", "translator's", "translators", "translation",
      "traductor", "traductora", "traducción",   "n.t",         "n.del",
      "t.n",       "tn",         "nt",           "sic"};
  return kWords.count(w) > 0;
}

std::vector<std::string> lowered_words(std::string_view s) {
  std::vector<std::string> out;
  for (std::string_view w : split_words(s)) {
    Token t = make_token(w, 0, w.size());
    if (!t.word.empty()) out.push_back(t.word);
  }
  return out;
}

size_t content_words(std::string_view s) {
  size_t n = 0;
  for (const std::string& w : lowered_words(s)) n += is_boundary_word(w) ? 0 : 1;
  return n;
}

// Whether every content word is capitalised (a name such as "Unidad
// Popular"); nullopt when there is nothing to judge by. `skip_first` ignores
// the first word, whose capital may only mark a sentence start.
std::optional<bool> is_proper(std::string_view s, bool skip_first) {
  std::optional<bool> proper;
  bool first = true;
  for (std::string_view raw : split_words(s)) {
    Token t = make_token(raw, 0, raw.size());
    if (t.word.empty()) continue;
    bool skip = first && skip_first && !has_inner_capital(raw);
    first = false;
    if (skip || is_boundary_word(t.word)) continue;
    bool cap = is_capitalized(raw.substr(t.word_begin - t.begin));
    proper = proper.value_or(true) && cap;
  }
  return proper;
}

// Drops one leading article: glossaries list "asamblea vecinal", not
// "la asamblea vecinal", so that a checker can match either form.
std::string drop_article(std::string_view s) {
  static const std::unordered_set<std::string_view> kArticles = {
      "el", "la", "los", "las", "un", "una", "unos", "unas", "lo", "the", "a", "an"};
  std::vector<std::string_view> words = split_words(s);
  if (words.size() >= 2 && kArticles.count(lower_latin(words[0]))) {
    return std::string(trim_space(s.substr(words[1].data() - s.data())));
  }
  return std::string(s);
}

std::string lower_first(std::string_view s) {
  std::string out(s);
  if (!out.empty() && static_cast<unsigned char>(out[0]) < 0x80) {
    out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  } else if (out.size() > 1 && static_cast<unsigned char>(out[0]) == 0xC3 && is_capitalized(out)) {
    out[1] = static_cast<char>(out[1] + 0x20);
  }
  return out;
}

}  // namespace alinea::align::gloss
