#include "align/aligner/mask_rows.h"

#include <algorithm>

namespace alinea::align::detail {

void MaskRow::fill(RowMarker& marker, const Band& band, size_t m, int side, uint32_t i) {
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

void MaskRow::fill_spans(const RowMarker& marker, int widest, const MaskRow* const* before) {
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

void RowStream::fill_all() {
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

void RowStream::wait_for(uint64_t p) {
  for (;;) {
    ready_ = filled_.load(std::memory_order_acquire);
    if (p < ready_) return;
    if (failed_.load(std::memory_order_acquire)) std::rethrow_exception(error_);
    std::this_thread::yield();
  }
}

bool stream_rows(const AlignOptions& options, const Band& band) {
  constexpr uint64_t kMinCells = 200000;
  if (options.threads == 1 || band.cells < kMinCells) return false;
  return options.threads >= 2 || std::thread::hardware_concurrency() >= 2;
}

}  // namespace alinea::align::detail
