#include "diagnostics/plasticity.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

namespace descent {

template <class S>
long dormant_units(const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>>& h,
                   double tau) {
  const Eigen::Index units = h.rows(), n = h.cols();
  if (units == 0 || n == 0) return 0;
  Eigen::VectorXd mean_abs(units);
  double layer_sum = 0.0;
  for (Eigen::Index u = 0; u < units; ++u) {
    double s = 0.0;
    for (Eigen::Index j = 0; j < n; ++j) s += std::abs(static_cast<double>(h(u, j)));
    mean_abs[u] = s / static_cast<double>(n);
    layer_sum += mean_abs[u];
  }
  const double layer_mean = layer_sum / static_cast<double>(units);
  if (layer_mean == 0.0) return static_cast<long>(units);
  long dormant = 0;
  for (Eigen::Index u = 0; u < units; ++u) dormant += mean_abs[u] / layer_mean <= tau;
  return dormant;
}

double effective_rank_of_singular_values(const Eigen::VectorXd& sigma) {
  double total = 0.0;
  for (Eigen::Index k = 0; k < sigma.size(); ++k) total += sigma[k];
  if (total <= 0.0) return 0.0;
  double entropy = 0.0;
  for (Eigen::Index k = 0; k < sigma.size(); ++k) {
    const double p = sigma[k] / total;
    if (p > 0.0) entropy -= p * std::log(p);
  }
  return std::exp(entropy);
}

template <class S>
double effective_rank(const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>>& f) {
  // The Gram matrix of the shorter side has the squared singular values as eigenvalues.
  const bool by_rows = f.rows() <= f.cols();
  const Eigen::Index m = by_rows ? f.rows() : f.cols();
  const Eigen::Index inner = by_rows ? f.cols() : f.rows();
  const auto at = [&](Eigen::Index a, Eigen::Index k) {
    return static_cast<double>(by_rows ? f(a, k) : f(k, a));
  };
  Eigen::MatrixXd gram(m, m);
  for (Eigen::Index a = 0; a < m; ++a) {
    for (Eigen::Index b = 0; b <= a; ++b) {
      double s = 0.0;
      for (Eigen::Index k = 0; k < inner; ++k) s += at(a, k) * at(b, k);
      gram(a, b) = s;
      gram(b, a) = s;
    }
  }
  if (m == 0) return 0.0;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(gram, Eigen::EigenvaluesOnly);
  // An eigenvalue of rounding size (below 1e-12 of the largest) is a zero singular value: its
  // square root, about 1e-8 of the largest singular value, would otherwise count as a direction.
  const double floor = 1e-12 * eigen.eigenvalues().maxCoeff();
  const Eigen::VectorXd sigma =
      eigen.eigenvalues().unaryExpr([floor](double v) { return v > floor ? std::sqrt(v) : 0.0; });
  return effective_rank_of_singular_values(sigma);
}

template long dormant_units<float>(const Eigen::Ref<const Eigen::MatrixXf>&, double);
template long dormant_units<double>(const Eigen::Ref<const Eigen::MatrixXd>&, double);
template double effective_rank<float>(const Eigen::Ref<const Eigen::MatrixXf>&);
template double effective_rank<double>(const Eigen::Ref<const Eigen::MatrixXd>&);

}  // namespace descent
