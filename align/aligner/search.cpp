#include "align/aligner/search.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace alinea::align::detail {

namespace {

// The distinct concepts of segment s, sorted.
void segment_concepts(const SideFeatures& side, size_t s, std::vector<uint32_t>& out) {
  out.clear();
  for (uint32_t k = side.token_begin[s]; k < side.token_begin[s + 1]; ++k) {
    const auto& c = side.types[side.token_type[k]].concepts;
    out.insert(out.end(), c.begin(), c.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// How many segments of each side hold each concept, and where on the English
// side the concepts that can anchor are: those rare on the English side
// (at most anchor_max_df segments), and those found as often on both sides,
// up to anchor_max_repeats or one segment in anchor_repeat_spacing, whose
// occurrences can pair in order.
class ConceptIndex {
 public:
  ConceptIndex(const SideFeatures& es, const SideFeatures& en, uint32_t concept_count,
               const AlignOptions& opt)
      : max_df_(static_cast<uint32_t>(std::max(1, opt.anchor_max_df))),
        max_repeats_(std::max({max_df_, static_cast<uint32_t>(std::max(0, opt.anchor_max_repeats)),
                               repeats_by_length(es, en, opt)})),
        df_es_(count(es, concept_count)),
        df_en_(count(en, concept_count)),
        begin_(concept_count + 1, 0) {
    for (uint32_t c = 0; c < concept_count; ++c)
      begin_[c + 1] = begin_[c] + (indexed(c) ? df_en_[c] : 0);
    postings_.resize(begin_[concept_count]);
    std::vector<uint32_t> fill(begin_.begin(), begin_.end() - 1);
    std::vector<uint32_t> buf;
    for (size_t j = 0; j < en.size(); ++j) {
      segment_concepts(en, j, buf);
      for (uint32_t c : buf)
        if (indexed(c)) postings_[fill[c]++] = static_cast<uint32_t>(j);
    }
  }

  // Rare on both sides: any occurrence may pair with any.
  bool rare(uint32_t c) const { return df_en_[c] <= max_df_ && df_es_[c] <= max_df_; }
  // Repeated as often on both sides, and not rare: occurrences pair in order.
  bool in_order(uint32_t c) const {
    return df_en_[c] > max_df_ && df_en_[c] <= max_repeats_ && df_es_[c] == df_en_[c];
  }
  uint32_t df_es(uint32_t c) const { return df_es_[c]; }
  uint32_t max_df() const { return max_df_; }
  // The English segments holding c, in order (rare or in-order concepts).
  const uint32_t* begin(uint32_t c) const { return postings_.data() + begin_[c]; }
  const uint32_t* end(uint32_t c) const { return postings_.data() + begin_[c + 1]; }

 private:
  bool indexed(uint32_t c) const { return df_en_[c] <= max_df_ || in_order(c); }
  static std::vector<uint32_t> count(const SideFeatures& side, uint32_t concept_count) {
    std::vector<uint32_t> df(concept_count, 0), buf;
    for (size_t s = 0; s < side.size(); ++s) {
      segment_concepts(side, s, buf);
      for (uint32_t c : buf) ++df[c];
    }
    return df;
  }

  static uint32_t repeats_by_length(const SideFeatures& es, const SideFeatures& en,
                                    const AlignOptions& opt) {
    if (opt.anchor_repeat_spacing <= 0) return 0;
    return static_cast<uint32_t>(static_cast<double>(std::max(es.size(), en.size())) /
                                 opt.anchor_repeat_spacing);
  }

  uint32_t max_df_, max_repeats_;
  std::vector<uint32_t> df_es_, df_en_;
  std::vector<uint32_t> begin_,
      postings_;  // CSR: postings of concept c in [begin_[c], begin_[c+1])
};

struct Candidate {
  uint32_t i, j;
  double score;
};

// Pairs of segments that share anchoring concepts, the few best targets of
// each Spanish segment; by increasing i and, within one i, decreasing j.
// With `in_order`, the k-th Spanish segment holding a concept paired in
// order votes for the k-th English one, as surely as for a rare word.
std::vector<Candidate> anchor_candidates(const ConceptIndex& index, const SideFeatures& es,
                                         const AlignOptions& opt, bool in_order) {
  std::vector<Candidate> candidates;
  std::unordered_map<uint32_t, double> score;
  std::vector<uint32_t> hits, buf;
  // Per concept paired in order: how many earlier Spanish segments hold it.
  std::unordered_map<uint32_t, uint32_t> es_seen;
  std::vector<std::pair<uint32_t, uint32_t>> ranked;  // (concept, its English segment), sorted
  for (size_t i = 0; i < es.size(); ++i) {
    score.clear();
    ranked.clear();
    if (in_order) {
      segment_concepts(es, i, buf);
      for (uint32_t c : buf)
        if (index.in_order(c)) ranked.push_back({c, index.begin(c)[es_seen[c]++]});
    }
    // Each distinct word of the segment votes once, shared among the
    // segments it hits.
    std::vector<uint32_t> types(es.token_type.begin() + es.token_begin[i],
                                es.token_type.begin() + es.token_begin[i + 1]);
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    for (uint32_t t : types) {
      hits.clear();
      uint32_t es_df = 0;
      for (uint32_t c : es.types[t].concepts) {
        if (index.begin(c) == index.end(c)) continue;
        if (index.rare(c)) {
          es_df = std::max(es_df, index.df_es(c));
          hits.insert(hits.end(), index.begin(c), index.end(c));
        } else if (in_order && index.in_order(c)) {
          hits.push_back(
              std::lower_bound(ranked.begin(), ranked.end(), std::make_pair(c, 0u))->second);
        }
      }
      if (hits.empty()) continue;
      std::sort(hits.begin(), hits.end());
      hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
      if (hits.size() > index.max_df()) continue;
      const double vote =
          1.0 / std::sqrt(static_cast<double>(hits.size()) * std::max<uint32_t>(1, es_df));
      for (uint32_t j : hits) score[j] += vote;
    }
    // Keep the few best targets of each segment, ties included: a text that
    // repeats itself (refrains, formulas, a document pasted twice) has
    // several equally good targets, and only the chain can tell which one
    // lies on the path.
    double best = 0.0;
    for (auto [j, s] : score) best = std::max(best, s);
    if (best < opt.anchor_min_score) continue;
    const size_t first = candidates.size();
    for (auto [j, s] : score)
      if (s >= opt.anchor_min_score && s >= 0.5 * best)
        candidates.push_back({static_cast<uint32_t>(i), j, s});
    // Within one segment, highest score first, then descending j (which the
    // chain relies on); at most kPerSegment.
    constexpr size_t kPerSegment = 4;
    std::sort(candidates.begin() + static_cast<std::ptrdiff_t>(first), candidates.end(),
              [](const Candidate& x, const Candidate& y) {
                return x.score != y.score ? x.score > y.score : x.j > y.j;
              });
    if (candidates.size() - first > kPerSegment) candidates.resize(first + kPerSegment);
    std::sort(candidates.begin() + static_cast<std::ptrdiff_t>(first), candidates.end(),
              [](const Candidate& x, const Candidate& y) { return x.j > y.j; });
  }
  return candidates;
}

// Heaviest chain with strictly increasing i and j: Fenwick tree of the best
// chain weight ending below each j. Candidates come by increasing i and,
// within one i, by decreasing j, so a chain never takes two of one i.
std::vector<std::pair<uint32_t, uint32_t>> heaviest_chain(const std::vector<Candidate>& candidates,
                                                          size_t m) {
  const size_t cn = candidates.size();
  std::vector<double> chain(cn, 0.0);
  std::vector<int64_t> prev(cn, -1);
  std::vector<std::pair<double, int64_t>> tree(m + 1, {0.0, -1});
  for (size_t k = 0; k < cn; ++k) {
    double best = 0.0;
    int64_t from = -1;
    for (size_t p = candidates[k].j; p > 0; p -= p & (~p + 1)) {
      if (tree[p].first > best) {
        best = tree[p].first;
        from = tree[p].second;
      }
    }
    chain[k] = best + candidates[k].score;
    prev[k] = from;
    for (size_t p = candidates[k].j + 1; p <= m; p += p & (~p + 1)) {
      if (chain[k] > tree[p].first) tree[p] = {chain[k], static_cast<int64_t>(k)};
    }
  }
  std::vector<std::pair<uint32_t, uint32_t>> anchors;
  int64_t end = -1;
  double top = 0.0;
  for (size_t k = 0; k < cn; ++k)
    if (chain[k] > top) {
      top = chain[k];
      end = static_cast<int64_t>(k);
    }
  for (int64_t k = end; k >= 0; k = prev[k]) anchors.push_back({candidates[k].i, candidates[k].j});
  std::reverse(anchors.begin(), anchors.end());
  return anchors;
}

// A chain can still carry a stray anchor (a name shared by two distant
// passages). Keep an anchor only when a neighbour in the chain agrees with
// its diagonal offset, allowing for the omissions that may lie between.
std::vector<std::pair<uint32_t, uint32_t>> supported(
    const std::vector<std::pair<uint32_t, uint32_t>>& anchors) {
  auto agree = [&](size_t a, size_t b) {
    const double da = static_cast<double>(anchors[a].second) - anchors[a].first;
    const double db = static_cast<double>(anchors[b].second) - anchors[b].first;
    const double dist = std::abs(static_cast<double>(anchors[a].first) - anchors[b].first);
    return std::abs(da - db) <= 3.0 + 0.2 * dist;
  };
  std::vector<std::pair<uint32_t, uint32_t>> kept;
  for (size_t k = 0; k < anchors.size(); ++k) {
    bool ok = (k > 0 && agree(k, k - 1)) || (k + 1 < anchors.size() && agree(k, k + 1));
    if (ok || anchors.size() == 1) kept.push_back(anchors[k]);
  }
  return kept;
}

}  // namespace

// Anchors: pairs of segments that share concepts found in very few segments
// of either side (names, numbers, rare words and their translations), best
// for each other, then the heaviest chain increasing on both sides. Where
// those are too sparse to follow the path (a document that repeats itself
// has no rare word), repeated concepts pair their occurrences in order too.
std::vector<std::pair<uint32_t, uint32_t>> find_anchors(const SideFeatures& es,
                                                        const SideFeatures& en,
                                                        uint32_t concept_count,
                                                        const AlignOptions& opt) {
  const ConceptIndex index(es, en, concept_count, opt);
  auto anchors = supported(heaviest_chain(anchor_candidates(index, es, opt, false), en.size()));
  if (static_cast<double>(anchors.size()) * opt.anchor_sparse_spacing <
      static_cast<double>(std::max(es.size(), en.size())))
    anchors = supported(heaviest_chain(anchor_candidates(index, es, opt, true), en.size()));
  return anchors;
}

// A band through the given points (monotone states, from (0,0) to (n,m)):
// between two points, the rectangle they span, narrowed to a diagonal band
// wide enough for the net omission between them.
Band band_through(const std::vector<std::pair<uint32_t, uint32_t>>& points, size_t n, size_t m,
                  const AlignOptions& opt, double width_scale) {
  Band band;
  band.lo.assign(n + 1, static_cast<int32_t>(m));
  band.hi.assign(n + 1, 0);
  const int margin = std::max(1, opt.max_bead_side);
  for (size_t p = 0; p + 1 < points.size(); ++p) {
    const int64_t x1 = points[p].first, y1 = points[p].second;
    const int64_t x2 = points[p + 1].first, y2 = points[p + 1].second;
    const int64_t dx = x2 - x1, dy = y2 - y1;
    const double w = std::max<double>(
        opt.band_min_width,
        width_scale *
            (opt.band_min_width + opt.band_gap_fraction * static_cast<double>(std::max(dx, dy)) +
             static_cast<double>(std::abs(dx - dy))));
    for (int64_t x = x1; x <= x2; ++x) {
      const double center = dx == 0 ? static_cast<double>(y1) + dy / 2.0
                                    : static_cast<double>(y1) + static_cast<double>(x - x1) * dy /
                                                                    static_cast<double>(dx);
      const double half = dx == 0 ? dy / 2.0 + w : w;
      int64_t lo = std::max<int64_t>(y1 - margin, static_cast<int64_t>(std::floor(center - half)));
      int64_t hi = std::min<int64_t>(y2 + margin, static_cast<int64_t>(std::ceil(center + half)));
      band.lo[x] = std::min<int32_t>(band.lo[x], static_cast<int32_t>(std::max<int64_t>(0, lo)));
      band.hi[x] = std::max<int32_t>(band.hi[x], static_cast<int32_t>(std::min<int64_t>(m, hi)));
    }
  }
  band.finish(n, m);
  return band;
}

// A band around a previous best path, `width` states either side.
Band band_around(const std::vector<std::pair<uint32_t, uint32_t>>& states, size_t n, size_t m,
                 int width) {
  Band band;
  band.lo.assign(n + 1, static_cast<int32_t>(m));
  band.hi.assign(n + 1, 0);
  std::vector<std::pair<uint32_t, uint32_t>> all{{0, 0}};
  all.insert(all.end(), states.begin(), states.end());
  for (size_t k = 0; k < all.size(); ++k) {
    auto [x, y] = all[k];
    const int64_t x_lo = std::max<int64_t>(0, static_cast<int64_t>(x) - width);
    const int64_t x_hi = std::min<int64_t>(n, static_cast<int64_t>(x) + width);
    for (int64_t xx = x_lo; xx <= x_hi; ++xx) {
      band.lo[xx] =
          std::min<int32_t>(band.lo[xx], std::max<int32_t>(0, static_cast<int32_t>(y) - width));
      band.hi[xx] = std::max<int32_t>(
          band.hi[xx], std::min<int32_t>(static_cast<int32_t>(m), static_cast<int32_t>(y) + width));
    }
  }
  band.finish(n, m);
  return band;
}

Band widen_at(const Band& band, const std::vector<std::pair<uint32_t, uint32_t>>& states, size_t n,
              size_t m, int width) {
  Band out = band;
  for (auto [x, y] : states) {
    const int64_t x_lo = std::max<int64_t>(0, static_cast<int64_t>(x) - width);
    const int64_t x_hi = std::min<int64_t>(n, static_cast<int64_t>(x) + width);
    const int32_t y_lo = std::max<int32_t>(0, static_cast<int32_t>(y) - width);
    const int32_t y_hi =
        std::min<int32_t>(static_cast<int32_t>(m), static_cast<int32_t>(y) + width);
    for (int64_t xx = x_lo; xx <= x_hi; ++xx) {
      out.lo[xx] = std::min(out.lo[xx], y_lo);
      out.hi[xx] = std::max(out.hi[xx], y_hi);
    }
  }
  out.finish(n, m);
  return out;
}

Band initial_band(const SideFeatures& es, const SideFeatures& en, uint32_t concept_count,
                  const AlignOptions& opt, size_t* anchor_count) {
  const size_t n = es.size();
  const size_t m = en.size();
  if (static_cast<double>(n + 1) * static_cast<double>(m + 1) <=
      static_cast<double>(opt.full_search_cells))
    return Band::full(n, m);
  auto anchors = find_anchors(es, en, concept_count, opt);
  *anchor_count = anchors.size();
  std::vector<std::pair<uint32_t, uint32_t>> points{{0, 0}};
  for (auto [i, j] : anchors) {
    points.push_back({i, j});
    points.push_back({i + 1, j + 1});
  }
  points.push_back({static_cast<uint32_t>(n), static_cast<uint32_t>(m)});
  // Keep the band's size linear in the document: widen to the budget, never
  // past it (a document with no anchors at all and wildly different sides
  // then gets a diagonal band, not a quadratic search).
  // Where the path leaves a narrowed band, the search widens it locally
  // (band_retries), so a tight budget costs little accuracy.
  const double budget = std::max(1.0e6, opt.band_cells_per_segment * static_cast<double>(n + m));
  double scale = 1.0;
  Band band = band_through(points, n, m, opt, scale);
  while (static_cast<double>(band.cells) > budget && scale > 1e-4) {
    scale /= 2;
    band = band_through(points, n, m, opt, scale);
  }
  return band;
}

}  // namespace alinea::align::detail
