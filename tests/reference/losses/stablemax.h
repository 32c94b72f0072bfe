#pragma once
// Reference StableMax cross-entropy for one sample, plain loops in double, written from
// "Grokking at the Edge of Numerical Stability" (Prieto, Barsbey, Mediano, Birdal, ICLR 2025),
// Eq. 4: s(x) = x + 1 (x >= 0), 1 / (1 - x) (x < 0); StableMax(z)_i = s(z_i) / sum_k s(z_k);
// the loss is -log StableMax(z)_label. Its gradient is written by the quotient rule from the
// probabilities, not from the log form the core uses:
//   dL/dz_i = -(1 / p_label) dp_label/dz_i,
//   dp_label/dz_i = ([i = label] s'(z_label) S - s(z_label) s'(z_i)) / S^2.
#include <cmath>
#include <vector>

namespace descent::reference::losses {

inline double stablemax_s(double x) { return x >= 0 ? x + 1 : 1 / (1 - x); }
inline double stablemax_ds(double x) { return x >= 0 ? 1 : 1 / ((1 - x) * (1 - x)); }

// Loss of one sample; its gradient with respect to the logits in `grad`.
inline double stablemax_cross_entropy(const std::vector<double>& z, int label,
                                      std::vector<double>& grad) {
  double total = 0;
  for (double v : z) total += stablemax_s(v);
  const double s_label = stablemax_s(z[label]);
  const double p_label = s_label / total;
  grad.assign(z.size(), 0.0);
  for (std::size_t i = 0; i < z.size(); ++i) {
    double dp = -s_label * stablemax_ds(z[i]);
    if (static_cast<int>(i) == label) dp += stablemax_ds(z[label]) * total;
    dp /= total * total;
    grad[i] = -dp / p_label;
  }
  return -std::log(p_label);
}

}  // namespace descent::reference::losses
