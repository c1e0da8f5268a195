// Internal to the search: the word matches of a lattice's rows, as a pass's
// sweeps read them. A RowCache computes the rows near the sweep on demand; a
// RowStream has a thread of its own fill them ahead of the sweep.
//
//   RowCache cache(scorer.marker(), band, m, side, spans);
//   const CellMasks& cell = cache.get(i, j);
//   std::optional<double> hits = cache.es_span(i, j0, j1);  // kept for merges
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <exception>
#include <optional>
#include <thread>
#include <vector>

#include "align/aligner/lattice.h"

namespace alinea::align::detail {

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

  void fill(RowMarker& marker, const Band& band, size_t m, int side, uint32_t i);

  // `before[k]` is the row filled k + 1 rows before this one, or null.
  void fill_spans(const RowMarker& marker, int widest, const MaskRow* const* before);
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

  void fill_all();

  void wait_for(uint64_t p);

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
bool stream_rows(const AlignOptions& options, const Band& band);

}  // namespace alinea::align::detail
