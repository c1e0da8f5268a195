#include "align/lexicon/freedict.h"

#include <algorithm>
#include <charconv>

#include "align/lexicon/gzip_file.h"
#include "align/text.h"

namespace alinea::align {
namespace {

constexpr size_t kMaxNotes = 5;
// Longer "translations" are explanations, not something to align on.
constexpr size_t kMaxWords = 6;

void note(SourceReport& r, std::string text) {
  if (r.notes.size() < kMaxNotes) r.notes.push_back(std::move(text));
}

// Drops (...), [...], {...} with their content; keeps the first short <tag>
// as *pos. Unbalanced closers are dropped, an unclosed opener drops the rest.
std::string strip_brackets(std::string_view s, std::string* pos) {
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '<') {
      size_t close = s.find('>', i);
      if (close == std::string_view::npos) break;
      std::string_view tag = s.substr(i + 1, close - i - 1);
      if (pos && pos->empty() && !tag.empty() && tag.size() <= 12 &&
          tag.find(' ') == std::string_view::npos)
        *pos = std::string(tag);
      i = close;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      ++depth;
      continue;
    }
    if (c == ')' || c == ']' || c == '}') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth == 0) out += c;
  }
  // U+2010 HYPHEN as in "tin‐opener": fold keeps it, people type '-'.
  constexpr std::string_view kHyphen = "\xe2\x80\x90";
  if (out.find(kHyphen) == std::string::npos) return out;
  std::string replaced;
  for (size_t i = 0; i < out.size();) {
    if (std::string_view(out).substr(i, kHyphen.size()) == kHyphen) {
      replaced += '-';
      i += kHyphen.size();
    } else {
      replaced += out[i++];
    }
  }
  return replaced;
}

size_t word_count(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// The headword line is `headword /pronunciation/`; the index headword is
// preferred, this is the fallback.
std::string_view headword_of_line(std::string_view line) {
  size_t slash = line.find(" /");
  return trim_space(line.substr(0, slash));
}

}  // namespace

long long dictd_base64(std::string_view digits) {
  if (digits.empty() || digits.size() > 10) return -1;
  long long value = 0;
  for (char c : digits) {
    int d;
    if (c >= 'A' && c <= 'Z')
      d = c - 'A';
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      d = c - '0' + 52;
    else if (c == '+')
      d = 62;
    else if (c == '/')
      d = 63;
    else
      return -1;
    value = value * 64 + d;
  }
  return value;
}

std::vector<std::string> freedict_translations(std::string_view body, std::string* pos) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = trim_space(body.substr(start, end - start));
    start = end + 1;
    // Sense numbers: "2. do away with".
    size_t digits = 0;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
    if (digits > 0 && digits + 1 < line.size() && line[digits] == '.' && line[digits + 1] == ' ')
      line = trim_space(line.substr(digits + 2));
    std::string clean = strip_brackets(line, pos);
    std::string_view rest = clean;
    while (!rest.empty()) {
      size_t cut = rest.find_first_of(",;");
      std::string_view piece = trim_space(rest.substr(0, cut));
      rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
      while (!piece.empty() && (piece.back() == '.' || piece.back() == ':')) piece.remove_suffix(1);
      piece = trim_space(piece);
      if (piece.empty() || word_count(piece) > kMaxWords) continue;
      std::string t(piece);
      if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
    }
  }
  return out;
}

std::vector<LexiconPair> read_freedict(const std::string& index_path, const std::string& dict_path,
                                       LexiconSource source, SourceReport* report) {
  SourceReport local;
  SourceReport& r = report ? *report : local;
  r.file = dict_path;
  const std::string index = read_maybe_gzip(index_path);
  const std::string dict = read_maybe_gzip(dict_path);
  const bool spanish_headwords = source != LexiconSource::FreeDictEngSpa;

  std::vector<LexiconPair> pairs;
  size_t line_no = 0;
  for (size_t start = 0; start < index.size();) {
    size_t end = index.find('\n', start);
    if (end == std::string::npos) end = index.size();
    std::string_view line(index.data() + start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    size_t tab1 = line.find('\t');
    size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos || line.find('\t', tab2 + 1) != std::string_view::npos) {
      ++r.malformed;
      note(r,
           index_path + ":" + std::to_string(line_no) + ": not `headword TAB offset TAB length`");
      continue;
    }
    std::string_view headword = trim_space(line.substr(0, tab1));
    long long offset = dictd_base64(line.substr(tab1 + 1, tab2 - tab1 - 1));
    long long length = dictd_base64(line.substr(tab2 + 1));
    if (offset < 0 || length <= 0 ||
        static_cast<unsigned long long>(offset + length) > dict.size() ||
        find_invalid_utf8(headword) != std::string_view::npos) {
      ++r.malformed;
      note(r, index_path + ":" + std::to_string(line_no) + ": bad offset, length or UTF-8");
      continue;
    }
    if (headword.starts_with("00database") || headword.starts_with("00-database")) continue;
    ++r.records;
    std::string_view entry(dict.data() + offset, static_cast<size_t>(length));
    if (find_invalid_utf8(entry) != std::string_view::npos) {
      ++r.malformed;
      note(r, index_path + ":" + std::to_string(line_no) + ": entry is not valid UTF-8");
      continue;
    }
    size_t first_newline = entry.find('\n');
    std::string_view body = first_newline == std::string_view::npos
                                ? std::string_view()
                                : entry.substr(first_newline + 1);
    if (headword.empty()) headword = headword_of_line(entry.substr(0, first_newline));
    std::string head = strip_brackets(headword, nullptr);
    std::string pos;
    std::vector<std::string> translations = freedict_translations(body, &pos);
    if (trim_space(head).empty() || translations.empty()) {
      ++r.skipped;
      continue;
    }
    for (std::string& t : translations) {
      LexiconPair p;
      p.es = spanish_headwords ? head : std::move(t);
      p.en = spanish_headwords ? std::move(t) : head;
      p.source = source;
      p.pos = pos;
      pairs.push_back(std::move(p));
    }
  }
  r.pairs = pairs.size();
  return pairs;
}

}  // namespace alinea::align
