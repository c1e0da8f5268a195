#include "tm/store/query.h"

#include <algorithm>

namespace alinea::tm::query {

std::vector<Term> parse(std::string_view q) {
  std::vector<Term> terms;
  auto add = [&](std::string_view chunk, bool prefix) {
    Term t;
    for (auto& tok : text::tokenize(chunk)) t.words.push_back(std::move(tok.folded));
    if (t.words.empty()) return;
    t.prefix = prefix;
    terms.push_back(std::move(t));
  };
  size_t i = 0;
  while (i < q.size()) {
    char c = q[i];
    if (c == '"') {
      size_t close = q.find('"', i + 1);
      size_t end = close == std::string_view::npos ? q.size() : close;
      std::string_view inner = q.substr(i + 1, end - i - 1);
      i = close == std::string_view::npos ? q.size() : close + 1;
      bool prefix = i < q.size() && q[i] == '*';
      if (prefix) ++i;
      // "poder popular*" inside quotes also reads as a prefix on the last word.
      if (!inner.empty() && inner.back() == '*') prefix = true;
      add(inner, prefix);
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < q.size() && q[end] != ' ' && q[end] != '\t' && q[end] != '\n' && q[end] != '\r' &&
           q[end] != '"')
      ++end;
    std::string_view word = q.substr(i, end - i);
    i = end;
    add(word, !word.empty() && word.back() == '*');
  }
  return terms;
}

std::optional<Term> as_phrase(const std::vector<Term>& terms) {
  if (terms.size() < 2) return std::nullopt;
  Term whole;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (terms[i].prefix && i + 1 < terms.size()) return std::nullopt;
    whole.words.insert(whole.words.end(), terms[i].words.begin(), terms[i].words.end());
  }
  whole.prefix = terms.back().prefix;
  return whole;
}

std::string fts_expression(const std::vector<Term>& terms) {
  std::string e;
  for (const auto& t : terms) {
    if (!e.empty()) e += ' ';
    e += '"';
    for (size_t k = 0; k < t.words.size(); ++k) {
      if (k) e += ' ';
      for (char c : t.words[k]) {
        if (c == '"') e += '"';  // cannot happen with folded words; kept for safety
        e += c;
      }
    }
    e += '"';
    if (t.prefix) e += '*';
  }
  return e;
}

std::vector<ByteRange> highlight(const std::vector<text::Token>& tokens,
                                 const std::vector<Term>& terms) {
  std::vector<ByteRange> out;
  for (const auto& t : terms) {
    const size_t k = t.words.size();
    if (k == 0 || tokens.size() < k) continue;
    for (size_t i = 0; i + k <= tokens.size(); ++i) {
      bool ok = true;
      for (size_t j = 0; j < k && ok; ++j) {
        const auto& w = t.words[j];
        const auto& tok = tokens[i + j].folded;
        if (t.prefix && j + 1 == k)
          ok = tok.compare(0, w.size(), w) == 0;
        else
          ok = tok == w;
      }
      if (ok) out.push_back({tokens[i].begin, tokens[i + k - 1].end});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ByteRange& a, const ByteRange& b) { return a.begin < b.begin; });
  std::vector<ByteRange> merged;
  for (const auto& r : out) {
    if (!merged.empty() && r.begin <= merged.back().end)
      merged.back().end = std::max(merged.back().end, r.end);
    else
      merged.push_back(r);
  }
  return merged;
}

std::vector<ByteRange> highlight(std::string_view text, const std::vector<Term>& terms) {
  return highlight(text::tokenize(text), terms);
}

}  // namespace alinea::tm::query
