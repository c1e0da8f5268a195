// Logistic regression by Newton's method (iteratively reweighted least
// squares) with a small ridge penalty, for fitting the aligner's confidence
// model on judged beads.
//
//   std::vector<Example> data = {{{x1, x2}, true}, ...};
//   std::vector<double> w = fit_logistic(data, 2);   // w[0] intercept
//   double p = logistic(w, {x1, x2});
#pragma once

#include <cstddef>
#include <vector>

namespace alinea::bench {

struct Example {
  std::vector<double> x;
  bool label = false;
};

// Weights (intercept first) maximising the penalised likelihood; `ridge` is
// the L2 penalty on every weight but the intercept.
std::vector<double> fit_logistic(const std::vector<Example>& data, size_t features,
                                 double ridge = 1.0);

double logistic(const std::vector<double>& weights, const std::vector<double>& x);

}  // namespace alinea::bench
