#include "align/glossary/term_language.h"

#include <cctype>
#include <string>
#include <unordered_set>

namespace alinea::align {
namespace {

// Function words that are frequent in one language and (nearly) absent from
// the other. Words both languages use ("a", "no", "me", "he") are left out:
// they would vote for both sides.
const std::unordered_set<std::string_view>& spanish_function_words() {
  static const std::unordered_set<std::string_view> kWords = {
      "el",      "la",       "los",      "las",  "un",    "una",   "unos",     "unas",
      "de",      "del",      "al",       "y",    "e",     "o",     "u",        "en",
      "que",     "por",      "para",     "con",  "sin",   "su",    "sus",      "lo",
      "se",      "le",       "les",      "mi",   "mis",   "tu",    "tus",      "nuestro",
      "nuestra", "nuestros", "nuestras", "este", "esta",  "estos", "estas",    "ese",
      "esa",     "esos",     "esas",     "es",   "era",   "fue",   "son",      "como",
      "pero",    "ni",       "muy",      "hoy",  "hay",   "desde", "hasta",    "entre",
      "sobre",   "cuando",   "donde",    "ya",   "ellos", "ellas", "nosotros", "usted",
      "ustedes", "otro",     "otra",     "todo", "toda",  "todos", "todas"};
  return kWords;
}

const std::unordered_set<std::string_view>& english_function_words() {
  static const std::unordered_set<std::string_view> kWords = {
      "the",   "an",     "of",   "and",  "to",    "in",    "on",    "at",   "for",  "with",  "by",
      "from",  "or",     "but",  "that", "this",  "these", "those", "is",   "was",  "were",  "are",
      "be",    "been",   "his",  "her",  "their", "our",   "its",   "my",   "your", "we",    "they",
      "she",   "it",     "you",  "as",   "than",  "which", "who",   "whom", "into", "about", "over",
      "after", "before", "what", "when", "where", "not",   "all",   "some", "any",  "other"};
  return kWords;
}

bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }
bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

bool is_word_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u) || c == '\'' || c == '-';
}

}  // namespace

// U+00C0..U+00DE are C3 80..C3 9E; their lower-case forms are +0x20 (except
// the multiplication sign U+00D7).
std::string lower_latin(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c < 0x80) {
      out[i] = static_cast<char>(std::tolower(c));
    } else if (c == 0xC3 && i + 1 < out.size()) {
      auto d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

bool is_function_word(std::string_view word) {
  return spanish_function_words().count(word) > 0 || english_function_words().count(word) > 0;
}

double spanish_word_evidence(std::string_view w) {
  if (w.empty()) return 0.0;
  if (spanish_function_words().count(w)) return 2.0;
  if (english_function_words().count(w)) return -2.0;
  // A lone letter ("a", "y" in a list) carries no ending to judge by.
  if (w.size() < 2) return 0.0;
  double s = 0.0;
  // Orthography: these letters do not occur in native English words.
  if (contains(w, "ñ")) s += 3.0;
  for (std::string_view accented : {"á", "é", "í", "ó", "ú", "ü"})
    if (contains(w, accented)) {
      s += 2.0;
      break;
    }
  // Spanish derivational endings (accent-less spellings of -ción are covered
  // by the accent above in their singular, so only plurals are listed).
  for (std::string_view suffix :
       {"ciones", "siones", "dades", "mente", "miento", "mientos", "ismo", "ismos", "eza", "ezas"})
    if (ends_with(w, suffix)) {
      s += 1.5;
      break;
    }
  if (ends_with(w, "dad") || ends_with(w, "aje") || ends_with(w, "ajes")) s += 1.5;
  // Writers without a Spanish keyboard drop accents: "poblacion",
  // "organizacion" still end in -cion, which English lacks.
  if (ends_with(w, "cion") && !ends_with(w, "picion")) s += 1.5;  // but "suspicion"
  // Plurals of nouns and adjectives in -ón, -ión, -al: "cordones",
  // "reuniones", "industriales", "nacionales".
  for (std::string_view suffix : {"iones", "dones", "iales", "nales"})
    if (ends_with(w, suffix) && w.size() > 6) {
      s += 1.0;
      break;
    }
  // Agent nouns: pobladores, trabajadores, dirigentes.
  // The plurals are as Spanish as the accents: English has no -dores.
  for (std::string_view suffix : {"dores", "doras", "dora", "entes", "antes"})
    if (ends_with(w, suffix)) {
      s += w.size() > 6 && suffix.size() == 5 ? 1.5 : 1.0;
      break;
    }
  for (std::string_view suffix : {"ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"})
    if (ends_with(w, suffix)) {
      s += 1.0;
      break;
    }
  // Most Spanish nouns and adjectives end in -o/-a/-os/-as; English words
  // rarely end in -o or -os.
  // English words in -o are mostly short loans and clippings.
  static const std::unordered_set<std::string_view> kEnglishInO = {
      "info",  "demo",  "logo",   "photo",  "video",  "radio", "auto",      "zero",
      "hello", "also",  "piano",  "memo",   "typo",   "echo",  "veto",      "ego",
      "expo",  "macro", "micro",  "metro",  "studio", "ratio", "portfolio", "scenario",
      "audio", "hero",  "potato", "tomato", "go",     "so",    "do",        "two",
      "who",   "undo",  "redo",   "todo",   "combo",  "promo", "mono"};
  if (kEnglishInO.count(w)) {
    s -= 0.5;
  } else if (ends_with(w, "o") || ends_with(w, "os")) {
    s += 0.75;
  } else if (ends_with(w, "a") || ends_with(w, "as")) {
    s += 0.5;
  }
  // Letters and clusters that native Spanish spelling lacks.
  if (contains(w, "w")) s -= 1.5;
  if (contains(w, "k")) s -= 1.0;
  for (std::string_view cluster : {"th", "sh", "ght", "ck", "oo", "ee", "ph", "wh"})
    if (contains(w, cluster)) {
      s -= 1.5;
      break;
    }
  for (std::string_view dbl : {"ss", "tt", "ff", "pp", "mm", "bb", "dd", "gg", "zz"})
    if (contains(w, dbl)) {
      s -= 1.0;
      break;
    }
  if (contains(w, "'") || contains(w, "’")) s -= 1.5;  // workers', people's
  if (contains(w, "ou")) s -= 0.5;
  // English derivational and inflectional endings.
  for (std::string_view suffix : {"ing", "ings", "tion", "tions", "sion", "ness", "ship", "ity",
                                  "ities", "ment", "ments", "ly", "ies", "ful"})
    if (ends_with(w, suffix)) {
      s -= 2.0;
      break;
    }
  if (ends_with(w, "ed") && w.size() > 4) s -= 1.0;
  // Word-final clusters Spanish does not allow.
  for (std::string_view suffix :
       {"st", "nt", "rd", "ld", "rk", "ts", "ds", "ps", "gs", "ks", "ms", "ws", "ys", "ng",
        "mp", "ch", "ft", "lt", "ct", "pt", "rt", "rn", "rm", "lf", "rs", "ls", "ns"})
    if (ends_with(w, suffix)) {
      s -= 1.0;
      break;
    }
  if (ends_with(w, "y") && w.size() > 3) s -= 0.5;  // hoy, ley, rey, muy are short
  return s;
}

double spanish_evidence(std::string_view term, const WordLanguageHint& hint,
                        bool count_function_words) {
  double total = 0.0;
  if (contains(term, "¿") || contains(term, "¡")) total += 2.0;
  size_t i = 0;
  while (i < term.size()) {
    while (i < term.size() && !is_word_byte(term[i])) ++i;
    size_t j = i;
    while (j < term.size() && is_word_byte(term[j])) ++j;
    std::string_view raw = term.substr(i, j - i);
    // Hyphens and apostrophes at the edges are punctuation, not letters.
    while (!raw.empty() && (raw.front() == '\'' || raw.front() == '-')) raw.remove_prefix(1);
    if (!raw.empty()) {
      std::string w = lower_latin(raw);
      bool digits_only = true;
      for (char c : w) digits_only = digits_only && std::isdigit(static_cast<unsigned char>(c));
      if (!digits_only && (count_function_words || !is_function_word(w))) {
        double s = spanish_word_evidence(w);
        if (hint) {
          if (std::optional<Language> l = hint(w)) s += *l == Language::Spanish ? 2.0 : -2.0;
        }
        total += s;
      }
    }
    i = j;
  }
  return total;
}

}  // namespace alinea::align
