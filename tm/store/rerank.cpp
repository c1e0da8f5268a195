// Fuzzy re-ranking by a weighted word-level edit distance, and concordance
// highlights: the search every backend shares (rerank.h).
#include "tm/store/rerank.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <queue>

namespace alinea::tm::rerank {
namespace {

using text::Token;
using text::TokenKind;

double weight(const Token& t) { return t.kind == TokenKind::Punct ? 0.25 : 1.0; }

// substitution() of tokens whose folded forms differ.
double substitution_of_another(const Token& a, const Token& b) {
  if (a.kind == TokenKind::Number && b.kind == TokenKind::Number) return 0.25;
  if (a.kind == TokenKind::Punct && b.kind == TokenKind::Punct) return 0.25;
  return std::max(weight(a), weight(b));
}

// Cost of putting b where a was. Case/accent-only changes, another number and
// another punctuation mark cost little: a CAT user fixes them at a glance.
double substitution(const Token& a, const Token& b, std::string_view ta, std::string_view tb) {
  if (a.folded == b.folded) {
    return ta.substr(a.begin, a.end - a.begin) == tb.substr(b.begin, b.end - b.begin) ? 0.0 : 0.1;
  }
  return substitution_of_another(a, b);
}

// What the distance and the bound read of each token of a sentence,
// computed once per sentence rather than once per comparison.
struct Weighed {
  std::vector<uint64_t> hashes;  // of the folded forms, in token order
  std::vector<double> weights;   // weight(), in token order
  std::vector<double> prefix;    // prefix[i]: the weight of the first i tokens
  double total = 0;
};

Weighed weigh(const std::vector<Token>& tokens) {
  Weighed w;
  w.hashes.reserve(tokens.size());
  w.weights.reserve(tokens.size());
  w.prefix.reserve(tokens.size() + 1);
  w.prefix.push_back(0);
  for (const auto& t : tokens) {
    w.hashes.push_back(text::hash64(t.folded));
    w.weights.push_back(weight(t));
    w.total += w.weights.back();
    w.prefix.push_back(w.total);
  }
  return w;
}

// The distance of similarity() without its diff, or nothing once it is
// sure to pass max_dist: two rows of the table instead of all of it, only
// the band of each row through which a path can stay within max_dist, and
// tokens told apart by a hash of their folded form before their text
// compares. Every operation costs at least the change it makes to the
// difference between the weights consumed on each side, so a path through
// cell (i, j) costs at least |a's first i - b's first j| + |a's rest - b's
// rest|; cells where that passes max_dist are left at infinity. A path
// within max_dist crosses no such cell, and each cell on it takes the same
// steps in the same order as in the full table, so the distance is the same
// to the last bit.
std::optional<double> distance_within(const std::vector<Token>& a, const Weighed& wa,
                                      std::string_view ta, const std::vector<Token>& b,
                                      const Weighed& wb, std::string_view tb, double max_dist) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const size_t n = a.size(), m = b.size();
  const double rest_gap = wa.total - wb.total;  // a's weight less b's
  // Room for the rounding of the prefix sums: a cell is left out only
  // when it is clearly out.
  const double reach = max_dist + 1e-6;
  auto out_of_reach = [&](size_t i, size_t j) {
    const double gap = wa.prefix[i] - wb.prefix[j];
    return std::abs(gap) + std::abs(rest_gap - gap) > reach;
  };
  // The band of row i is [lo, hi]: both only move right as i grows. Left of
  // the band, b's prefix is too light for a's.
  const double left_gap = std::max(0.0, rest_gap);
  size_t lo = 0, hi = 0;
  auto band_of_row = [&](size_t i) {
    while (lo <= m && wa.prefix[i] - wb.prefix[lo] > left_gap && out_of_reach(i, lo)) ++lo;
    if (hi < lo) hi = lo;
    while (hi + 1 <= m && !out_of_reach(i, hi + 1)) ++hi;
  };
  std::vector<double> prev(m + 1, kInf), row(m + 1, kInf);
  band_of_row(0);
  for (size_t j = lo; j <= hi && j <= m; ++j) prev[j] = wb.prefix[j];
  for (size_t i = 1; i <= n; ++i) {
    band_of_row(i);
    if (lo > m || out_of_reach(i, lo)) return std::nullopt;  // an empty band
    const Token& t = a[i - 1];
    const uint64_t t_hash = wa.hashes[i - 1];
    const double t_weight = wa.weights[i - 1];
    double row_min = kInf;
    size_t j = lo;
    if (j == 0) {
      row[0] = prev[0] + t_weight;
      row_min = row[0];
      j = 1;
    } else {
      row[j - 1] = kInf;  // left of the band, read by its first cell
    }
    for (; j <= hi; ++j) {
      const double sub = wb.hashes[j - 1] == t_hash ? substitution(t, b[j - 1], ta, tb)
                                                    : substitution_of_another(t, b[j - 1]);
      double best = prev[j - 1] + sub;
      best = std::min(best, prev[j] + t_weight);
      best = std::min(best, row[j - 1] + wb.weights[j - 1]);
      row[j] = best;
      row_min = std::min(row_min, best);
    }
    // Costs are never negative: no way on from this row gets cheaper.
    if (row_min > max_dist) return std::nullopt;
    std::swap(prev, row);
  }
  if (prev[m] == kInf) return std::nullopt;
  return prev[m];
}

// similarity() without its diff, on sentences already weighed.
double percent_within(const std::vector<Token>& a, const Weighed& wa, std::string_view ta,
                      const std::vector<Token>& b, const Weighed& wb, std::string_view tb,
                      double min_percent) {
  const double len = std::max(wa.total, wb.total);
  if (len == 0) return (a.empty() && b.empty()) ? 100 : 0;
  // The distance is at least the difference in weighted length.
  if (100.0 * (1.0 - std::abs(wa.total - wb.total) / len) < min_percent) return 0;
  // A distance past this is below min_percent (with room for rounding:
  // the cut-off is the caller's, applied to the percentage).
  const double max_dist = len * (1.0 - min_percent / 100.0) + 1e-9;
  const auto dist = distance_within(a, wa, ta, b, wb, tb, max_dist);
  if (!dist) return 0;
  return *dist == 0 ? 100 : std::max(0.0, 100.0 * (1.0 - *dist / len));
}

// What a token not matched by one of the same folded form on the other side
// costs at least: its deletion, or its substitution by another number or
// mark (0.25), or by another word (1).
double least_cost_unmatched(const Token& t) { return t.kind == TokenKind::Word ? 1.0 : 0.25; }

// A sentence's tokens as fuzzy() bounds a candidate's percentage by them:
// (hash of the folded form, least_cost_unmatched), sorted. One vector of
// pairs: a lookup makes one for each of its candidates.
struct BoundTokens {
  std::vector<std::pair<uint64_t, double>> tokens;
  double weight = 0;
};

BoundTokens bound_tokens(const std::vector<Token>& tokens, const Weighed& weighed) {
  BoundTokens out;
  out.weight = weighed.total;
  out.tokens.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i)
    out.tokens.emplace_back(weighed.hashes[i], least_cost_unmatched(tokens[i]));
  std::sort(out.tokens.begin(), out.tokens.end());
  return out;
}

// The highest percentage similarity() can give for a and b: each token of
// either side without a match of the same folded form (told by hash: a
// collision only raises the bound) costs at least least_cost_unmatched, in
// an operation of its own on its side; and the distance is at least the
// difference in weight.
double percent_bound(const BoundTokens& a, const BoundTokens& b) {
  const double len = std::max(a.weight, b.weight);
  if (len == 0) return 100;
  double unmatched_a = 0, unmatched_b = 0;
  const auto& x = a.tokens;
  const auto& y = b.tokens;
  size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    if (j == y.size() || (i < x.size() && x[i].first < y[j].first)) {
      unmatched_a += x[i++].second;
    } else if (i == x.size() || y[j].first < x[i].first) {
      unmatched_b += y[j++].second;
    } else {
      ++i;
      ++j;
    }
  }
  const double least = std::max({unmatched_a, unmatched_b, std::abs(a.weight - b.weight)});
  return least == 0 ? 100 : std::max(0.0, 100.0 * (1.0 - least / len));
}

}  // namespace

Similarity similarity(const std::vector<text::Token>& a, std::string_view ta,
                      const std::vector<text::Token>& b, std::string_view tb, double min_percent,
                      bool want_diff) {
  Similarity r;
  if (!want_diff) {
    r.percent = percent_within(a, weigh(a), ta, b, weigh(b), tb, min_percent);
    return r;
  }
  double wa = 0, wb = 0;
  for (const auto& t : a) wa += weight(t);
  for (const auto& t : b) wb += weight(t);
  const double len = std::max(wa, wb);
  if (len == 0) {
    r.percent = (a.empty() && b.empty()) ? 100 : 0;
    return r;
  }
  // The distance is at least the difference in weighted length.
  if (100.0 * (1.0 - std::abs(wa - wb) / len) < min_percent) return r;
  const size_t n = a.size(), m = b.size();
  std::vector<double> d((n + 1) * (m + 1));
  auto at = [&](size_t i, size_t j) -> double& { return d[i * (m + 1) + j]; };
  for (size_t i = 1; i <= n; ++i) at(i, 0) = at(i - 1, 0) + weight(a[i - 1]);
  for (size_t j = 1; j <= m; ++j) at(0, j) = at(0, j - 1) + weight(b[j - 1]);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      double best = at(i - 1, j - 1) + substitution(a[i - 1], b[j - 1], ta, tb);
      best = std::min(best, at(i - 1, j) + weight(a[i - 1]));
      best = std::min(best, at(i, j - 1) + weight(b[j - 1]));
      at(i, j) = best;
    }
  }
  const double dist = at(n, m);
  r.percent = std::max(0.0, 100.0 * (1.0 - dist / len));
  if (dist == 0) r.percent = 100;
  size_t i = n, j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0) {
      double sub = substitution(a[i - 1], b[j - 1], ta, tb);
      if (std::abs(at(i, j) - (at(i - 1, j - 1) + sub)) < 1e-9) {
        if (sub > 0) {
          r.a_diff.push_back({a[i - 1].begin, a[i - 1].end});
          r.b_diff.push_back({b[j - 1].begin, b[j - 1].end});
        }
        --i;
        --j;
        continue;
      }
    }
    if (i > 0 && std::abs(at(i, j) - (at(i - 1, j) + weight(a[i - 1]))) < 1e-9) {
      r.a_diff.push_back({a[i - 1].begin, a[i - 1].end});
      --i;
    } else {
      r.b_diff.push_back({b[j - 1].begin, b[j - 1].end});
      --j;
    }
  }
  std::reverse(r.a_diff.begin(), r.a_diff.end());
  std::reverse(r.b_diff.begin(), r.b_diff.end());
  return r;
}

std::vector<std::pair<int64_t, bool>> fuzzy(const std::vector<Candidate>& candidates,
                                            const std::vector<text::Token>& query_tokens,
                                            std::string_view sentence,
                                            const FuzzyOptions& options) {
  const bool by_source = options.lang.empty();
  struct Pending {
    double bound;
    int64_t id;
    bool target;
    std::string_view side;
    std::vector<Token> tokens;
    Weighed weighed;
  };
  std::vector<Pending> pending;
  const Weighed query_weighed = weigh(query_tokens);
  const BoundTokens query = bound_tokens(query_tokens, query_weighed);
  for (const Candidate& c : candidates) {
    if (!options.include_rejected && c.rejected) continue;
    // An omission has nothing to offer as a translation.
    if (c.src_text.empty() || c.tgt_text.empty()) continue;
    if (!options.include_pending && c.pending) continue;
    bool target = false;
    if (!by_source) {
      if (text::lang_matches(c.src_lang, options.lang))
        target = false;
      else if (text::lang_matches(c.tgt_lang, options.lang))
        target = true;
      else
        continue;
    }
    std::string_view side = target ? c.tgt_text : c.src_text;
    auto tokens = text::tokenize(side, true);
    Weighed weighed = weigh(tokens);
    const double bound = percent_bound(bound_tokens(tokens, weighed), query);
    if (bound < options.min_percent) continue;
    pending.push_back({bound, c.id, target, side, std::move(tokens), std::move(weighed)});
  }
  // The most promising first: once `limit` candidates are scored, one whose
  // bound is below the lowest of the best `limit` cannot take its place
  // (an equal percentage could, by its id), nor can any after it.
  std::stable_sort(pending.begin(), pending.end(),
                   [](const Pending& a, const Pending& b) { return a.bound > b.bound; });
  struct Scored {
    double percent;
    int64_t id;
    bool target;
  };
  std::vector<Scored> scored;
  std::priority_queue<double, std::vector<double>, std::greater<>> best;  // the best `limit`
  for (const Pending& c : pending) {
    const bool full = options.limit > 0 && best.size() >= options.limit;
    if (full && c.bound < best.top()) break;
    const double at_least = full ? std::max(options.min_percent, best.top()) : options.min_percent;
    const double percent = percent_within(c.tokens, c.weighed, c.side, query_tokens, query_weighed,
                                          sentence, at_least);
    if (percent < at_least) continue;
    scored.push_back({percent, c.id, c.target});
    best.push(percent);
    if (options.limit > 0 && best.size() > options.limit) best.pop();
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.percent > b.percent || (a.percent == b.percent && a.id < b.id);
  });
  if (scored.size() > options.limit) scored.resize(options.limit);
  std::vector<std::pair<int64_t, bool>> out;
  out.reserve(scored.size());
  for (const auto& c : scored) out.emplace_back(c.id, c.target);
  return out;
}

FuzzyMatch fuzzy_match(TranslationUnit unit, bool target,
                       const std::vector<text::Token>& query_tokens, std::string_view sentence) {
  FuzzyMatch m;
  const std::string& side = target ? unit.target.text : unit.source.text;
  auto sim = similarity(text::tokenize(side, true), side, query_tokens, sentence, 0, true);
  m.percent = sim.percent;
  m.matched_target = target;
  m.unit_diff = std::move(sim.a_diff);
  m.query_diff = std::move(sim.b_diff);
  m.unit = std::move(unit);
  return m;
}

ConcordanceHit concordance_hit(TranslationUnit unit, double score, std::optional<bool> phrase_hit,
                               const std::vector<query::Term>& terms,
                               const std::optional<query::Term>& phrase, const std::string& lang) {
  ConcordanceHit h;
  h.score = score;
  const bool src = text::lang_matches(unit.source.lang, lang);
  const bool tgt = text::lang_matches(unit.target.lang, lang);
  std::vector<text::Token> src_tokens, tgt_tokens;
  if (src) src_tokens = text::tokenize(unit.source.text);
  if (tgt) tgt_tokens = text::tokenize(unit.target.text);
  if (phrase_hit) {
    h.phrase = *phrase_hit;
  } else {
    h.phrase = (src && !query::highlight(src_tokens, {*phrase}).empty()) ||
               (tgt && !query::highlight(tgt_tokens, {*phrase}).empty());
  }
  // A phrase hit shows the phrase; a word hit, each word.
  std::vector<query::Term> shown;
  if (h.phrase && phrase)
    shown = {*phrase};
  else
    shown = terms;
  if (src) h.source_highlights = query::highlight(src_tokens, shown);
  if (tgt) h.target_highlights = query::highlight(tgt_tokens, shown);
  // The index and the highlighter may split a word differently
  // ("people's"); a phrase hit the highlighter cannot place shows words.
  if (h.phrase && phrase && h.source_highlights.empty() && h.target_highlights.empty()) {
    if (src) h.source_highlights = query::highlight(src_tokens, terms);
    if (tgt) h.target_highlights = query::highlight(tgt_tokens, terms);
  }
  h.unit = std::move(unit);
  return h;
}

}  // namespace alinea::tm::rerank
