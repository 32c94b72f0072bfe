#pragma once
// Reference matrix-sensing loss, from "Understanding Incremental Learning of Gradient Descent:
// A Fine-grained Analysis of Matrix Sensing" (Jin, Li, Lyu, Du, Lee, 2023), Section 2:
//   f(U) = (1/(2m)) sum_i (<A_i, U U^T> - y_i)^2,
// written with plain loops on std::vector<double> (no Eigen, no core code). Matrices are
// column-major: U(row, col) = u[col * n + row], A_i(row, col) = a[i][col * n + row].
#include <vector>

namespace descent::reference {

inline double matrix_sensing_loss(int n, int r, const std::vector<double>& u,
                                  const std::vector<std::vector<double>>& a,
                                  const std::vector<double>& y) {
  // X = U U^T, entry by entry.
  std::vector<double> x(static_cast<std::size_t>(n) * n, 0.0);
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n; ++col) {
      double s = 0.0;
      for (int k = 0; k < r; ++k) s += u[k * n + row] * u[k * n + col];
      x[col * n + row] = s;
    }
  }
  double total = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    double inner = 0.0;
    for (std::size_t e = 0; e < x.size(); ++e) inner += a[i][e] * x[e];
    const double residual = inner - y[i];
    total += residual * residual;
  }
  return total / (2.0 * static_cast<double>(a.size()));
}

}  // namespace descent::reference
