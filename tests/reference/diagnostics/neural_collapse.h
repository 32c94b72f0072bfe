#pragma once
// Neural-collapse metrics written directly from the definitions of "Prevalence of neural
// collapse during the terminal phase of deep learning training" (Papyan, Han, Donoho, PNAS
// 2020), in double with plain loops (no Eigen, no core code): the d x d covariances Sigma_W and
// Sigma_B, the Moore-Penrose pseudo-inverse of Sigma_B from its cyclic-Jacobi
// eigen-decomposition (eigenvalues below 1e-9 of the largest are its null space), and
// NC1 = tr(Sigma_W Sigma_B^+) / C; NC2 as the coefficient of variation of the centred
// class-mean norms and the mean |cos + 1/(C-1)| over pairs of classes; NC3 as
// |W^T/|W|_F - M/|M|_F|_F^2. Averages over examples weight every example equally.
#include <cmath>
#include <vector>

#include "tests/reference/geometry/linalg.h"

namespace descent::reference {

struct NeuralCollapseFigures {
  double nc1 = 0, equinorm = 0, equiangularity = 0, self_duality = 0;
};

// features: one row of d values per example; w: classes x d classifier rows. Every class has
// at least one example.
inline NeuralCollapseFigures neural_collapse(const std::vector<std::vector<double>>& features,
                                             const std::vector<int>& labels, int classes,
                                             const Matrix& w) {
  const int n = static_cast<int>(features.size());
  const int d = static_cast<int>(features[0].size());
  Matrix means(classes, d);  // row c: mu_c
  std::vector<double> global(d, 0.0), counts(classes, 0.0);
  for (int i = 0; i < n; ++i) {
    counts[labels[i]] += 1;
    for (int k = 0; k < d; ++k) {
      means(labels[i], k) += features[i][k];
      global[k] += features[i][k] / n;
    }
  }
  for (int c = 0; c < classes; ++c)
    for (int k = 0; k < d; ++k) means(c, k) /= counts[c];
  Matrix centred(classes, d);  // row c: mu_c - mu_G
  for (int c = 0; c < classes; ++c)
    for (int k = 0; k < d; ++k) centred(c, k) = means(c, k) - global[k];

  Matrix sigma_w(d, d), sigma_b(d, d);
  for (int i = 0; i < n; ++i)
    for (int a = 0; a < d; ++a)
      for (int b = 0; b < d; ++b) {
        sigma_w(a, b) +=
            (features[i][a] - means(labels[i], a)) * (features[i][b] - means(labels[i], b)) / n;
      }
  for (int c = 0; c < classes; ++c)
    for (int a = 0; a < d; ++a)
      for (int b = 0; b < d; ++b) sigma_b(a, b) += centred(c, a) * centred(c, b) / classes;

  std::vector<double> values;
  Matrix vectors;
  symmetric_eigen(sigma_b, values, vectors);
  double largest = 0;
  for (double v : values) largest = std::max(largest, v);
  Matrix pinv(d, d);
  for (int k = 0; k < d; ++k) {
    if (values[k] <= 1e-9 * largest) continue;
    for (int a = 0; a < d; ++a)
      for (int b = 0; b < d; ++b) pinv(a, b) += vectors(a, k) * vectors(b, k) / values[k];
  }
  const Matrix product = multiply(sigma_w, pinv);
  NeuralCollapseFigures out;
  for (int k = 0; k < d; ++k) out.nc1 += product(k, k) / classes;

  std::vector<double> norms(classes, 0.0);
  for (int c = 0; c < classes; ++c) {
    for (int k = 0; k < d; ++k) norms[c] += centred(c, k) * centred(c, k);
    norms[c] = std::sqrt(norms[c]);
  }
  double mean = 0, square = 0;
  for (double v : norms) mean += v / classes;
  for (double v : norms) square += (v - mean) * (v - mean) / classes;
  out.equinorm = std::sqrt(square) / mean;

  int pairs = 0;
  for (int a = 0; a < classes; ++a)
    for (int b = a + 1; b < classes; ++b) {
      double dot = 0;
      for (int k = 0; k < d; ++k) dot += centred(a, k) * centred(b, k);
      out.equiangularity += std::abs(dot / (norms[a] * norms[b]) + 1.0 / (classes - 1));
      ++pairs;
    }
  out.equiangularity /= pairs;

  const double wn = frobenius(w), mn = frobenius(centred);
  for (int c = 0; c < classes; ++c)
    for (int k = 0; k < d; ++k) {
      const double diff = w(c, k) / wn - centred(c, k) / mn;
      out.self_duality += diff * diff;
    }
  return out;
}

}  // namespace descent::reference
