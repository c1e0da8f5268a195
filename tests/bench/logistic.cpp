#include "tests/bench/logistic.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace alinea::bench {

namespace {

// Solves a x = b for a small symmetric positive definite a (Gaussian
// elimination with partial pivoting).
std::vector<double> solve(std::vector<std::vector<double>> a, std::vector<double> b) {
  const size_t n = b.size();
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < n; ++r)
      if (std::fabs(a[r][col]) > std::fabs(a[pivot][col])) pivot = r;
    if (std::fabs(a[pivot][col]) < 1e-12) throw std::runtime_error("logistic fit: singular system");
    std::swap(a[col], a[pivot]);
    std::swap(b[col], b[pivot]);
    for (size_t r = col + 1; r < n; ++r) {
      const double f = a[r][col] / a[col][col];
      for (size_t c = col; c < n; ++c) a[r][c] -= f * a[col][c];
      b[r] -= f * b[col];
    }
  }
  std::vector<double> x(n);
  for (size_t r = n; r-- > 0;) {
    double s = b[r];
    for (size_t c = r + 1; c < n; ++c) s -= a[r][c] * x[c];
    x[r] = s / a[r][r];
  }
  return x;
}

}  // namespace

double logistic(const std::vector<double>& weights, const std::vector<double>& x) {
  double z = weights[0];
  for (size_t k = 0; k < x.size(); ++k) z += weights[k + 1] * x[k];
  return 1.0 / (1.0 + std::exp(-z));
}

std::vector<double> fit_logistic(const std::vector<Example>& data, size_t features, double ridge) {
  const size_t d = features + 1;
  std::vector<double> w(d, 0.0);
  for (int iteration = 0; iteration < 50; ++iteration) {
    std::vector<std::vector<double>> hessian(d, std::vector<double>(d, 0.0));
    std::vector<double> gradient(d, 0.0);
    for (const Example& e : data) {
      const double p = logistic(w, e.x);
      const double r = (e.label ? 1.0 : 0.0) - p;
      const double v = std::max(p * (1.0 - p), 1e-9);
      for (size_t i = 0; i < d; ++i) {
        const double xi = i == 0 ? 1.0 : e.x[i - 1];
        gradient[i] += r * xi;
        for (size_t j = 0; j <= i; ++j) hessian[i][j] += v * xi * (j == 0 ? 1.0 : e.x[j - 1]);
      }
    }
    for (size_t i = 0; i < d; ++i) {
      for (size_t j = 0; j < i; ++j) hessian[j][i] = hessian[i][j];
      if (i > 0) {
        gradient[i] -= ridge * w[i];
        hessian[i][i] += ridge;
      }
    }
    const std::vector<double> step = solve(hessian, gradient);
    double largest = 0;
    for (size_t i = 0; i < d; ++i) {
      w[i] += step[i];
      largest = std::max(largest, std::fabs(step[i]));
    }
    if (largest < 1e-8) break;
  }
  return w;
}

}  // namespace alinea::bench
