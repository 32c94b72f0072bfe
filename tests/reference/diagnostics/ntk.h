#pragma once
// The empirical neural tangent kernel and its two figures written directly from their
// definitions, in double with plain loops (no Eigen, no core code). The Jacobian of the
// network's outputs is built by fourth-order central differences of a forward function,
//   d f / d p_i = (-f(p + 2h e_i) + 8 f(p + h e_i) - 8 f(p - h e_i) + f(p - 2h e_i)) / 12h,
// and the kernel summed over outputs is K_ij = sum_k sum_p J_k(x_i)_p J_k(x_j)_p ("Neural
// Tangent Kernel: Convergence and Generalization in Neural Networks", Jacot, Gabriel, Hongler,
// 2018). distance = 1 - <K0, K>_F / (|K0|_F |K|_F) (Fort et al., "Deep learning versus kernel
// learning", 2020); alignment = <K, Y Y^T>_F / (|K|_F |Y Y^T|_F) with Y the one-hot labels
// minus their mean over the examples (Cristianini et al., "On Kernel-Target Alignment", 2001).
#include <cmath>
#include <functional>
#include <vector>

namespace descent::reference {

using Kernel = std::vector<std::vector<double>>;  // n rows of n
// outputs(params): the network's outputs on n examples, example j's output k at j * out + k.
using Outputs = std::function<std::vector<double>(const std::vector<double>&)>;

inline Kernel ntk_by_differences(const Outputs& outputs, const std::vector<double>& params, int n,
                                 int out, double h) {
  const std::size_t p = params.size();
  // jac[j * out + k][i] = d f_k(x_j) / d p_i
  std::vector<std::vector<double>> jac(n * out, std::vector<double>(p, 0.0));
  for (std::size_t i = 0; i < p; ++i) {
    std::vector<double> q = params;
    const auto at = [&](double step) {
      q[i] = params[i] + step;
      return outputs(q);
    };
    const std::vector<double> pp = at(2 * h), p1 = at(h), m1 = at(-h), mm = at(-2 * h);
    for (int r = 0; r < n * out; ++r) {
      jac[r][i] = (-pp[r] + 8 * p1[r] - 8 * m1[r] + mm[r]) / (12 * h);
    }
  }
  Kernel k(n, std::vector<double>(n, 0.0));
  for (int a = 0; a < n; ++a) {
    for (int b = 0; b < n; ++b) {
      for (int c = 0; c < out; ++c) {
        for (std::size_t i = 0; i < p; ++i) k[a][b] += jac[a * out + c][i] * jac[b * out + c][i];
      }
    }
  }
  return k;
}

inline double frobenius(const Kernel& a, const Kernel& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < a.size(); ++j) s += a[i][j] * b[i][j];
  return s;
}

inline double kernel_distance(const Kernel& k0, const Kernel& k) {
  return 1.0 - frobenius(k0, k) / std::sqrt(frobenius(k0, k0) * frobenius(k, k));
}

inline double kernel_alignment(const Kernel& k, const std::vector<int>& labels, int classes) {
  const int n = static_cast<int>(labels.size());
  std::vector<std::vector<double>> y(n, std::vector<double>(classes, 0.0));
  for (int i = 0; i < n; ++i) y[i][labels[i]] = 1.0;
  for (int c = 0; c < classes; ++c) {
    double mean = 0.0;
    for (int i = 0; i < n; ++i) mean += y[i][c] / n;
    for (int i = 0; i < n; ++i) y[i][c] -= mean;
  }
  Kernel yy(n, std::vector<double>(n, 0.0));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int c = 0; c < classes; ++c) yy[i][j] += y[i][c] * y[j][c];
  return frobenius(k, yy) / std::sqrt(frobenius(k, k) * frobenius(yy, yy));
}

}  // namespace descent::reference
