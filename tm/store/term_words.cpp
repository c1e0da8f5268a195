// Word-level tests term search makes on texts (term_words.h).
#include "tm/store/term_words.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_set>

namespace alinea::tm::terms {

bool is_number(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == ',';
  });
}

bool has_digit(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool inside_parentheses(std::string_view text, ByteRange range) {
  auto skippable = [](char c) { return c == ' ' || c == '*' || c == '_' || c == '"' || c == '\''; };
  size_t before = range.begin;
  while (before > 0 && skippable(text[before - 1])) --before;
  size_t after = range.end;
  while (after < text.size() && skippable(text[after])) ++after;
  return before > 0 && text[before - 1] == '(' && after < text.size() && text[after] == ')';
}

double log_likelihood(double k11, double k12, double k21, double k22) {
  auto h = [](std::initializer_list<double> ks) {
    double total = 0, sum = 0;
    for (double k : ks) total += k;
    for (double k : ks)
      if (k > 0) sum += k * std::log(k / total);
    return sum;
  };
  double g = 2 * (h({k11, k12, k21, k22}) - h({k11 + k12, k21 + k22}) - h({k11 + k21, k12 + k22}));
  return std::max(0.0, g);
}

bool cognate(const std::string& a, const std::string& b) {
  if (a.size() < 4 || b.size() < 4) return false;
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  return common == std::min(a.size(), b.size()) ||
         (common >= 5 && common * 4 >= std::min(a.size(), b.size()) * 3);
}

bool auxiliary(std::string_view w) {
  static const std::unordered_set<std::string_view> words = {
      "did", "does",  "has",    "have",  "had",   "been",   "being",   "would", "could", "should",
      "may", "might", "must",   "shall", "ha",    "han",    "he",      "hemos", "habia", "habian",
      "era", "eran",  "fueron", "esta",  "estan", "estaba", "estaban", "ser",   "estar", "sido"};
  return words.count(w) > 0;
}

bool plain_space(std::string_view text, size_t from, size_t to) {
  for (size_t k = from; k < to && k < text.size(); ++k)
    if (text[k] != ' ' && text[k] != '-' && text[k] != '\'') return false;
  return true;
}

std::vector<size_t> gloss_after(std::string_view text, const std::vector<text::Token>& tokens,
                                size_t last) {
  std::vector<size_t> out;
  if (last == 0 || last >= tokens.size()) return out;
  size_t pos = tokens[last - 1].end;
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '*' || text[pos] == '_' ||
                               text[pos] == '"' || text[pos] == '\''))
    ++pos;
  if (pos >= text.size() || text[pos] != '(') return out;
  const size_t close = text.find(')', pos);
  if (close == std::string_view::npos) return out;
  bool words = false;  // "file(s)", "(%i)" are no glosses
  for (size_t k = last; k < tokens.size() && tokens[k].end <= close; ++k) {
    out.push_back(k);
    const std::string& w = tokens[k].folded;
    words |= w.size() >= 3 && !text::is_stopword(w) && !has_digit(w);
  }
  if (!words) out.clear();
  return out;
}

std::vector<std::pair<size_t, size_t>> same_words(const std::vector<text::Token>& tokens,
                                                  const std::vector<std::string>& folded) {
  auto same = [](const std::string& a, const std::string& b) {
    const auto& [s, l] = a.size() <= b.size() ? std::tie(a, b) : std::tie(b, a);
    if (!l.starts_with(s)) return false;
    const std::string_view rest = std::string_view(l).substr(s.size());
    return rest.empty() || rest == "s" || rest == "es";
  };
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t i = 0; i + folded.size() <= tokens.size() && !folded.empty(); ++i) {
    size_t k = 0;
    while (k < folded.size() && same(tokens[i + k].folded, folded[k])) ++k;
    if (k == folded.size()) out.emplace_back(i, i + k);
  }
  return out;
}

}  // namespace alinea::tm::terms
