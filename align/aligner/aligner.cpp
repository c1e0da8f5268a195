#include "align/aligner/aligner.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "align/aligner/confidence.h"
#include "align/aligner/crossings.h"
#include "align/aligner/features.h"
#include "align/aligner/lattice.h"
#include "align/aligner/misplacement.h"
#include "align/aligner/search.h"
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
// Mean of the k best 1-1 similarities of each segment among the segments of
// the other side that the band lets it meet: how well a segment matches its
// neighbourhood anyway (the margin idea of bitext mining). Mixed into the
// random baseline, it makes generic segments (common names, formulas) earn
// their pairing by standing out from their neighbours.
void neighbour_baselines(Scorer& scorer, const Band& band, SideFeatures& es, SideFeatures& en,
                         const AlignOptions& opt) {
  const size_t k = static_cast<size_t>(std::max(0, opt.neighbour_k));
  if (k == 0 || opt.neighbour_mix <= 0.0) return;
  const size_t n = es.size();
  const size_t m = en.size();
  const int side = std::max(1, opt.max_bead_side);
  std::vector<float> col_top(m * k, -1.0f);
  std::vector<float> row_top(k);
  auto push = [k](float* top, float v) {  // keeps top[0..k) sorted, largest first
    if (v <= top[k - 1]) return;
    size_t p = k - 1;
    while (p > 0 && top[p - 1] < v) {
      top[p] = top[p - 1];
      --p;
    }
    top[p] = v;
  };
  auto mean_top = [k](const float* top, float fallback) {
    double sum = 0;
    size_t count = 0;
    for (size_t t = 0; t < k; ++t)
      if (top[t] >= 0.0f) {
        sum += top[t];
        ++count;
      }
    // Too few neighbours to judge: keep the random baseline.
    return count < k ? fallback : static_cast<float>(sum / static_cast<double>(count));
  };
  std::vector<float> es_local(n);
  for (size_t i = 0; i < n; ++i) {
    std::fill(row_top.begin(), row_top.end(), -1.0f);
    const size_t x = i + 1;
    const int64_t begin = std::max<int64_t>(0, band.lo[x] - side);
    const int64_t end = std::min<int64_t>(static_cast<int64_t>(m), band.hi[x]);
    for (int64_t j = begin; j < end; ++j) {
      const float sim = static_cast<float>(scorer.pair_similarity(i, static_cast<size_t>(j)));
      push(row_top.data(), sim);
      push(col_top.data() + static_cast<size_t>(j) * k, sim);
    }
    es_local[i] = mean_top(row_top.data(), es.baseline[i]);
  }
  const float mix = static_cast<float>(std::clamp(opt.neighbour_mix, 0.0, 1.0));
  for (size_t i = 0; i < n; ++i) es.baseline[i] = (1 - mix) * es.baseline[i] + mix * es_local[i];
  for (size_t j = 0; j < m; ++j)
    en.baseline[j] =
        (1 - mix) * en.baseline[j] + mix * mean_top(col_top.data() + j * k, en.baseline[j]);
}

void calibrate_deletion(Scorer& scorer, const SideFeatures& es, const SideFeatures& en,
                        const AlignOptions& opt) {
  const size_t n = es.size();
  const size_t m = en.size();
  Random rng{0x5EED0002ull};
  std::vector<double> costs;
  const size_t pairs = std::min<size_t>(20000, 4 * std::max(n, m));
  costs.reserve(pairs);
  for (size_t p = 0; p < pairs; ++p) costs.push_back(scorer.pair_cost(rng.below(n), rng.below(m)));
  // Never dearer than pairing two segments that share nothing at all: when
  // most random pairs are absurd (a side padded with unrelated text) the
  // quantile alone would make every omission too expensive.
  scorer.params.deletion_cost = std::clamp(
      opt.deletion_scale * quantile(std::move(costs), opt.deletion_quantile) + opt.deletion_floor,
      0.1, opt.deletion_cap * opt.lexical_weight);
}

void random_baselines(Scorer& scorer, SideFeatures& es, SideFeatures& en) {
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
}

// Self-training: a Dice table from the 1-1 beads of the first pass that are
// flanked by 1-1 beads (the cheapest AlignOptions::self_train_quantile of
// them), added to the Spanish words' concepts. Also re-estimates the length
// model from the same beads.
size_t self_train(const PassResult& pass, SideFeatures& es, const SideFeatures& en, Scorer& scorer,
                  const AlignOptions& opt) {
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
  const double limit = quantile(costs, opt.self_train_quantile);
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
    scorer.params.length_variance =
        std::clamp(1.5 * num / den, opt.length_variance * opt.variance_floor, 40.0);
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
  detail::flatten(es);
  return learnt;
}

// How much dearer omissions and merges should be for this document than the
// options assume: the first pass's shares of such beads against the
// reference shares (add-one smoothing, so that a short document is not
// judged clean on too little evidence).
void estimate_type_priors(const PassResult& pass, Scorer& scorer, const AlignOptions& opt) {
  double deletions = 0, merges = 0;
  for (const Bead& b : pass.beads) {
    if (b.src.empty() || b.tgt.empty())
      ++deletions;
    else
      merges += static_cast<double>(b.src.size + b.tgt.size - 2);
  }
  const double beads = static_cast<double>(pass.beads.size());
  auto extra = [&](double count, double reference) {
    const double share = (count + 1.0) / (beads + 2.0);
    return std::clamp(std::log(reference / share), 0.0, opt.type_prior_cap);
  };
  scorer.params.deletion_prior = extra(deletions, opt.reference_deletion_share);
  scorer.params.merge_prior = extra(merges, opt.reference_merge_share);
}

double total_length(const SideFeatures& side) {
  double sum = 0;
  for (uint32_t l : side.length) sum += l;
  return sum;
}

}  // namespace

Aligner::Aligner(AlignResources resources, AlignOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->resources = resources;
  impl_->options = std::move(options);
  if (impl_->options.max_bead_side < 1) impl_->options.max_bead_side = 1;
  if (impl_->options.max_bead_side > detail::kMaxBeadSide)
    impl_->options.max_bead_side = detail::kMaxBeadSide;
  if (resources.lexicon) impl_->relation.build(*resources.lexicon, impl_->options.max_translations);
}

Aligner::~Aligner() = default;
Aligner::Aligner(Aligner&&) noexcept = default;
Aligner& Aligner::operator=(Aligner&&) noexcept = default;

const AlignOptions& Aligner::options() const { return impl_->options; }

Alignment Aligner::align(const std::vector<Segment>& es_segments,
                         const std::vector<Segment>& en_segments, AlignStats* stats,
                         std::vector<BeadEvidence>* evidence) const {
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
    if (evidence) {
      const std::vector<double> none(out.beads.size(), 0.0);
      *evidence = bead_evidence(out, none, none);
    }
    if (opt.progress) opt.progress(n, n);
    return out;
  }

  ConceptIds ids(&impl_->relation.base_ids);
  SideFeatures es = detail::build_side(es_segments, Language::Spanish, impl_->relation, ids, opt,
                                       impl_->resources.subwords);
  SideFeatures en = detail::build_side(en_segments, Language::English, impl_->relation, ids, opt,
                                       impl_->resources.subwords);
  const uint32_t concepts = ids.size();

  Scorer scorer(es, en, opt, concepts);
  // Ratio of mean segment lengths, not of totals: one side may be much
  // longer than the other (omitted passages) without its sentences being so.
  const double mean_es = total_length(es) / static_cast<double>(n);
  const double mean_en = total_length(en) / static_cast<double>(m);
  scorer.params.length_ratio = std::clamp(mean_en / std::max(1.0, mean_es), 0.5, 2.0);
  random_baselines(scorer, es, en);
  Band band = detail::initial_band(es, en, concepts, opt, &st.anchors);
  neighbour_baselines(scorer, band, es, en, opt);
  calibrate_deletion(scorer, es, en, opt);

  // Search the band; where the best path runs along its edge, the band was
  // too narrow there (a stray anchor, a long omission): widen it locally and
  // search again.
  const int retry_width = 4 * std::max(opt.band_min_width, 4);
  auto search = [&](bool posteriors, int retries, int max_segments) {
    int width = retry_width;
    detail::ForwardMemo memo;  // a retry redoes only the rows from the first widened one
    for (int retry = 0;; ++retry) {
      const bool last = retry >= retries;
      PassResult r = detail::run_pass(scorer, band, posteriors, max_segments,
                                      last ? detail::OnEdge::finish : detail::OnEdge::stop, &memo);
      st.cells_searched += r.cells_searched;
      if (!r.touches_edge || last) return r;
      ++st.band_retries;
      band = detail::widen_at(band, r.edge_states, n, m, width);
      width *= 4;
    }
  };

  PassResult result;
  if (opt.self_train) {
    // The first pass only guides: where its path ran along the band's edge
    // the second pass gets a wider band instead of the first being redone.
    // Its 1-1 beads are all self-training needs: 1-2 and 2-1 keep the path
    // on track, larger shapes are left to the second pass.
    PassResult first = search(false, 0, 3);
    st.learnt_pairs = self_train(first, es, en, scorer, opt);
    estimate_type_priors(first, scorer, opt);
    band = detail::band_around(first.states, n, m, opt.band_min_width);
    if (first.touches_edge) band = detail::widen_at(band, first.edge_states, n, m, retry_width);
    random_baselines(scorer, es, en);
    neighbour_baselines(scorer, band, es, en, opt);
    calibrate_deletion(scorer, es, en, opt);
    result = search(true, opt.band_retries, 0);
  } else {
    result = search(true, opt.band_retries, 0);
  }
  st.lattice_cells = result.cells;
  st.length_ratio = scorer.params.length_ratio;
  st.length_variance = scorer.params.length_variance;
  st.deletion_cost = scorer.params.deletion_cost;
  out.beads = std::move(result.beads);
  // Crossings are merged first, so that the confidence model judges the
  // beads it returns (a merged bead holds the smaller posterior of the two).
  if (opt.merge_crossings) out.beads = detail::merge_crossings(out.beads, scorer);
  if (opt.calibrate_confidence || evidence) {
    // Absorption reads which words of a merge the lexicon pairs. Without one
    // almost nothing is paired, and every merge would look absorbed.
    const bool has_lexicon = impl_->resources.lexicon && !impl_->resources.lexicon->empty();
    std::vector<BeadEvidence> ev =
        bead_evidence(out, detail::misplacement(out.beads, scorer),
                      has_lexicon ? detail::absorption(out.beads, scorer)
                                  : std::vector<double>(out.beads.size(), 0.0));
    if (opt.calibrate_confidence)
      for (size_t k = 0; k < out.beads.size(); ++k)
        out.beads[k].confidence = calibrated_confidence(ev[k]);
    if (evidence) *evidence = std::move(ev);
  }
  return out;
}

}  // namespace alinea::align
