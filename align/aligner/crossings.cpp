#include "align/aligner/crossings.h"

#include <algorithm>
#include <bit>
#include <cstdint>

namespace alinea::align::detail {
namespace {

bool one_to_one(const Bead& b) { return b.src.size == 1 && b.tgt.size == 1; }

uint64_t bit(uint32_t k) { return uint64_t{1} << k; }

// Positions after the last set bit of `bits` among `count` tokens, and
// before its first set bit.
uint64_t after_last(uint64_t bits, uint32_t count) {
  const uint64_t all = count >= 64 ? ~uint64_t{0} : bit(count) - 1;
  const int last = 63 - std::countl_zero(bits);
  return last >= 63 ? 0 : all & ~(bit(static_cast<uint32_t>(last) + 1) - 1);
}
uint64_t before_first(uint64_t bits) {
  return bit(static_cast<uint32_t>(std::countr_zero(bits))) - 1;
}

// The tokens of segment t (of side `to`) that share a concept with the
// tokens `chosen` of segment s (of side `from`).
uint64_t matched_by(const SideFeatures& from, uint32_t s, uint64_t chosen, const SideFeatures& to,
                    uint32_t t) {
  std::vector<uint32_t> concepts;
  for (uint32_t k = 0; k < from.tokens_of(s); ++k) {
    if (!(chosen & bit(k))) continue;
    const uint32_t token = from.token_begin[s] + k;
    for (uint32_t q = from.token_concept_begin[token]; q < from.token_concept_begin[token + 1]; ++q)
      concepts.push_back(from.token_concepts[q]);
  }
  std::sort(concepts.begin(), concepts.end());
  uint64_t out = 0;
  for (uint32_t k = 0; k < to.tokens_of(t); ++k) {
    const uint32_t token = to.token_begin[t] + k;
    for (uint32_t q = to.token_concept_begin[token]; q < to.token_concept_begin[token + 1]; ++q)
      if (std::binary_search(concepts.begin(), concepts.end(), to.token_concepts[q])) out |= bit(k);
  }
  return out;
}

// Segment `tail` (of side `tails`) ends, after the last token its partner
// matches, with text that segment `head` (of the other side) starts with,
// before the first token its own partner matches; and those two stretches
// translate each other and nothing else of the two segments. `tail_own` and
// `head_own` are the tokens the partners match.
bool crossing(const SideFeatures& tails, uint32_t tail, uint64_t tail_own,
              const SideFeatures& heads, uint32_t head, uint64_t head_own) {
  if (tail_own == 0 || head_own == 0) return false;
  const uint64_t tail_end = after_last(tail_own, tails.tokens_of(tail));
  const uint64_t head_start = before_first(head_own);
  if (tail_end == 0 || head_start == 0) return false;
  const uint64_t in_head = matched_by(tails, tail, tail_end, heads, head);
  const uint64_t in_tail = matched_by(heads, head, head_start, tails, tail);
  // The head segment starts with the shared text: its first token is in it.
  return (in_head & 1) && (in_head & ~head_start) == 0 && in_tail != 0 &&
         (in_tail & ~tail_end) == 0;
}

}  // namespace

std::vector<Bead> merge_crossings(const std::vector<Bead>& beads, Scorer& scorer) {
  const SideFeatures& es = scorer.es();
  const SideFeatures& en = scorer.en();
  RowMarker& marker = scorer.marker();
  std::vector<Bead> out;
  out.reserve(beads.size());
  for (size_t k = 0; k < beads.size(); ++k) {
    if (k + 1 < beads.size() && one_to_one(beads[k]) && one_to_one(beads[k + 1])) {
      const uint32_t i = beads[k].src.begin;
      const uint32_t j = beads[k].tgt.begin;
      const bool short_enough = es.tokens_of(i) <= 64 && es.tokens_of(i + 1) <= 64 &&
                                en.tokens_of(j) <= 64 && en.tokens_of(j + 1) <= 64;
      if (short_enough) {
        marker.mark(i);
        const CellMasks first = marker.cell(j);  // es i with en j
        marker.mark(i + 1);
        const CellMasks second = marker.cell(j + 1);  // es i + 1 with en j + 1
        // Spanish i ends with what English j + 1 starts with, or English j
        // ends with what Spanish i + 1 starts with.
        const bool es_tail = crossing(es, i, first.es, en, j + 1, second.en);
        const bool en_tail = crossing(en, j, first.en, es, i + 1, second.es);
        if (es_tail || en_tail) {
          Bead merged;
          merged.src = {i, 2};
          merged.tgt = {j, 2};
          merged.confidence = std::min(beads[k].confidence, beads[k + 1].confidence);
          merged.score = beads[k].score + beads[k + 1].score;
          out.push_back(merged);
          ++k;
          continue;
        }
      }
    }
    out.push_back(beads[k]);
  }
  return out;
}

}  // namespace alinea::align::detail
