// A pass over the lattice: the sweeps of run_pass (lattice.h).
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

}  // namespace

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
