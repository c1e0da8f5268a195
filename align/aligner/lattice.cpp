#include "align/aligner/lattice.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <exception>
#include <limits>
#include <optional>
#include <thread>

namespace alinea::align::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

uint64_t token_bit(uint32_t k) { return uint64_t{1} << (k & 63u); }

// Coverage a segment reaches by chance against k unrelated segments, given
// its mean coverage b against one: the more segments on the other side of a
// bead, the more of its common words find a match anyway. Subtracting it
// keeps merges from looking better than they are.
double chance(double b, uint32_t k) {
  if (k <= 1) return b;
  const double miss = 1.0 - std::clamp(b, 0.0, 1.0);
  double all_miss = miss;
  for (uint32_t t = 1; t < k; ++t) all_miss *= miss;
  return 1.0 - all_miss;
}

// -log(2 (1 - Phi(z))), the Gale-Church length cost, tabulated: erfc and log
// per bead were a fifth of the search time.
class LengthCostTable {
 public:
  static constexpr double kStep = 1.0 / 64.0;
  static constexpr double kMax = 8.0;
  LengthCostTable() {
    const size_t size = static_cast<size_t>(kMax / kStep) + 2;
    table_.resize(size);
    for (size_t k = 0; k < size; ++k) table_[k] = exact(static_cast<double>(k) * kStep);
  }
  double operator()(double z) const {
    if (z >= kMax) return exact(z);
    const double pos = z / kStep;
    const size_t k = static_cast<size_t>(pos);
    const double frac = pos - static_cast<double>(k);
    return table_[k] + frac * (table_[k + 1] - table_[k]);
  }
  static double exact(double z) {
    if (z < kMax) return -std::log(std::max(std::erfc(z / std::sqrt(2.0)), 1e-300));
    return z * z / 2.0 + std::log(z * std::sqrt(M_PI / 2.0));  // asymptotic tail
  }

 private:
  std::vector<double> table_;
};

const LengthCostTable& length_cost_table() {
  static const LengthCostTable table;
  return table;
}

// Running log-sum-exp.
struct LogSum {
  double max = -kInf;
  double sum = 0.0;
  void add(double v) {
    if (v == -kInf) return;
    if (v > max) {
      sum = sum * std::exp(max - v) + 1.0;
      max = v;
    } else {
      sum += std::exp(v - max);
    }
  }
  double value() const { return max == -kInf ? -kInf : max + std::log(sum); }
};

// The masks of one Spanish row against the English columns the band lets
// its beads reach, and the word matches of the beads wider than one segment
// that cover it (OR-ing masks and weighing their bits is most of a merge's
// cost, and each such span is shared by several beads).
struct MaskRow {
  int64_t row = -1;
  uint32_t col_begin = 0;
  std::vector<CellMasks> masks;
  // Spans of 2 .. spans segments; spans <= 1 when none are kept.
  int spans = 0;
  // es_span: the row's weighted hits against columns [j - w + 1, j], at
  // (j - col_begin) * (spans - 1) + (w - 2). en_span: column j's against
  // this row and the h - 1 rows filled before it (the rows above it in a
  // forward sweep, below it in a backward one), at the same place for h.
  std::vector<double> es_span;
  std::vector<double> en_span;

  const CellMasks& at(uint32_t j) const { return masks[j - col_begin]; }
  bool covers(uint32_t j) const { return j >= col_begin && j - col_begin < masks.size(); }
  double es_hits(uint32_t j_last, uint32_t w) const {
    return es_span[(j_last - col_begin) * (spans - 1) + (w - 2)];
  }
  double en_hits(uint32_t j, uint32_t h) const {
    return en_span[(j - col_begin) * (spans - 1) + (h - 2)];
  }

  void fill(RowMarker& marker, const Band& band, size_t m, int side, uint32_t i) {
    // States (x, y) whose beads cover row i have x in [i + 1, i + side];
    // they read columns [lo[x] - side, hi[x]).
    const int64_t n = static_cast<int64_t>(band.lo.size()) - 1;
    const int64_t first = std::min<int64_t>(i + 1, n);
    const int64_t last = std::min<int64_t>(i + side, n);
    const int64_t begin = std::max<int64_t>(0, band.lo[first] - side);
    const int64_t end = std::min<int64_t>(static_cast<int64_t>(m), band.hi[last]);
    row = i;
    col_begin = static_cast<uint32_t>(begin);
    masks.assign(static_cast<size_t>(std::max<int64_t>(0, end - begin)), CellMasks{});
    marker.mark(i);
    for (int64_t j = begin; j < end; ++j) masks[j - begin] = marker.cell(j);
    spans = 0;
  }

  // `before[k]` is the row filled k + 1 rows before this one, or null.
  void fill_spans(const RowMarker& marker, int widest, const MaskRow* const* before) {
    spans = widest;
    if (spans <= 1) return;
    const size_t per = static_cast<size_t>(spans - 1);
    es_span.resize(masks.size() * per);
    en_span.resize(masks.size() * per);
    const uint32_t i = static_cast<uint32_t>(row);
    for (size_t c = 0; c < masks.size(); ++c) {
      const uint32_t j = col_begin + static_cast<uint32_t>(c);
      uint64_t es_bits = masks[c].es;
      uint64_t en_bits = masks[c].en;
      for (size_t w = 2; w <= static_cast<size_t>(spans); ++w) {
        if (c + 1 >= w) es_bits |= masks[c + 1 - w].es;
        const MaskRow* other = before[w - 2];
        if (other && other->covers(j)) en_bits |= other->at(j).en;
        es_span[c * per + (w - 2)] = weighted_hits(marker.es(), i, es_bits);
        en_span[c * per + (w - 2)] = weighted_hits(marker.en(), j, en_bits);
      }
    }
  }
};

// Masks of the rows near the current one, computed on demand; spans are
// kept for the rows above.
class RowCache {
 public:
  RowCache(RowMarker& marker, const Band& band, size_t m, int max_side, int spans)
      : marker_(marker),
        band_(band),
        m_(m),
        side_(max_side),
        spans_(spans),
        rows_(std::bit_ceil(2u * max_side + 2)) {}

  void at_row(uint32_t) {}  // rows are filled when first read, in any order
  const CellMasks& get(uint32_t i, uint32_t j) { return masks_of(i).at(j); }

  std::optional<double> es_span(uint32_t i, uint32_t j0, uint32_t j1) {
    if (static_cast<int>(j1 - j0) > spans_) return std::nullopt;
    return spanned(i).es_hits(j1 - 1, j1 - j0);
  }
  std::optional<double> en_span(uint32_t i0, uint32_t i1, uint32_t j) {
    if (static_cast<int>(i1 - i0) > spans_) return std::nullopt;
    return spanned(i1 - 1).en_hits(j, i1 - i0);
  }

 private:
  MaskRow& slot(uint32_t i) { return rows_[i & (rows_.size() - 1)]; }  // a power of two

  MaskRow& masks_of(uint32_t i) {
    MaskRow& r = slot(i);
    if (r.row != static_cast<int64_t>(i)) r.fill(marker_, band_, m_, side_, i);
    return r;
  }

  MaskRow& spanned(uint32_t i) {
    MaskRow& r = masks_of(i);
    if (r.spans == spans_) return r;
    std::array<const MaskRow*, kMaxBeadSide> above{};
    for (int k = 1; k < spans_ && static_cast<int64_t>(i) - k >= 0; ++k)
      above[k - 1] = &masks_of(i - k);
    r.fill_spans(marker_, spans_, above.data());
    return r;
  }

  RowMarker& marker_;
  const Band& band_;
  size_t m_;
  int side_;
  int spans_;
  std::vector<MaskRow> rows_;
};

// The masks of every row of one sweep, filled ahead of it by a thread of its
// own: marking rows and comparing them with the band's columns is half of a
// pass, and a sweep reads the rows in a known order. The filler runs at most
// kSlots rows ahead; the sweep says which rows it no longer reads.
class RowStream {
 public:
  enum class Order { forward, backward };

  // A forward sweep reads rows first_row .. n - 1, a backward one all rows.
  RowStream(const Scorer& scorer, const Band& band, int max_side, int spans, Order order,
            uint32_t first_row = 0)
      : marker_(scorer.new_marker()),
        band_(band),
        m_(scorer.en().size()),
        n_(band.lo.size() - 1),
        first_(order == Order::forward ? std::min<uint64_t>(first_row, n_) : 0),
        side_(max_side),
        spans_(spans),
        order_(order),
        slots_(kSlots) {
    filler_ = std::thread([this] { fill_all(); });
  }
  ~RowStream() {
    stop_.store(true, std::memory_order_relaxed);
    filler_.join();
  }
  RowStream(const RowStream&) = delete;
  RowStream& operator=(const RowStream&) = delete;

  // The sweep is at state row x: it reads rows [x - side, x) going forward,
  // [x, x + side) going backward, and none of those it has left behind.
  void at_row(uint32_t x) {
    const int64_t done = order_ == Order::forward
                             ? int64_t{x} - side_ - static_cast<int64_t>(first_)
                             : static_cast<int64_t>(n_) - x - side_;
    if (done > 0 && static_cast<uint64_t>(done) > released_seen_) {
      released_seen_ = static_cast<uint64_t>(done);
      released_.store(released_seen_, std::memory_order_release);
    }
  }

  const CellMasks& get(uint32_t i, uint32_t j) { return row(i).at(j); }

  // Spans the filler had time for; the sweep works out the others.
  std::optional<double> es_span(uint32_t i, uint32_t j0, uint32_t j1) {
    const MaskRow& r = row(i);
    if (static_cast<int>(j1 - j0) > r.spans) return std::nullopt;
    return r.es_hits(j1 - 1, j1 - j0);
  }
  std::optional<double> en_span(uint32_t i0, uint32_t i1, uint32_t j) {
    // Spans run from a row towards those filled before it.
    const MaskRow& r = row(order_ == Order::forward ? i1 - 1 : i0);
    if (static_cast<int>(i1 - i0) > r.spans) return std::nullopt;
    return r.en_hits(j, i1 - i0);
  }

 private:
  static constexpr uint64_t kSlots = 64;  // a power of two, more than 2 * side rows

  uint64_t position(uint32_t row) const {
    return order_ == Order::forward ? row - first_ : n_ - 1 - row;
  }
  uint32_t row_at(uint64_t p) const {
    return static_cast<uint32_t>(order_ == Order::forward ? first_ + p : n_ - 1 - p);
  }

  const MaskRow& row(uint32_t i) {
    const uint64_t p = position(i);
    if (p >= ready_) wait_for(p);
    return slots_[p & (kSlots - 1)];
  }

  void fill_all() {
    try {
      for (uint64_t p = 0; p < n_ - first_; ++p) {
        while (p >= released_.load(std::memory_order_acquire) + kSlots) {
          if (stop_.load(std::memory_order_relaxed)) return;
          std::this_thread::yield();
        }
        if (stop_.load(std::memory_order_relaxed)) return;
        const uint32_t row = row_at(p);
        MaskRow& slot = slots_[p & (kSlots - 1)];
        slot.fill(marker_, band_, m_, side_, row);
        // Spans only while the filler is well ahead: where the sweep waits
        // for rows, it is quicker for the sweep to work them out itself.
        if (p >= released_.load(std::memory_order_relaxed) + kSlots / 8) {
          // Earlier slots are the filler's own: the sweep only reads them.
          std::array<const MaskRow*, kMaxBeadSide> before{};
          for (int k = 1; k < spans_ && p >= static_cast<uint64_t>(k); ++k)
            before[k - 1] = &slots_[(p - k) & (kSlots - 1)];
          slot.fill_spans(marker_, spans_, before.data());
        }
        filled_.store(p + 1, std::memory_order_release);
      }
    } catch (...) {
      error_ = std::current_exception();
      failed_.store(true, std::memory_order_release);
    }
  }

  void wait_for(uint64_t p) {
    for (;;) {
      ready_ = filled_.load(std::memory_order_acquire);
      if (p < ready_) return;
      if (failed_.load(std::memory_order_acquire)) std::rethrow_exception(error_);
      std::this_thread::yield();
    }
  }

  RowMarker marker_;
  const Band& band_;
  size_t m_;
  uint64_t n_;
  uint64_t first_;
  int side_;
  int spans_;
  Order order_;
  std::vector<MaskRow> slots_;
  // Written by the filler, read by the sweep.
  std::atomic<uint64_t> filled_{0};
  std::atomic<bool> failed_{false};
  std::exception_ptr error_;
  // Written by the sweep, read by the filler.
  std::atomic<uint64_t> released_{0};
  std::atomic<bool> stop_{false};
  // The sweep's own copies.
  uint64_t ready_ = 0;
  uint64_t released_seen_ = 0;
  std::thread filler_;  // last: starts once everything above is constructed
};

// Whether a pass over this band fills its rows on a second thread: only
// where a second core is there and the band is large enough to repay it.
bool stream_rows(const AlignOptions& options, const Band& band) {
  constexpr uint64_t kMinCells = 200000;
  if (options.threads == 1 || band.cells < kMinCells) return false;
  return options.threads >= 2 || std::thread::hardware_concurrency() >= 2;
}

// What Scorer reads masks through, from a RowCache or a RowStream.
template <typename Rows>
struct RowsMasks {
  Rows& rows;
  void at_row(uint32_t x) const { rows.at_row(x); }
  CellMasks operator()(uint32_t i, uint32_t j) const { return rows.get(i, j); }
  std::optional<double> es_span(uint32_t i, uint32_t j0, uint32_t j1) const {
    return rows.es_span(i, j0, j1);
  }
  std::optional<double> en_span(uint32_t i0, uint32_t i1, uint32_t j) const {
    return rows.en_span(i0, i1, j);
  }
};

struct SingleCell {
  CellMasks m;
  CellMasks operator()(uint32_t, uint32_t) const { return m; }
  std::optional<double> es_span(uint32_t, uint32_t, uint32_t) const { return std::nullopt; }
  std::optional<double> en_span(uint32_t, uint32_t, uint32_t) const { return std::nullopt; }
};

}  // namespace

std::vector<BeadShape> bead_shapes(int max_side, int max_segments) {
  std::vector<BeadShape> shapes{{1, 0}, {0, 1}};
  for (int a = 1; a <= max_side; ++a)
    for (int b = 1; b <= max_side; ++b)
      if (a + b <= std::max(2, max_segments)) shapes.push_back({a, b});
  return shapes;
}

Band Band::full(size_t n, size_t m) {
  Band band;
  band.lo.assign(n + 1, 0);
  band.hi.assign(n + 1, static_cast<int32_t>(m));
  band.finish(n, m);
  return band;
}

void Band::finish(size_t n, size_t m) {
  const int32_t mm = static_cast<int32_t>(m);
  lo.resize(n + 1, 0);
  hi.resize(n + 1, mm);
  for (size_t x = 0; x <= n; ++x) {
    lo[x] = std::clamp(lo[x], 0, mm);
    hi[x] = std::clamp(hi[x], 0, mm);
    if (lo[x] > hi[x]) std::swap(lo[x], hi[x]);
  }
  lo[0] = 0;
  hi[n] = mm;
  for (size_t x = n; x-- > 0;) lo[x] = std::min(lo[x], lo[x + 1]);
  for (size_t x = 1; x <= n; ++x) hi[x] = std::max(hi[x], hi[x - 1]);
  for (size_t x = 1; x <= n; ++x) lo[x] = std::min(lo[x], hi[x - 1]);
  offset.resize(n + 2);
  cells = 0;
  for (size_t x = 0; x <= n; ++x) {
    offset[x] = cells;
    cells += static_cast<uint64_t>(hi[x] - lo[x] + 1);
  }
  offset[n + 1] = cells;
}

RowMarker::RowMarker(const SideFeatures& es, const SideFeatures& en, uint32_t concept_count)
    : es_(es), en_(en), concept_mask_(concept_count, 0) {}

Scorer::Scorer(const SideFeatures& es, const SideFeatures& en, const AlignOptions& options,
               uint32_t concept_count)
    : es_(es),
      en_(en),
      options_(options),
      concept_count_(concept_count),
      marker_(es, en, concept_count) {
  params.paragraphs = es.has_paragraphs && en.has_paragraphs;
  params.length_variance = options.length_variance;
}

double weighted_hits(const SideFeatures& side, size_t s, uint64_t mask) {
  const uint32_t first = side.token_begin[s];
  const uint32_t count = side.token_begin[s + 1] - first;
  double sum = 0.0;
  if (count <= 64) {
    while (mask) {
      int k = std::countr_zero(mask);
      mask &= mask - 1;
      if (static_cast<uint32_t>(k) < count) sum += side.token_weight[first + k];
    }
  } else {
    for (uint32_t k = 0; k < count; ++k)
      if (mask & token_bit(k)) sum += side.token_weight[first + k];
  }
  return sum;
}

void RowMarker::mark(size_t i) {
  if (marked_row_ == static_cast<int64_t>(i)) return;
  for (uint32_t c : marked_) concept_mask_[c] = 0;
  marked_.clear();
  for (uint32_t k = es_.token_begin[i]; k < es_.token_begin[i + 1]; ++k) {
    uint64_t bit = token_bit(k - es_.token_begin[i]);
    for (uint32_t q = es_.token_concept_begin[k]; q < es_.token_concept_begin[k + 1]; ++q) {
      const uint32_t c = es_.token_concepts[q];
      if (concept_mask_[c] == 0) marked_.push_back(c);
      concept_mask_[c] |= bit;
    }
  }
  marked_row_ = static_cast<int64_t>(i);
}

uint64_t RowMarker::es_matched(size_t i, SegmentRange en) {
  mark(i);
  uint64_t bits = 0;
  for (uint32_t j = en.begin; j < en.end(); ++j) bits |= cell(j).es;
  return bits;
}

uint64_t RowMarker::en_matched(size_t j, SegmentRange es) {
  uint64_t bits = 0;
  for (uint32_t i = es.begin; i < es.end(); ++i) {
    mark(i);
    bits |= cell(j).en;
  }
  return bits;
}

CellMasks RowMarker::cell(size_t j) const {
  CellMasks out;
  const uint32_t first = en_.token_begin[j];
  for (uint32_t k = first; k < en_.token_begin[j + 1]; ++k) {
    for (uint32_t q = en_.token_concept_begin[k]; q < en_.token_concept_begin[k + 1]; ++q) {
      uint64_t m = concept_mask_[en_.token_concepts[q]];
      if (m) {
        out.es |= m;
        out.en |= token_bit(k - first);
      }
    }
  }
  // 1-1, 1-2 and 2-1 beads use these directly instead of recounting.
  out.es_hits = static_cast<float>(weighted_hits(es_, static_cast<size_t>(marked_row_), out.es));
  out.en_hits = static_cast<float>(weighted_hits(en_, j, out.en));
  return out;
}

double Scorer::length_cost(double l_es, double l_en) const {
  const double c = params.length_ratio;
  const double var = params.length_variance * std::max(1.0, (l_es + l_en / c) / 2.0);
  const double z = std::abs(l_en - c * l_es) / std::sqrt(var);
  return std::min(length_cost_table()(z), options_.length_cost_cap);
}

template <typename Masks>
double Scorer::similarity(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1, const Masks& masks,
                          double* baseline) const {
  // Mean over the bead's segments of the share of each segment's (weighted)
  // words matched on the other side. Per segment, not pooled: a long, well
  // matched segment must not hide a short unmatched one in a merge.
  double coverage = 0.0;
  double base = 0.0;
  for (uint32_t i = i0; i < i1; ++i) {
    double hits;
    if (j1 - j0 == 1) {
      hits = masks(i, j0).es_hits;
    } else if (const std::optional<double> kept = masks.es_span(i, j0, j1)) {
      hits = *kept;
    } else {
      uint64_t m = 0;
      for (uint32_t j = j0; j < j1; ++j) m |= masks(i, j).es;
      hits = weighted_hits(es_, i, m);
    }
    const double w = es_.total_weight[i];
    coverage += w > 0.0 ? hits / w : 0.5;
    base += chance(es_.baseline[i], j1 - j0);
  }
  for (uint32_t j = j0; j < j1; ++j) {
    double hits;
    if (i1 - i0 == 1) {
      hits = masks(i0, j).en_hits;
    } else if (const std::optional<double> kept = masks.en_span(i0, i1, j)) {
      hits = *kept;
    } else {
      uint64_t m = 0;
      for (uint32_t i = i0; i < i1; ++i) m |= masks(i, j).en;
      hits = weighted_hits(en_, j, m);
    }
    const double w = en_.total_weight[j];
    coverage += w > 0.0 ? hits / w : 0.5;
    base += chance(en_.baseline[j], i1 - i0);
  }
  const double segments = static_cast<double>((i1 - i0) + (j1 - j0));
  if (baseline) *baseline = base / segments;
  return std::min(1.0, coverage / segments);
}

template <typename Masks>
double Scorer::content_cost(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1,
                            const Masks& masks) const {
  double base = 0.0;
  const double sim = similarity(i0, i1, j0, j1, masks, &base);
  // Per segment, not per bead: otherwise merging everything would be cheap.
  const double segments = static_cast<double>((i1 - i0) + (j1 - j0)) / 2.0;
  double cost = options_.lexical_weight * segments * (1.0 - sim + options_.normalise_weight * base);

  double l_es = static_cast<double>(i1 - i0 - 1);  // joining spaces
  double l_en = static_cast<double>(j1 - j0 - 1);
  int punct = 0;
  std::array<int, 3> diff{};
  for (uint32_t i = i0; i < i1; ++i) {
    l_es += es_.length[i];
    for (int k = 0; k < 3; ++k) diff[k] += es_.punctuation[i][k];
  }
  for (uint32_t j = j0; j < j1; ++j) {
    l_en += en_.length[j];
    for (int k = 0; k < 3; ++k) diff[k] -= en_.punctuation[j][k];
  }
  for (int k = 0; k < 3; ++k) punct += std::abs(diff[k]);
  cost += options_.length_weight * length_cost(l_es, l_en);
  if (!es_.subword_begin.empty() && !en_.subword_begin.empty())
    cost += options_.subword_weight * segments * (1.0 - subword_overlap(i0, i1, j0, j1));
  cost += options_.punctuation_weight * std::min(punct, 3);
  cost += options_.merge_penalty * static_cast<double>((i1 - i0) + (j1 - j0) - 2);
  // Many-to-many beads are rare in real translations and are what two 1-1
  // beads with a weak boundary collapse into.
  if (i1 - i0 > 1 && j1 - j0 > 1) cost += options_.many_to_many_penalty;
  return cost;
}

// Weighted Dice overlap of the subword pieces of the two spans: pieces shared
// by both languages are names, numbers, code, and cognate stems.
double Scorer::subword_overlap(uint32_t i0, uint32_t i1, uint32_t j0, uint32_t j1) const {
  struct Piece {
    uint32_t id;
    float weight;
  };
  auto gather = [](const SideFeatures& side, uint32_t b, uint32_t e, std::vector<Piece>& out,
                   double& total) {
    out.clear();
    for (uint32_t s = b; s < e; ++s)
      for (uint32_t k = side.subword_begin[s]; k < side.subword_begin[s + 1]; ++k)
        out.push_back({side.subwords[k], side.subword_weight[k]});
    if (e - b > 1) {
      std::sort(out.begin(), out.end(), [](const Piece& x, const Piece& y) { return x.id < y.id; });
      out.erase(std::unique(out.begin(), out.end(),
                            [](const Piece& x, const Piece& y) { return x.id == y.id; }),
                out.end());
    }
    total = 0;
    for (const Piece& p : out) total += p.weight;
  };
  thread_local std::vector<Piece> a, b;
  double ta = 0, tb = 0;
  gather(es_, i0, i1, a, ta);
  gather(en_, j0, j1, b, tb);
  if (ta + tb <= 0.0) return 0.0;
  double shared = 0;
  for (size_t p = 0, q = 0; p < a.size() && q < b.size();) {
    if (a[p].id < b[q].id)
      ++p;
    else if (a[p].id > b[q].id)
      ++q;
    else {
      shared += a[p].weight + b[q].weight;
      ++p;
      ++q;
    }
  }
  return shared / (ta + tb);
}

bool Scorer::paragraph_end_es(uint32_t x) const {
  return x == 0 || x >= es_.size() || es_.paragraph[x - 1] != es_.paragraph[x];
}
bool Scorer::paragraph_end_en(uint32_t y) const {
  return y == 0 || y >= en_.size() || en_.paragraph[y - 1] != en_.paragraph[y];
}

template <typename Masks>
double Scorer::bead_cost(uint32_t x, uint32_t y, BeadShape s, const Masks& masks) const {
  const uint32_t i0 = x - s.a;
  const uint32_t j0 = y - s.b;
  double cost;
  double crossings = 0;
  if (params.paragraphs) {
    // A merge across a paragraph boundary is dear but possible:
    // translations re-paragraph (one side's two paragraphs are one
    // paragraph of the other).
    for (uint32_t i = i0 + 1; i < x; ++i) crossings += es_.paragraph[i] != es_.paragraph[i - 1];
    for (uint32_t j = j0 + 1; j < y; ++j) crossings += en_.paragraph[j] != en_.paragraph[j - 1];
    if (crossings > 0 && options_.paragraph_cross_penalty < 0) return kInf;
  }
  if (s.a == 0 || s.b == 0) {
    cost = params.deletion_cost + params.deletion_prior;
  } else {
    cost = content_cost(i0, x, j0, y, masks) + params.merge_prior * (s.a + s.b - 2);
  }
  if (params.paragraphs && paragraph_end_es(x) != paragraph_end_en(y))
    cost += options_.paragraph_penalty;
  cost += options_.paragraph_cross_penalty * crossings;
  return cost;
}

double Scorer::pair_similarity(size_t i, size_t j) {
  marker_.mark(i);
  SingleCell one{marker_.cell(j)};
  return similarity(static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1),
                    static_cast<uint32_t>(j), static_cast<uint32_t>(j + 1), one, nullptr);
}

double Scorer::pair_cost(size_t i, size_t j) {
  marker_.mark(i);
  SingleCell one{marker_.cell(j)};
  return content_cost(static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1),
                      static_cast<uint32_t>(j), static_cast<uint32_t>(j + 1), one);
}

PassResult run_pass(Scorer& scorer, const Band& band, bool posteriors, int max_segments,
                    OnEdge on_edge, ForwardMemo* memo) {
  const AlignOptions& opt = scorer.options();
  const int side = std::max(1, opt.max_bead_side);
  const int segments = max_segments > 0 ? max_segments : opt.max_bead_segments;
  const std::vector<BeadShape> shapes = bead_shapes(side, segments);
  // The widest side of a bead whose other side is not empty.
  int spans = 1;
  for (const BeadShape& s : shapes)
    if (s.a > 0 && s.b > 0) spans = std::max({spans, s.a, s.b});
  const uint32_t n = static_cast<uint32_t>(band.lo.size() - 1);
  const uint32_t m = static_cast<uint32_t>(scorer.en().size());
  const double inv_t = 1.0 / std::max(1e-6, opt.posterior_temperature);
  const size_t ring = static_cast<size_t>(side) + 1;

  RowCache cache(scorer.marker(), band, m, side, spans);
  RowsMasks<RowCache> masks{cache};  // for reads off the sweeps' order
  // A sweep reads its rows from a RowStream on large bands, else from the
  // cache.
  const bool streamed = stream_rows(opt, band);
  auto sweep_rows = [&](RowStream::Order order, uint32_t first_row, auto&& sweep) {
    if (!streamed) {
      sweep(masks);
      return;
    }
    RowStream rows(scorer, band, side, spans, order, first_row);
    RowsMasks<RowStream> streamed_masks{rows};
    sweep(streamed_masks);
  };
  std::vector<std::vector<double>> best(ring), fwd(ring);
  std::vector<uint8_t> back(band.cells, 255);
  std::vector<float> alpha;  // forward log-score relative to the row maximum
  std::vector<double> alpha_row;
  if (posteriors) {
    alpha.assign(band.cells, -std::numeric_limits<float>::infinity());
    alpha_row.assign(n + 1, 0.0);
  }

  // Where a sweep kept from a narrower band can take over.
  constexpr uint32_t kCheckpointRows = 256;
  std::vector<ForwardMemo::Checkpoint> checkpoints;
  uint32_t start = 0;
  if (memo && memo->posteriors == posteriors && memo->shapes == shapes.size() &&
      memo->band.lo.size() == band.lo.size()) {
    uint32_t same = 0;  // rows [0, same) have the same band
    while (same <= n && memo->band.lo[same] == band.lo[same] &&
           memo->band.hi[same] == band.hi[same])
      ++same;
    for (ForwardMemo::Checkpoint& c : memo->checkpoints) {
      if (c.row > same) break;
      start = c.row;
      checkpoints.push_back(std::move(c));
    }
    if (start > 0) {
      const uint64_t kept = band.offset[start];
      std::copy_n(memo->back.begin(), kept, back.begin());
      if (posteriors) {
        std::copy_n(memo->alpha.begin(), kept, alpha.begin());
        std::copy_n(memo->alpha_row.begin(), start, alpha_row.begin());
      }
      const ForwardMemo::Checkpoint& c = checkpoints.back();
      for (int k = 1; k <= side; ++k) {
        best[(start - k) % ring] = c.best[k - 1];
        fwd[(start - k) % ring] = c.fwd[k - 1];
      }
    }
  }

  auto forward = [&](auto& sweep) {
    for (uint32_t x = start; x <= n; ++x) {
      sweep.at_row(x);
      if (memo && x > start && x % kCheckpointRows == 0 && x >= static_cast<uint32_t>(side)) {
        ForwardMemo::Checkpoint& c = checkpoints.emplace_back();
        c.row = x;
        for (int k = 1; k <= side; ++k) {
          c.best.push_back(best[(x - k) % ring]);
          c.fwd.push_back(fwd[(x - k) % ring]);
        }
      }
      const int32_t lo = band.lo[x];
      const int32_t hi = band.hi[x];
      std::vector<double>& v = best[x % ring];
      std::vector<double>& f = fwd[x % ring];
      v.assign(static_cast<size_t>(hi - lo + 1), kInf);
      if (posteriors) f.assign(static_cast<size_t>(hi - lo + 1), -kInf);
      for (int32_t y = lo; y <= hi; ++y) {
        if (x == 0 && y == 0) {
          v[0] = 0.0;
          if (posteriors) f[0] = 0.0;
          continue;
        }
        double best_cost = kInf;
        uint8_t best_shape = 255;
        LogSum sum;
        for (size_t t = 0; t < shapes.size(); ++t) {
          const int64_t px = static_cast<int64_t>(x) - shapes[t].a;
          const int64_t py = static_cast<int64_t>(y) - shapes[t].b;
          if (px < 0 || py < 0 || !band.contains(px, py)) continue;
          const double prev = best[px % ring][py - band.lo[px]];
          if (prev == kInf) continue;
          const double c = scorer.bead_cost(x, static_cast<uint32_t>(y), shapes[t], sweep);
          if (c == kInf) continue;
          if (prev + c < best_cost) {
            best_cost = prev + c;
            best_shape = static_cast<uint8_t>(t);
          }
          if (posteriors) sum.add(fwd[px % ring][py - band.lo[px]] - c * inv_t);
        }
        v[y - lo] = best_cost;
        back[band.offset[x] + (y - lo)] = best_shape;
        if (posteriors) f[y - lo] = sum.value();
      }
      if (posteriors) {
        double top = -kInf;
        for (double a : f) top = std::max(top, a);
        if (top == -kInf) top = 0.0;
        alpha_row[x] = top;
        for (int32_t y = lo; y <= hi; ++y)
          alpha[band.offset[x] + (y - lo)] = static_cast<float>(f[y - lo] - top);
      }
      if (opt.progress && (x % 1024 == 0 || x == n)) opt.progress(x, n);
    }
  };
  sweep_rows(RowStream::Order::forward, start > static_cast<uint32_t>(side) ? start - side : 0,
             forward);

  PassResult result;
  result.cells = band.cells;
  result.cells_searched = band.cells - band.offset[start];
  // Back-trace from (n, m). The final state is always reachable: 1-0 and
  // 0-1 beads connect every pair of neighbouring states of a finished band.
  std::vector<std::pair<uint32_t, uint32_t>> starts;
  {
    uint32_t x = n;
    uint32_t y = m;
    while (x > 0 || y > 0) {
      uint8_t t = back[band.offset[x] + (y - band.lo[x])];
      if (t == 255) break;  // unreachable: cannot happen on a finished band
      const BeadShape s = shapes[t];
      Bead bead;
      bead.src = {x - s.a, static_cast<uint32_t>(s.a)};
      bead.tgt = {y - s.b, static_cast<uint32_t>(s.b)};
      result.beads.push_back(bead);
      result.states.push_back({x, y});
      x -= s.a;
      y -= s.b;
      starts.push_back({x, y});
    }
    std::reverse(result.beads.begin(), result.beads.end());
    std::reverse(result.states.begin(), result.states.end());
    std::reverse(starts.begin(), starts.end());
  }
  for (size_t k = 0; k < result.states.size(); ++k) {
    auto [x, y] = result.states[k];
    bool low_edge = band.lo[x] > 0 && static_cast<int32_t>(y) <= band.lo[x];
    bool high_edge = band.hi[x] < static_cast<int32_t>(m) && static_cast<int32_t>(y) >= band.hi[x];
    // Only pairings count: a run of omissions along the edge (text with no
    // counterpart anywhere near) is no sign that the band missed the path.
    const bool pairing = !result.beads[k].src.empty() && !result.beads[k].tgt.empty();
    if ((low_edge || high_edge) && pairing) {
      result.touches_edge = true;
      result.edge_states.push_back({x, y});
    }
  }
  if (result.touches_edge && on_edge == OnEdge::stop) {
    if (memo) {
      memo->band = band;
      memo->posteriors = posteriors;
      memo->shapes = shapes.size();
      memo->back = std::move(back);
      memo->alpha = std::move(alpha);
      memo->alpha_row = std::move(alpha_row);
      memo->checkpoints = std::move(checkpoints);
    }
    return result;
  }
  // The path's bead costs: a walk through the rows that recomputes their
  // masks, so only for the path returned (posterior decoding replaces it).
  const bool decode = posteriors && opt.posterior_decoding;
  if (!decode) {
    for (size_t k = 0; k < result.beads.size(); ++k) {
      auto [x, y] = result.states[k];
      const BeadShape s{static_cast<int>(result.beads[k].src.size),
                        static_cast<int>(result.beads[k].tgt.size)};
      result.beads[k].score = scorer.bead_cost(x, y, s, masks);
    }
  }
  if (!posteriors) return result;

  // Backward pass. With posterior decoding it also finds the path that
  // maximises the sum over its beads of (posterior - decode_bead_cost): the
  // beads most likely right, where Viterbi's single best path may hold a bead
  // (a merge that swallowed a neighbour's omission) that few good paths share.
  // Otherwise the posterior of each Viterbi bead is read when its start state
  // is reached.
  const double log_z = alpha_row[n] + alpha[band.offset[n] + (m - band.lo[n])];
  std::vector<std::vector<double>> bwd(ring), gain(ring);
  // The Viterbi back-pointers are no longer needed: the decoded path's
  // forward pointers take their place.
  std::vector<uint8_t>& ahead = back;
  std::vector<float> ahead_post;
  if (decode) ahead_post.assign(band.cells, 0.0f);
  std::vector<double> edge(shapes.size());  // next - cost of each shape's edge, -inf if none
  int64_t next_bead = static_cast<int64_t>(starts.size()) - 1;
  auto backward = [&](auto& sweep) {
    for (int64_t xx = n; xx >= 0; --xx) {
      const uint32_t x = static_cast<uint32_t>(xx);
      sweep.at_row(x);
      const int32_t lo = band.lo[x];
      const int32_t hi = band.hi[x];
      std::vector<double>& g = bwd[x % ring];
      g.assign(static_cast<size_t>(hi - lo + 1), -kInf);
      std::vector<double>& h = gain[x % ring];
      if (decode) h.assign(static_cast<size_t>(hi - lo + 1), -kInf);
      for (int32_t y = hi; y >= lo; --y) {
        if (x == n && static_cast<uint32_t>(y) == m) {
          g[y - lo] = 0.0;
          if (decode) h[y - lo] = 0.0;
          while (next_bead >= 0 && starts[next_bead].first == x &&
                 starts[next_bead].second == static_cast<uint32_t>(y))
            --next_bead;
          continue;
        }
        const bool on_path = next_bead >= 0 && starts[next_bead].first == x &&
                             starts[next_bead].second == static_cast<uint32_t>(y);
        LogSum sum;
        for (size_t t = 0; t < shapes.size(); ++t) {
          edge[t] = -kInf;
          const uint32_t nx = x + shapes[t].a;
          const int64_t ny = static_cast<int64_t>(y) + shapes[t].b;
          if (nx > n || ny > m || !band.contains(nx, ny)) continue;
          const double next = bwd[nx % ring][ny - band.lo[nx]];
          if (next == -kInf) continue;
          const double c = scorer.bead_cost(nx, static_cast<uint32_t>(ny), shapes[t], sweep);
          if (c == kInf) continue;
          edge[t] = next - c * inv_t;
          sum.add(edge[t]);
        }
        g[y - lo] = sum.value();
        if (on_path || decode) {
          // An edge's posterior is at most its start state's: most states of
          // the band are far off every likely path, and their edges' are 0
          // without an exp.
          const double a = alpha_row[x] + alpha[band.offset[x] + (y - lo)];
          const bool likely = a + g[y - lo] - log_z > -30.0;
          double best_gain = -kInf;
          uint8_t best_shape = 255;
          float best_post = 0.0f;
          for (size_t t = 0; t < shapes.size(); ++t) {
            if (edge[t] == -kInf) continue;
            const double post = likely ? std::exp(std::min(0.0, a + edge[t] - log_z)) : 0.0;
            if (decode) {
              const uint32_t nx = x + shapes[t].a;
              const double later = gain[nx % ring][y + shapes[t].b - band.lo[nx]];
              const double total = later + post - opt.decode_bead_cost;
              if (later != -kInf && total > best_gain) {
                best_gain = total;
                best_shape = static_cast<uint8_t>(t);
                best_post = static_cast<float>(post);
              }
            }
            if (on_path) {
              const Bead& bead = result.beads[next_bead];
              if (static_cast<int>(bead.src.size) == shapes[t].a &&
                  static_cast<int>(bead.tgt.size) == shapes[t].b)
                result.beads[next_bead].confidence = post;
            }
          }
          if (decode) {
            h[y - lo] = best_gain;
            ahead[band.offset[x] + (y - lo)] = best_shape;
            ahead_post[band.offset[x] + (y - lo)] = best_post;
          }
        }
        if (on_path) --next_bead;
      }
    }
  };
  sweep_rows(RowStream::Order::backward, 0, backward);
  result.cells_searched += band.cells;
  if (!decode) return result;

  // Follow the decoded path from the start.
  result.beads.clear();
  result.states.clear();
  for (uint32_t x = 0, y = 0; x < n || y < m;) {
    const uint64_t at = band.offset[x] + (y - band.lo[x]);
    const uint8_t t = ahead[at];
    if (t == 255) break;  // unreachable: (0, 0) reaches (n, m) on a finished band
    const BeadShape s = shapes[t];
    Bead bead;
    bead.src = {x, static_cast<uint32_t>(s.a)};
    bead.tgt = {y, static_cast<uint32_t>(s.b)};
    bead.confidence = ahead_post[at];
    x += static_cast<uint32_t>(s.a);
    y += static_cast<uint32_t>(s.b);
    bead.score = scorer.bead_cost(x, y, s, masks);
    result.beads.push_back(bead);
    result.states.push_back({x, y});
  }
  return result;
}

}  // namespace alinea::align::detail
