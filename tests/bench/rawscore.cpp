#include "tests/bench/rawscore.h"

#include <set>
#include <stdexcept>

namespace alinea::bench {
namespace {

// Python's str.isspace(), which is what re's `\s` matches in a str pattern.
bool is_python_space(uint32_t c) {
  return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
         c == 0x205f || c == 0x3000;
}

// Length of the UTF-8 sequence starting with `lead` and its code point
// (input is valid UTF-8: the corpora are, and the segmenter validates).
size_t decode(std::string_view s, size_t i, uint32_t* cp) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
  if (i + n > s.size()) n = 1;
  uint32_t v = n == 1 ? c : n == 2 ? (c & 0x1f) : n == 3 ? (c & 0x0f) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) v = (v << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  *cp = v;
  return n;
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

double ratio(size_t a, size_t b) {
  return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

}  // namespace

RawScoreCounts& RawScoreCounts::operator+=(const RawScoreCounts& o) {
  pairs += o.pairs;
  correct += o.correct;
  coarser += o.coarser;
  unlocated += o.unlocated;
  good_chars += o.good_chars;
  aligned_chars += o.aligned_chars;
  return *this;
}

double RawScoreCounts::precision() const { return ratio(correct, pairs); }
double RawScoreCounts::recall() const { return ratio(good_chars, aligned_chars); }
double RawScoreCounts::f1() const {
  const double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

std::string strip_white_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t n = decode(text, i, &cp);
    if (!is_python_space(cp)) out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

RawScorer::RawScorer(const std::vector<std::string>& es_units,
                     const std::vector<std::string>& en_units, const align::Alignment& gold) {
  es_.bead.assign(es_units.size(), UINT32_MAX);
  en_.bead.assign(en_units.size(), UINT32_MAX);
  std::vector<size_t> es_size(es_units.size()), en_size(en_units.size());
  auto build = [](Side& side, const std::vector<std::string>& units, std::vector<size_t>& size) {
    for (size_t u = 0; u < units.size(); ++u) {
      std::string s = strip_white_space(units[u]);
      side.text += s;
      side.owner.insert(side.owner.end(), s.size(), static_cast<uint32_t>(u));
      size[u] = code_points(s);
    }
  };
  build(es_, es_units, es_size);
  build(en_, en_units, en_size);
  for (size_t n = 0; n < gold.beads.size(); ++n) {
    const align::Bead& b = gold.beads[n];
    if (b.src.end() > es_units.size() || b.tgt.end() > en_units.size())
      throw std::out_of_range("gold bead beyond the units");
    for (uint32_t i = b.src.begin; i < b.src.end(); ++i) es_.bead[i] = static_cast<uint32_t>(n);
    for (uint32_t j = b.tgt.begin; j < b.tgt.end(); ++j) en_.bead[j] = static_cast<uint32_t>(n);
    bead_has_es_.push_back(!b.src.empty());
    bead_has_en_.push_back(!b.tgt.empty());
    if (b.src.empty() || b.tgt.empty()) continue;
    for (uint32_t i = b.src.begin; i < b.src.end(); ++i) counts_.aligned_chars += es_size[i];
    for (uint32_t j = b.tgt.begin; j < b.tgt.end(); ++j) counts_.aligned_chars += en_size[j];
  }
}

RawScorer::Located RawScorer::locate(Side& side, std::string_view text) {
  Located out;
  const std::string t = strip_white_space(text);
  if (t.empty()) return out;
  out.chars = code_points(t);
  // Byte search in UTF-8 finds the same first occurrence as Python's str.find.
  size_t k = side.cursor <= side.text.size() ? side.text.find(t, side.cursor) : std::string::npos;
  if (k == std::string::npos) {
    k = side.text.find(t);  // out of order: located, but the cursor stays
    if (k == std::string::npos) {
      out.found = false;
      return out;
    }
  } else {
    side.cursor = k + t.size();
  }
  for (size_t p = k; p < k + t.size(); ++p)
    if (out.units.empty() || out.units.back() != side.owner[p]) out.units.push_back(side.owner[p]);
  return out;
}

void RawScorer::add(std::string_view es, std::string_view en) {
  const Located e = locate(es_, es);
  const Located n = locate(en_, en);
  if (!e.found || !n.found) {
    ++counts_.unlocated;
    ++counts_.pairs;
    return;
  }
  if (e.units.empty() && n.units.empty()) return;
  ++counts_.pairs;
  uint32_t bead = UINT32_MAX;
  bool ok = true;
  auto touch = [&](uint32_t b) {
    if (bead == UINT32_MAX)
      bead = b;
    else if (bead != b)
      ok = false;
  };
  for (uint32_t u : e.units) touch(es_.bead[u]);
  for (uint32_t u : n.units) touch(en_.bead[u]);
  if (ok && bead == UINT32_MAX) ok = false;  // a unit outside every gold bead
  // A one-sided prediction inside a two-sided gold bead is wrong.
  if (ok && ((e.units.empty() && bead_has_es_[bead]) || (n.units.empty() && bead_has_en_[bead])))
    ok = false;
  if (!ok) {
    if (!e.units.empty() && !n.units.empty()) {
      std::set<uint32_t> es_beads, en_beads;
      for (uint32_t u : e.units) es_beads.insert(es_.bead[u]);
      for (uint32_t u : n.units) en_beads.insert(en_.bead[u]);
      if (es_beads.size() > 1 && es_beads == en_beads) ++counts_.coarser;
    }
    return;
  }
  ++counts_.correct;
  if (!e.units.empty() && !n.units.empty()) counts_.good_chars += e.chars + n.chars;
}

}  // namespace alinea::bench
