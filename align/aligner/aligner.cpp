#include "align/aligner/aligner.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "align/aligner/features.h"
#include "align/aligner/lattice.h"
#include "align/lexicon/lexicon.h"

namespace alinea::align {

using detail::Band;
using detail::ConceptIds;
using detail::PassResult;
using detail::Scorer;
using detail::SideFeatures;

struct Aligner::Impl {
  AlignResources resources;
  AlignOptions options;
  detail::StemRelation relation;
};

namespace {

// Deterministic pseudo-random numbers (splitmix64): the same document always
// gets the same calibration samples.
struct Random {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  size_t k = static_cast<size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// Similarity of each segment to random segments of the other side (the
// vecalign normalisation), and the deletion cost from the costs of random
// 1-1 pairs: a deletion must be cheaper than pairing unrelated segments.
void calibrate(Scorer& scorer, SideFeatures& es, SideFeatures& en, const AlignOptions& opt) {
  const size_t n = es.size();
  const size_t m = en.size();
  constexpr size_t kSamples = 6;
  Random rng{0x5EED0001ull};
  std::vector<double> en_sum(m, 0.0);
  std::vector<uint32_t> en_count(m, 0);
  double total = 0.0;
  size_t total_count = 0;
  // Sample at most ~60k pairs: enough for a mean and a quantile, and it keeps
  // calibration linear and cheap for long documents.
  const size_t rows = std::min<size_t>(n, 10000);
  std::vector<double> es_base(n, -1.0);
  for (size_t r = 0; r < rows; ++r) {
    size_t i = rows == n ? r : rng.below(n);
    double sum = 0.0;
    for (size_t s = 0; s < kSamples; ++s) {
      size_t j = rng.below(m);
      double sim = scorer.pair_similarity(i, j);
      sum += sim;
      en_sum[j] += sim;
      ++en_count[j];
      total += sim;
      ++total_count;
    }
    es_base[i] = sum / kSamples;
  }
  const double mean = total_count ? total / static_cast<double>(total_count) : 0.0;
  for (size_t i = 0; i < n; ++i)
    es.baseline[i] = static_cast<float>(es_base[i] >= 0.0 ? es_base[i] : mean);
  for (size_t j = 0; j < m; ++j)
    en.baseline[j] = static_cast<float>(en_count[j] ? en_sum[j] / en_count[j] : mean);

  std::vector<double> costs;
  const size_t pairs = std::min<size_t>(20000, 4 * std::max(n, m));
  costs.reserve(pairs);
  for (size_t p = 0; p < pairs; ++p) costs.push_back(scorer.pair_cost(rng.below(n), rng.below(m)));
  scorer.params.deletion_cost =
      std::max(0.1, opt.deletion_scale * quantile(std::move(costs), opt.deletion_quantile));
}

// Anchors: pairs of segments that share concepts found in very few segments
// of either side (names, numbers, rare words and their translations), best
// for each other, then the heaviest chain increasing on both sides.
std::vector<std::pair<uint32_t, uint32_t>> find_anchors(const SideFeatures& es,
                                                        const SideFeatures& en,
                                                        uint32_t concept_count,
                                                        const AlignOptions& opt) {
  const size_t n = es.size();
  const size_t m = en.size();
  const uint32_t max_df = static_cast<uint32_t>(std::max(1, opt.anchor_max_df));
  auto segment_concepts = [](const SideFeatures& side, size_t s, std::vector<uint32_t>& out) {
    out.clear();
    for (uint32_t k = side.token_begin[s]; k < side.token_begin[s + 1]; ++k) {
      const auto& c = side.types[side.token_type[k]].concepts;
      out.insert(out.end(), c.begin(), c.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  };
  std::vector<uint32_t> df_es(concept_count, 0), df_en(concept_count, 0);
  std::vector<uint32_t> buf;
  for (size_t i = 0; i < n; ++i) {
    segment_concepts(es, i, buf);
    for (uint32_t c : buf) ++df_es[c];
  }
  // Postings of rare English concepts, as a CSR array.
  std::vector<uint32_t> post_begin(concept_count + 1, 0);
  for (size_t j = 0; j < m; ++j) {
    segment_concepts(en, j, buf);
    for (uint32_t c : buf) ++df_en[c];
  }
  for (uint32_t c = 0; c < concept_count; ++c)
    post_begin[c + 1] = post_begin[c] + (df_en[c] <= max_df ? df_en[c] : 0);
  std::vector<uint32_t> postings(post_begin[concept_count]);
  {
    std::vector<uint32_t> fill(post_begin.begin(), post_begin.end() - 1);
    for (size_t j = 0; j < m; ++j) {
      segment_concepts(en, j, buf);
      for (uint32_t c : buf)
        if (df_en[c] <= max_df) postings[fill[c]++] = static_cast<uint32_t>(j);
    }
  }

  struct Candidate {
    uint32_t i, j;
    double score;
  };
  std::vector<Candidate> candidates;
  std::unordered_map<uint32_t, double> score;
  std::vector<uint32_t> hits;
  for (size_t i = 0; i < n; ++i) {
    score.clear();
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
        if (df_en[c] == 0 || df_en[c] > max_df || df_es[c] > max_df) continue;
        es_df = std::max(es_df, df_es[c]);
        hits.insert(hits.end(), postings.begin() + post_begin[c], postings.begin() + post_begin[c + 1]);
      }
      if (hits.empty()) continue;
      std::sort(hits.begin(), hits.end());
      hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
      if (hits.size() > max_df) continue;
      const double vote = 1.0 / std::sqrt(static_cast<double>(hits.size()) * std::max<uint32_t>(1, es_df));
      for (uint32_t j : hits) score[j] += vote;
    }
    double best = 0.0, second = 0.0;
    uint32_t best_j = 0;
    for (auto [j, s] : score) {
      if (s > best || (s == best && j < best_j)) {
        second = best;
        best = s;
        best_j = j;
      } else if (s > second) {
        second = s;
      }
    }
    if (best >= opt.anchor_min_score && best >= 2.0 * second)
      candidates.push_back({static_cast<uint32_t>(i), best_j, best});
  }
  // Mutual best: one candidate per English segment.
  {
    std::unordered_map<uint32_t, size_t> by_j;
    std::vector<bool> keep(candidates.size(), true);
    for (size_t k = 0; k < candidates.size(); ++k) {
      auto [it, inserted] = by_j.emplace(candidates[k].j, k);
      if (!inserted) {
        size_t other = it->second;
        if (candidates[k].score > candidates[other].score) {
          keep[other] = false;
          it->second = k;
        } else {
          keep[k] = false;
        }
      }
    }
    std::vector<Candidate> kept;
    for (size_t k = 0; k < candidates.size(); ++k)
      if (keep[k]) kept.push_back(candidates[k]);
    candidates.swap(kept);
  }
  // Heaviest chain with strictly increasing i and j (candidates are sorted by
  // i, one per i): Fenwick tree of best chain weight ending below each j.
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
    const double w = width_scale * (opt.band_min_width +
                                    opt.band_gap_fraction * static_cast<double>(std::max(dx, dy))) +
                     static_cast<double>(std::abs(dx - dy));
    for (int64_t x = x1; x <= x2; ++x) {
      const double center =
          dx == 0 ? static_cast<double>(y1) + dy / 2.0
                  : static_cast<double>(y1) + static_cast<double>(x - x1) * dy / static_cast<double>(dx);
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
      band.lo[xx] = std::min<int32_t>(band.lo[xx], std::max<int32_t>(0, static_cast<int32_t>(y) - width));
      band.hi[xx] = std::max<int32_t>(band.hi[xx],
                                     std::min<int32_t>(static_cast<int32_t>(m), static_cast<int32_t>(y) + width));
    }
  }
  band.finish(n, m);
  return band;
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
  const double budget = std::max(4.0e6, 400.0 * static_cast<double>(n + m));
  double scale = 1.0;
  Band band = band_through(points, n, m, opt, scale);
  while (static_cast<double>(band.cells) > budget && scale > 0.05) {
    scale /= 2;
    band = band_through(points, n, m, opt, scale);
  }
  return band;
}

// Self-training: a Dice table from confident 1-1 beads of the first pass
// (each flanked by 1-1 beads and cheaper than the median of such beads),
// added to the Spanish words' concepts. Also re-estimates the length model
// from the same beads.
size_t self_train(const PassResult& pass, SideFeatures& es, const SideFeatures& en,
                  Scorer& scorer, const AlignOptions& opt) {
  std::vector<size_t> chosen;
  std::vector<double> costs;
  const auto& beads = pass.beads;
  auto one_one = [&](size_t k) { return beads[k].src.size == 1 && beads[k].tgt.size == 1; };
  for (size_t k = 1; k + 1 < beads.size(); ++k)
    if (one_one(k) && one_one(k - 1) && one_one(k + 1)) {
      chosen.push_back(k);
      costs.push_back(beads[k].score);
    }
  if (chosen.size() < 4) return 0;
  const double limit = quantile(costs, opt.self_train_min_confidence);
  std::vector<size_t> good;
  for (size_t c = 0; c < chosen.size(); ++c)
    if (costs[c] <= limit) good.push_back(chosen[c]);
  if (good.size() > opt.self_train_max_beads) {  // spread evenly over the document
    std::vector<size_t> sample;
    for (size_t s = 0; s < opt.self_train_max_beads; ++s)
      sample.push_back(good[s * good.size() / opt.self_train_max_beads]);
    good.swap(sample);
  }

  // Length model from the same beads.
  double sum_es = 0, sum_en = 0;
  for (size_t k : good) {
    sum_es += es.length[beads[k].src.begin];
    sum_en += en.length[beads[k].tgt.begin];
  }
  if (sum_es > 0 && sum_en > 0 && good.size() >= 20) {
    const double c = sum_en / sum_es;
    double num = 0, den = 0;
    for (size_t k : good) {
      const double le = es.length[beads[k].src.begin];
      const double ln = en.length[beads[k].tgt.begin];
      num += (ln - c * le) * (ln - c * le);
      den += std::max(1.0, (le + ln / c) / 2.0);
    }
    scorer.params.length_ratio = c;
    // Confident beads are the easy ones: widen their variance a little so
    // harder true pairs are not punished.
    scorer.params.length_variance = std::clamp(1.5 * num / den, 2.0, 40.0);
  }

  auto keys = [](const SideFeatures& side, size_t s, std::vector<uint32_t>& out) {
    out.clear();
    for (uint32_t k = side.token_begin[s]; k < side.token_begin[s + 1]; ++k) {
      const auto& t = side.types[side.token_type[k]];
      if (!t.number) out.push_back(t.self_key);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  };
  std::unordered_map<uint32_t, uint32_t> count_es, count_en;
  std::vector<uint64_t> pairs;
  std::vector<uint32_t> ke, kf;
  for (size_t k : good) {
    keys(es, beads[k].src.begin, ke);
    keys(en, beads[k].tgt.begin, kf);
    for (uint32_t e : ke) ++count_es[e];
    for (uint32_t f : kf) ++count_en[f];
    for (uint32_t e : ke)
      for (uint32_t f : kf) pairs.push_back((static_cast<uint64_t>(e) << 32) | f);
  }
  std::sort(pairs.begin(), pairs.end());
  struct Learnt {
    uint32_t f;
    double dice;
  };
  std::unordered_map<uint32_t, std::vector<Learnt>> table;
  for (size_t p = 0; p < pairs.size();) {
    size_t q = p;
    while (q < pairs.size() && pairs[q] == pairs[p]) ++q;
    const uint32_t e = static_cast<uint32_t>(pairs[p] >> 32);
    const uint32_t f = static_cast<uint32_t>(pairs[p] & 0xFFFFFFFFu);
    const double c = static_cast<double>(q - p);
    if (c >= opt.dice_min_count) {
      const double dice = 2.0 * c / (count_es[e] + count_en[f]);
      if (dice >= opt.dice_threshold) table[e].push_back({f, dice});
    }
    p = q;
  }
  size_t learnt = 0;
  for (auto& [e, list] : table) {
    std::sort(list.begin(), list.end(), [](const Learnt& a, const Learnt& b) {
      return a.dice != b.dice ? a.dice > b.dice : a.f < b.f;
    });
    if (list.size() > 3) list.resize(3);
    learnt += list.size();
  }
  for (auto& type : es.types) {
    auto it = table.find(type.self_key);
    if (it == table.end() || type.number) continue;
    for (const Learnt& l : it->second) type.concepts.push_back(l.f);
    std::sort(type.concepts.begin(), type.concepts.end());
    type.concepts.erase(std::unique(type.concepts.begin(), type.concepts.end()),
                        type.concepts.end());
  }
  return learnt;
}

double total_length(const SideFeatures& side) {
  double sum = 0;
  for (uint32_t l : side.length) sum += l;
  return sum;
}

}  // namespace

Aligner::Aligner(AlignResources resources, AlignOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->resources = resources;
  impl_->options = std::move(options);
  if (impl_->options.max_bead_side < 1) impl_->options.max_bead_side = 1;
  if (impl_->options.max_bead_side > 8) impl_->options.max_bead_side = 8;
  if (resources.lexicon)
    impl_->relation.build(*resources.lexicon, impl_->options.max_translations);
}

Aligner::~Aligner() = default;
Aligner::Aligner(Aligner&&) noexcept = default;
Aligner& Aligner::operator=(Aligner&&) noexcept = default;

const AlignOptions& Aligner::options() const { return impl_->options; }

Alignment Aligner::align(const std::vector<Segment>& es_segments,
                         const std::vector<Segment>& en_segments, AlignStats* stats) const {
  const AlignOptions& opt = impl_->options;
  const size_t n = es_segments.size();
  const size_t m = en_segments.size();
  AlignStats local_stats;
  AlignStats& st = stats ? *stats : local_stats;
  st = AlignStats{};
  Alignment out;
  if (n == 0 || m == 0) {  // nothing can pair: every segment is an omission
    for (uint32_t i = 0; i < n; ++i) out.beads.push_back({{i, 1}, {0, 0}, 0.0, 1.0});
    for (uint32_t j = 0; j < m; ++j) out.beads.push_back({{0, 0}, {j, 1}, 0.0, 1.0});
    if (opt.progress) opt.progress(n, n);
    return out;
  }

  ConceptIds ids(&impl_->relation.base_ids);
  SideFeatures es = detail::build_side(es_segments, Language::Spanish, impl_->relation, ids, opt);
  SideFeatures en = detail::build_side(en_segments, Language::English, impl_->relation, ids, opt);
  const uint32_t concepts = ids.size();

  Scorer scorer(es, en, opt, concepts);
  scorer.params.length_ratio = std::clamp(total_length(en) / std::max(1.0, total_length(es)), 0.2, 5.0);
  calibrate(scorer, es, en, opt);

  Band band = initial_band(es, en, concepts, opt, &st.anchors);
  auto search = [&](bool posteriors) {
    PassResult r = detail::run_pass(scorer, band, posteriors);
    int width = std::max(opt.band_min_width, 4);
    while (r.touches_edge && st.band_retries < opt.band_retries) {
      ++st.band_retries;
      width *= 4;
      Band wider = band_around(r.states, n, m, width);
      // Keep what the old band allowed as well.
      for (size_t x = 0; x <= n; ++x) {
        wider.lo[x] = std::min(wider.lo[x], band.lo[x]);
        wider.hi[x] = std::max(wider.hi[x], band.hi[x]);
      }
      wider.finish(n, m);
      band = std::move(wider);
      r = detail::run_pass(scorer, band, posteriors);
    }
    return r;
  };

  PassResult result;
  if (opt.self_train) {
    PassResult first = search(false);
    st.learnt_pairs = self_train(first, es, en, scorer, opt);
    calibrate(scorer, es, en, opt);
    result = search(true);
  } else {
    result = search(true);
  }
  st.lattice_cells = result.cells;
  st.length_ratio = scorer.params.length_ratio;
  st.length_variance = scorer.params.length_variance;
  st.deletion_cost = scorer.params.deletion_cost;
  out.beads = std::move(result.beads);
  return out;
}

}  // namespace alinea::align
