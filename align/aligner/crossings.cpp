#include "align/aligner/crossings.h"

#include <algorithm>
#include <bit>
#include <cstdint>

namespace alinea::align::detail {
namespace {

bool pairing(const Bead& b) { return !b.src.empty() && !b.tgt.empty(); }

// Merged beads stay within what the search itself allows on each side.
bool small_enough(const Bead& a, const Bead& b, int max_side) {
  const uint32_t most = static_cast<uint32_t>(max_side);
  return a.src.size + b.src.size <= most && a.tgt.size + b.tgt.size <= most;
}

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

// Words found in more than a quarter of a side's segments (the, de, in)
// weigh less than this: they match across any boundary and prove nothing.
constexpr float kContentWeight = 1.386f;  // log(4)

// The content words of segment s.
uint64_t content(const SideFeatures& side, uint32_t s) {
  uint64_t out = 0;
  for (uint32_t k = 0; k < side.tokens_of(s); ++k)
    if (side.token_weight[side.token_begin[s] + k] >= kContentWeight) out |= bit(k);
  return out;
}

// The content words of segment t (of side `to`) that share a concept with
// the content words `chosen` of segment s (of side `from`, the other one).
uint64_t matched_by(RowMarker& marker, const SideFeatures& from, uint32_t s, uint64_t chosen,
                    const SideFeatures& to, uint32_t t) {
  chosen &= content(from, s);
  const uint64_t bits =
      &from == &marker.es() ? marker.en_matching(s, chosen, t) : marker.es_matching(t, s, chosen);
  return bits & content(to, t);
}

// Segment `tail` (of side `tails`) ends, after the last token its partner
// matches, with text that segment `head` (of the other side) starts with,
// before the first token its own partner matches; and those two stretches
// translate each other and nothing else of the two segments. `tail_own` and
// `head_own` are the tokens the partners match.
bool crossing(RowMarker& marker, const SideFeatures& tails, uint32_t tail, uint64_t tail_own,
              const SideFeatures& heads, uint32_t head, uint64_t head_own) {
  if (tail_own == 0 || head_own == 0) return false;
  const uint64_t tail_end = after_last(tail_own, tails.tokens_of(tail));
  const uint64_t head_start = before_first(head_own);
  if (tail_end == 0 || head_start == 0) return false;
  const uint64_t in_head = matched_by(marker, tails, tail, tail_end, heads, head);
  const uint64_t in_tail = matched_by(marker, heads, head, head_start, tails, tail);
  // The head segment starts with the shared text: its first content word is
  // in it.
  const uint64_t head_words = content(heads, head);
  return in_head != 0 && (in_head & head_words & (~head_words + 1)) != 0 &&
         (in_head & ~head_start) == 0 && in_tail != 0 && (in_tail & ~tail_end) == 0;
}

// Segment `head` (of side `heads`), the first of a pair, opens with a
// section number that the pair's other side `next_tails` lacks and the
// previous pair's `prev_tails` holds: the other side ended its previous
// segment with that numbered heading.
bool heading_crosses(const SideFeatures& heads, uint32_t head, const SideFeatures& tails,
                     SegmentRange prev_tails, SegmentRange next_tails) {
  return unmatched_heading(heads, head, tails, next_tails.begin, next_tails.end()) &&
         !unmatched_heading(heads, head, tails, prev_tails.begin, prev_tails.end());
}

}  // namespace

std::vector<Bead> merge_crossings(const std::vector<Bead>& beads, Scorer& scorer) {
  const SideFeatures& es = scorer.es();
  const SideFeatures& en = scorer.en();
  RowMarker& marker = scorer.marker();
  std::vector<Bead> out;
  out.reserve(beads.size());
  for (size_t k = 0; k < beads.size(); ++k) {
    if (k + 1 < beads.size() && pairing(beads[k]) && pairing(beads[k + 1]) &&
        small_enough(beads[k], beads[k + 1], scorer.options().max_bead_side)) {
      const Bead& first = beads[k];
      const Bead& second = beads[k + 1];
      const uint32_t es_last = first.src.end() - 1, en_last = first.tgt.end() - 1;
      const uint32_t es_next = second.src.begin, en_next = second.tgt.begin;
      const bool short_enough = es.tokens_of(es_last) <= 64 && es.tokens_of(es_next) <= 64 &&
                                en.tokens_of(en_last) <= 64 && en.tokens_of(en_next) <= 64;
      // The first bead's last Spanish segment ends with what the second's
      // first English segment starts with, or the mirror case; or with the
      // numbered heading that opens it.
      if ((short_enough && (crossing(marker, es, es_last, marker.es_matched(es_last, first.tgt), en,
                                     en_next, marker.en_matched(en_next, second.src)) ||
                            crossing(marker, en, en_last, marker.en_matched(en_last, first.src), es,
                                     es_next, marker.es_matched(es_next, second.tgt)))) ||
          heading_crosses(es, es_next, en, first.tgt, second.tgt) ||
          heading_crosses(en, en_next, es, first.src, second.src)) {
        Bead merged;
        merged.src = {first.src.begin, first.src.size + second.src.size};
        merged.tgt = {first.tgt.begin, first.tgt.size + second.tgt.size};
        merged.confidence = std::min(first.confidence, second.confidence);
        merged.score = first.score + second.score;
        out.push_back(merged);
        ++k;
        continue;
      }
    }
    out.push_back(beads[k]);
  }
  return out;
}

}  // namespace alinea::align::detail
