#include "tests/bench/generated_tm.h"

#include <fstream>
#include <sstream>

namespace alinea::bench {

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> w;
  std::stringstream ss(s);
  std::string x;
  while (ss >> x) w.push_back(x);
  return w;
}

std::string join_words(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) {
    if (!s.empty()) s += ' ';
    s += x;
  }
  return s;
}

std::string real_pairs_path() {
  return std::string(ALINEA_SHARED_CORPORA) + "/tm_pairs/tm_pairs.dev.tsv";
}

std::vector<RealPair> load_real_pairs() {
  std::ifstream in(real_pairs_path());
  std::vector<RealPair> pairs;
  for (std::string line; std::getline(in, line);) {
    auto a = line.find('\t');
    auto b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    pairs.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return pairs;
}

// Copy k of a text: k == 0 is the original.
std::string vary(const std::string& text, size_t k) {
  if (k == 0) return text;
  const std::string n = std::to_string(k);
  switch (k % 4) {
    case 0:
      return text + " [" + n + "]";
    case 1: {
      auto w = split_words(text);
      if (w.empty()) return text + " " + n;
      w[(k * 7) % w.size()] += "-" + n;
      return join_words(w);
    }
    case 2:
      return n + ". " + text;
    default: {
      std::string t = text;
      if (!t.empty() && (t.back() == '.' || t.back() == ':')) t.pop_back();
      return t + " (" + n + ")!";
    }
  }
}

tm::TranslationUnit UnitGenerator::next(size_t i) {
  // 2% exact duplicates of an earlier unit, as repeated segments are.
  const bool dup = i > 1000 && i % 50 == 7;
  const size_t src_i = dup ? (i - 997) : i;
  const RealPair& p = pairs_[src_i % pairs_.size()];
  const size_t k = src_i / pairs_.size();
  tm::TranslationUnit u;
  u.source = {"es", vary(p.es, k), {}};
  u.target = {"en", vary(p.en, k), {}};
  u.document = "doc-" + std::to_string(i / 1000);
  u.position = static_cast<int64_t>(i % 1000);
  u.context_prev = prev_;
  u.confidence = 0.5 + static_cast<double>(i % 50) / 100.0;
  prev_ = u.source.text;
  return u;
}

}  // namespace alinea::bench
