// A pass over the lattice (run_pass, lattice.h).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "align/aligner/bead_cost.h"
#include "align/aligner/lattice.h"
#include "align/aligner/mask_rows.h"

namespace alinea::align::detail {
namespace {

// What Scorer reads masks through, from a RowCache or a RowStream. (In this
// file only: the costs' instantiations stay local, and are inlined into the
// sweeps.)
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

// The masks of the cells a path's beads cover, each computed when read:
// the cost of a bead off the sweeps needs a few cells of its rows, where a
// RowCache would compare each row with every column the band gives it.
struct PathMasks {
  RowMarker& marker;
  void at_row(uint32_t) const {}
  CellMasks operator()(uint32_t i, uint32_t j) const {
    marker.mark(i);
    return marker.cell(j);
  }
  std::optional<double> es_span(uint32_t, uint32_t, uint32_t) const { return std::nullopt; }
  std::optional<double> en_span(uint32_t, uint32_t, uint32_t) const { return std::nullopt; }
};

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

// One pass over a band, step by step:
//   1. resume: where a memo holds the forward sweep of a narrower band, take
//      over its rows up to the first widened one;
//   2. forward sweep: each state's Viterbi cost and back-pointer and, with
//      posteriors, its forward log-score;
//   3. back-trace of the Viterbi path, and whether it runs along the band's
//      edge (then, with OnEdge::stop, the pass ends there and leaves its
//      sweep in the memo);
//   4. with posteriors, the backward sweep: the posterior of each bead of the
//      Viterbi path or, with posterior decoding, the path whose beads have
//      the largest sum of (posterior - decode_bead_cost), then followed from
//      the start.
class Pass {
 public:
  Pass(Scorer& scorer, const Band& band, bool posteriors, int max_segments, ForwardMemo* memo)
      : scorer_(scorer),
        band_(band),
        opt_(scorer.options()),
        posteriors_(posteriors),
        decode_(posteriors && opt_.posterior_decoding),
        memo_(memo),
        side_(std::max(1, opt_.max_bead_side)),
        shapes_(bead_shapes(side_, max_segments > 0 ? max_segments : opt_.max_bead_segments)),
        spans_(widest_span(shapes_)),
        n_(static_cast<uint32_t>(band.lo.size() - 1)),
        m_(static_cast<uint32_t>(scorer.en().size())),
        inv_t_(1.0 / std::max(1e-6, opt_.posterior_temperature)),
        ring_(static_cast<size_t>(side_) + 1),
        cache_(scorer.marker(), band, m_, side_, spans_),
        masks_{cache_},
        streamed_(stream_rows(opt_, band)),
        best_(ring_),
        fwd_(ring_),
        back_(band.cells, 255) {
    if (posteriors_) {
      alpha_.assign(band.cells, -std::numeric_limits<float>::infinity());
      alpha_row_.assign(n_ + 1, 0.0);
    }
  }

  PassResult run(OnEdge on_edge) {
    resume();
    sweep_rows(RowStream::Order::forward,
               start_ > static_cast<uint32_t>(side_) ? start_ - side_ : 0,
               [this](auto& sweep) { forward(sweep); });
    result_.cells = band_.cells;
    result_.cells_searched = band_.cells - band_.offset[start_];
    trace_back();
    find_edge_states();
    if (result_.touches_edge && on_edge == OnEdge::stop) {
      keep_for_retry();
      return std::move(result_);
    }
    if (!decode_) viterbi_costs();
    if (!posteriors_) return std::move(result_);
    sweep_rows(RowStream::Order::backward, 0, [this](auto& sweep) { backward(sweep); });
    result_.cells_searched += band_.cells;
    if (decode_) follow_decoded();
    return std::move(result_);
  }

 private:
  // Where a sweep kept from a narrower band can take over.
  static constexpr uint32_t kCheckpointRows = 256;

  // The widest side of a bead whose other side is not empty.
  static int widest_span(const std::vector<BeadShape>& shapes) {
    int spans = 1;
    for (const BeadShape& s : shapes)
      if (s.a > 0 && s.b > 0) spans = std::max({spans, s.a, s.b});
    return spans;
  }

  // A sweep reads its rows from a RowStream on large bands, else from the
  // cache.
  template <typename Sweep>
  void sweep_rows(RowStream::Order order, uint32_t first_row, Sweep&& sweep) {
    if (!streamed_) {
      sweep(masks_);
      return;
    }
    RowStream rows(scorer_, band_, side_, spans_, order, first_row);
    RowsMasks<RowStream> streamed_masks{rows};
    sweep(streamed_masks);
  }

  // Rows [0, start_) come from the memo's sweep where the band is the same
  // there: back-pointers, forward scores, and the last rows before start_.
  void resume() {
    if (!memo_ || memo_->posteriors != posteriors_ || memo_->shapes != shapes_.size() ||
        memo_->band.lo.size() != band_.lo.size())
      return;
    uint32_t same = 0;  // rows [0, same) have the same band
    while (same <= n_ && memo_->band.lo[same] == band_.lo[same] &&
           memo_->band.hi[same] == band_.hi[same])
      ++same;
    for (ForwardMemo::Checkpoint& c : memo_->checkpoints) {
      if (c.row > same) break;
      start_ = c.row;
      checkpoints_.push_back(std::move(c));
    }
    if (start_ == 0) return;
    const uint64_t kept = band_.offset[start_];
    std::copy_n(memo_->back.begin(), kept, back_.begin());
    if (posteriors_) {
      std::copy_n(memo_->alpha.begin(), kept, alpha_.begin());
      std::copy_n(memo_->alpha_row.begin(), start_, alpha_row_.begin());
    }
    const ForwardMemo::Checkpoint& c = checkpoints_.back();
    for (int k = 1; k <= side_; ++k) {
      best_[(start_ - k) % ring_] = c.best[k - 1];
      fwd_[(start_ - k) % ring_] = c.fwd[k - 1];
    }
  }

  template <typename Masks>
  void forward(Masks& sweep) {
    for (uint32_t x = start_; x <= n_; ++x) {
      sweep.at_row(x);
      if (memo_ && x > start_ && x % kCheckpointRows == 0 && x >= static_cast<uint32_t>(side_)) {
        ForwardMemo::Checkpoint& c = checkpoints_.emplace_back();
        c.row = x;
        for (int k = 1; k <= side_; ++k) {
          c.best.push_back(best_[(x - k) % ring_]);
          c.fwd.push_back(fwd_[(x - k) % ring_]);
        }
      }
      const int32_t lo = band_.lo[x];
      const int32_t hi = band_.hi[x];
      std::vector<double>& v = best_[x % ring_];
      std::vector<double>& f = fwd_[x % ring_];
      v.assign(static_cast<size_t>(hi - lo + 1), kInf);
      if (posteriors_) f.assign(static_cast<size_t>(hi - lo + 1), -kInf);
      for (int32_t y = lo; y <= hi; ++y) {
        if (x == 0 && y == 0) {
          v[0] = 0.0;
          if (posteriors_) f[0] = 0.0;
          continue;
        }
        double best_cost = kInf;
        uint8_t best_shape = 255;
        LogSum sum;
        for (size_t t = 0; t < shapes_.size(); ++t) {
          const int64_t px = static_cast<int64_t>(x) - shapes_[t].a;
          const int64_t py = static_cast<int64_t>(y) - shapes_[t].b;
          if (px < 0 || py < 0 || !band_.contains(px, py)) continue;
          const double prev = best_[px % ring_][py - band_.lo[px]];
          if (prev == kInf) continue;
          const double c = scorer_.bead_cost(x, static_cast<uint32_t>(y), shapes_[t], sweep);
          if (c == kInf) continue;
          if (prev + c < best_cost) {
            best_cost = prev + c;
            best_shape = static_cast<uint8_t>(t);
          }
          if (posteriors_) sum.add(fwd_[px % ring_][py - band_.lo[px]] - c * inv_t_);
        }
        v[y - lo] = best_cost;
        back_[band_.offset[x] + (y - lo)] = best_shape;
        if (posteriors_) f[y - lo] = sum.value();
      }
      if (posteriors_) {
        double top = -kInf;
        for (double a : f) top = std::max(top, a);
        if (top == -kInf) top = 0.0;
        alpha_row_[x] = top;
        for (int32_t y = lo; y <= hi; ++y)
          alpha_[band_.offset[x] + (y - lo)] = static_cast<float>(f[y - lo] - top);
      }
      if (opt_.progress && (x % 1024 == 0 || x == n_)) opt_.progress(x, n_);
    }
  }

  // The Viterbi path, back from (n, m), and the state each of its beads
  // starts from. The final state is always reachable: 1-0 and 0-1 beads
  // connect every pair of neighbouring states of a finished band.
  void trace_back() {
    uint32_t x = n_;
    uint32_t y = m_;
    while (x > 0 || y > 0) {
      const uint8_t t = back_[band_.offset[x] + (y - band_.lo[x])];
      if (t == 255) break;  // unreachable: cannot happen on a finished band
      const BeadShape s = shapes_[t];
      Bead bead;
      bead.src = {x - s.a, static_cast<uint32_t>(s.a)};
      bead.tgt = {y - s.b, static_cast<uint32_t>(s.b)};
      result_.beads.push_back(bead);
      result_.states.push_back({x, y});
      x -= s.a;
      y -= s.b;
      starts_.push_back({x, y});
    }
    std::reverse(result_.beads.begin(), result_.beads.end());
    std::reverse(result_.states.begin(), result_.states.end());
    std::reverse(starts_.begin(), starts_.end());
  }

  void find_edge_states() {
    for (size_t k = 0; k < result_.states.size(); ++k) {
      auto [x, y] = result_.states[k];
      const bool low_edge = band_.lo[x] > 0 && static_cast<int32_t>(y) <= band_.lo[x];
      const bool high_edge =
          band_.hi[x] < static_cast<int32_t>(m_) && static_cast<int32_t>(y) >= band_.hi[x];
      // Only pairings count: a run of omissions along the edge (text with no
      // counterpart anywhere near) is no sign that the band missed the path.
      const bool pairing = !result_.beads[k].src.empty() && !result_.beads[k].tgt.empty();
      if ((low_edge || high_edge) && pairing) {
        result_.touches_edge = true;
        result_.edge_states.push_back({x, y});
      }
    }
  }

  void keep_for_retry() {
    if (!memo_) return;
    memo_->band = band_;
    memo_->posteriors = posteriors_;
    memo_->shapes = shapes_.size();
    memo_->back = std::move(back_);
    memo_->alpha = std::move(alpha_);
    memo_->alpha_row = std::move(alpha_row_);
    memo_->checkpoints = std::move(checkpoints_);
  }

  // The Viterbi path's bead costs: a walk along the path that recomputes
  // the cells of its beads, so only for the path returned (posterior
  // decoding replaces it).
  void viterbi_costs() {
    const PathMasks path{scorer_.marker()};
    for (size_t k = 0; k < result_.beads.size(); ++k) {
      auto [x, y] = result_.states[k];
      const BeadShape s{static_cast<int>(result_.beads[k].src.size),
                        static_cast<int>(result_.beads[k].tgt.size)};
      result_.beads[k].score = scorer_.bead_cost(x, y, s, path);
    }
  }

  // The backward sweep. With posterior decoding it also finds the path that
  // maximises the sum over its beads of (posterior - decode_bead_cost): the
  // beads most likely right, where Viterbi's single best path may hold a
  // bead (a merge that swallowed a neighbour's omission) that few good paths
  // share. Otherwise the posterior of each Viterbi bead is read when its
  // start state is reached. The Viterbi back-pointers are no longer needed:
  // the decoded path's forward pointers take their place.
  template <typename Masks>
  void backward(Masks& sweep) {
    const double log_z = alpha_row_[n_] + alpha_[band_.offset[n_] + (m_ - band_.lo[n_])];
    std::vector<std::vector<double>> bwd(ring_), gain(ring_);
    if (decode_) ahead_post_.assign(band_.cells, 0.0f);
    std::vector<double> edge(shapes_.size());  // next - cost of each shape's edge, -inf if none
    int64_t next_bead = static_cast<int64_t>(starts_.size()) - 1;
    for (int64_t xx = n_; xx >= 0; --xx) {
      const uint32_t x = static_cast<uint32_t>(xx);
      sweep.at_row(x);
      const int32_t lo = band_.lo[x];
      const int32_t hi = band_.hi[x];
      std::vector<double>& g = bwd[x % ring_];
      g.assign(static_cast<size_t>(hi - lo + 1), -kInf);
      std::vector<double>& h = gain[x % ring_];
      if (decode_) h.assign(static_cast<size_t>(hi - lo + 1), -kInf);
      for (int32_t y = hi; y >= lo; --y) {
        if (x == n_ && static_cast<uint32_t>(y) == m_) {
          g[y - lo] = 0.0;
          if (decode_) h[y - lo] = 0.0;
          while (next_bead >= 0 && starts_[next_bead].first == x &&
                 starts_[next_bead].second == static_cast<uint32_t>(y))
            --next_bead;
          continue;
        }
        const bool on_path = next_bead >= 0 && starts_[next_bead].first == x &&
                             starts_[next_bead].second == static_cast<uint32_t>(y);
        LogSum sum;
        for (size_t t = 0; t < shapes_.size(); ++t) {
          edge[t] = -kInf;
          const uint32_t nx = x + shapes_[t].a;
          const int64_t ny = static_cast<int64_t>(y) + shapes_[t].b;
          if (nx > n_ || ny > m_ || !band_.contains(nx, ny)) continue;
          const double next = bwd[nx % ring_][ny - band_.lo[nx]];
          if (next == -kInf) continue;
          const double c = scorer_.bead_cost(nx, static_cast<uint32_t>(ny), shapes_[t], sweep);
          if (c == kInf) continue;
          edge[t] = next - c * inv_t_;
          sum.add(edge[t]);
        }
        g[y - lo] = sum.value();
        if (on_path || decode_) {
          // An edge's posterior is at most its start state's: most states of
          // the band are far off every likely path, and their edges' are 0
          // without an exp.
          const double a = alpha_row_[x] + alpha_[band_.offset[x] + (y - lo)];
          const bool likely = a + g[y - lo] - log_z > -30.0;
          double best_gain = -kInf;
          uint8_t best_shape = 255;
          float best_post = 0.0f;
          for (size_t t = 0; t < shapes_.size(); ++t) {
            if (edge[t] == -kInf) continue;
            const double post = likely ? std::exp(std::min(0.0, a + edge[t] - log_z)) : 0.0;
            if (decode_) {
              const uint32_t nx = x + shapes_[t].a;
              const double later = gain[nx % ring_][y + shapes_[t].b - band_.lo[nx]];
              const double total = later + post - opt_.decode_bead_cost;
              if (later != -kInf && total > best_gain) {
                best_gain = total;
                best_shape = static_cast<uint8_t>(t);
                best_post = static_cast<float>(post);
              }
            }
            if (on_path) {
              const Bead& bead = result_.beads[next_bead];
              if (static_cast<int>(bead.src.size) == shapes_[t].a &&
                  static_cast<int>(bead.tgt.size) == shapes_[t].b)
                result_.beads[next_bead].confidence = post;
            }
          }
          if (decode_) {
            h[y - lo] = best_gain;
            back_[band_.offset[x] + (y - lo)] = best_shape;
            ahead_post_[band_.offset[x] + (y - lo)] = best_post;
          }
        }
        if (on_path) --next_bead;
      }
    }
  }

  // Follows the decoded path from the start.
  void follow_decoded() {
    result_.beads.clear();
    result_.states.clear();
    const PathMasks path{scorer_.marker()};
    for (uint32_t x = 0, y = 0; x < n_ || y < m_;) {
      const uint64_t at = band_.offset[x] + (y - band_.lo[x]);
      const uint8_t t = back_[at];
      if (t == 255) break;  // unreachable: (0, 0) reaches (n, m) on a finished band
      const BeadShape s = shapes_[t];
      Bead bead;
      bead.src = {x, static_cast<uint32_t>(s.a)};
      bead.tgt = {y, static_cast<uint32_t>(s.b)};
      bead.confidence = ahead_post_[at];
      x += static_cast<uint32_t>(s.a);
      y += static_cast<uint32_t>(s.b);
      bead.score = scorer_.bead_cost(x, y, s, path);
      result_.beads.push_back(bead);
      result_.states.push_back({x, y});
    }
  }

  Scorer& scorer_;
  const Band& band_;
  const AlignOptions& opt_;
  const bool posteriors_;
  const bool decode_;
  ForwardMemo* memo_;
  const int side_;
  const std::vector<BeadShape> shapes_;
  const int spans_;
  const uint32_t n_, m_;
  const double inv_t_;  // 1 / posterior temperature
  const size_t ring_;   // rows of best_ and fwd_ kept: a bead reaches side_ rows back
  RowCache cache_;
  RowsMasks<RowCache> masks_;  // for sweeps of bands too small to stream
  const bool streamed_;
  std::vector<std::vector<double>> best_, fwd_;  // Viterbi cost, forward log-score
  // Viterbi back-pointers (shape index, 255 none); after the backward sweep
  // with decoding, the decoded path's forward pointers.
  std::vector<uint8_t> back_;
  std::vector<float> alpha_;  // forward log-score relative to the row maximum
  std::vector<double> alpha_row_;
  std::vector<float> ahead_post_;  // the decoded edge's posterior at each state
  std::vector<ForwardMemo::Checkpoint> checkpoints_;
  uint32_t start_ = 0;                                 // first row the forward sweep computes
  std::vector<std::pair<uint32_t, uint32_t>> starts_;  // start state of each Viterbi bead
  PassResult result_;
};

}  // namespace

PassResult run_pass(Scorer& scorer, const Band& band, bool posteriors, int max_segments,
                    OnEdge on_edge, ForwardMemo* memo) {
  return Pass(scorer, band, posteriors, max_segments, memo).run(on_edge);
}

}  // namespace alinea::align::detail
