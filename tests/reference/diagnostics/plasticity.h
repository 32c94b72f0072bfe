#pragma once
// Plasticity diagnostics written directly from their papers' definitions, in double with plain
// loops (no Eigen, no core code).
//   tau-dormant units ("The Dormant Neuron Phenomenon in Deep Reinforcement Learning", Sokar,
//   Agarwal, Castro, Evci, ICML 2023, eq. 1): s_i = E_x|h_i(x)| / ((1/H) sum_k E_x|h_k(x)|),
//   dormant when s_i <= tau.
//   Effective rank ("The effective rank: A measure of effective dimensionality", Roy,
//   Vetterli, EUSIPCO 2007): exp(H(p)), p_k = sigma_k / |sigma|_1, from the singular values
//   of the one-sided Jacobi SVD (tests/reference/geometry/linalg.h), not from a Gram matrix.
#include <cmath>
#include <vector>

#include "tests/reference/geometry/linalg.h"

namespace descent::reference {

// units[i][j]: unit i's output on example j. A layer that is zero everywhere is all dormant.
inline int dormant_units(const std::vector<std::vector<double>>& units, double tau) {
  const int h = static_cast<int>(units.size());
  std::vector<double> score(h, 0.0);
  double average = 0.0;
  for (int i = 0; i < h; ++i) {
    for (double v : units[i]) score[i] += std::abs(v) / static_cast<double>(units[i].size());
    average += score[i] / h;
  }
  if (average == 0.0) return h;
  int dormant = 0;
  for (int i = 0; i < h; ++i) dormant += score[i] / average <= tau ? 1 : 0;
  return dormant;
}

// features: one row per example (n x d, n >= d).
inline double effective_rank(const Matrix& features) {
  std::vector<double> s;
  Matrix u, v;
  thin_svd_tall(features, s, u, v);
  double l1 = 0.0;
  for (double x : s) l1 += x;
  if (l1 == 0.0) return 0.0;
  double entropy = 0.0;
  for (double x : s) {
    if (x > 0.0) entropy -= x / l1 * std::log(x / l1);
  }
  return std::exp(entropy);
}

}  // namespace descent::reference
