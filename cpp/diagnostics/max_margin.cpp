#include "diagnostics/max_margin.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace descent {

MaxMargin max_margin_direction(const Eigen::MatrixXd& z, const std::vector<int>& signs, double tol,
                               int max_epochs) {
  const Eigen::Index n = z.cols();
  if (static_cast<std::size_t>(n) != signs.size()) {
    throw std::invalid_argument("max_margin_direction: one sign per point");
  }
  MaxMargin out;
  if (n == 0) return out;
  Eigen::VectorXd alpha = Eigen::VectorXd::Zero(n);
  Eigen::VectorXd w = Eigen::VectorXd::Zero(z.rows());
  Eigen::VectorXd norms2(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    norms2[i] = z.col(i).squaredNorm();
    if (norms2[i] == 0.0) return out;  // a zero point has margin 0 under every direction
  }
  // Beyond this |w| the margin 1/|w| is below 1e-6 of the data's scale: treated as "no
  // separating direction" (the dual is unbounded then and |w| keeps growing).
  const double max_norm2 = 1e12 / norms2.minCoeff();
  double worst = INFINITY;  // largest projected-gradient violation in the latest pass
  for (int epoch = 1; epoch <= max_epochs && worst > tol; ++epoch) {
    worst = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double s = signs[static_cast<std::size_t>(i)] > 0 ? 1.0 : -1.0;
      const double g = s * w.dot(z.col(i)) - 1.0;  // minus the dual gradient of a_i
      const double projected = alpha[i] > 0.0 ? g : std::min(g, 0.0);
      worst = std::max(worst, std::abs(projected));
      if (projected == 0.0) continue;
      const double next = std::max(0.0, alpha[i] - g / norms2[i]);
      w += (next - alpha[i]) * s * z.col(i);
      alpha[i] = next;
    }
    out.epochs = epoch;
    if (w.squaredNorm() > max_norm2) return out;
  }
  if (worst > tol) return out;  // not converged within max_epochs: no answer
  const double norm = w.norm();
  if (norm == 0.0) return out;
  out.direction = w / norm;
  out.margin = INFINITY;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double s = signs[static_cast<std::size_t>(i)] > 0 ? 1.0 : -1.0;
    out.margin = std::min(out.margin, s * out.direction.dot(z.col(i)));
  }
  out.separable = out.margin > 0.0;
  if (!out.separable) out.direction.resize(0);
  return out;
}

double angle_degrees(const Eigen::VectorXd& v, const Eigen::VectorXd& u) {
  if (u.size() != v.size() || v.norm() == 0.0 || u.norm() == 0.0) return std::nan("");
  // atan2 of the parts across and along u: accurate for small angles, where acos is not.
  const Eigen::VectorXd unit = u / u.norm();
  const double along = v.dot(unit);
  const double across = (v - along * unit).norm();
  return std::atan2(across, along) * 180.0 / 3.14159265358979323846;
}

}  // namespace descent
