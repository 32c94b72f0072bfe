#include "diagnostics/hutchinson.h"

#include <algorithm>
#include <cmath>

namespace descent {

int Hutchinson::run(Objective& objective, ConstVecRef params, int probes, Rng& rng) {
  double sum = 0.0, sum_sq = 0.0;
  for (int p = 0; p < probes; ++p) {
    for (Eigen::Index i = 0; i < z_.size(); ++i) z_[i] = (rng.next_u32() & 1u) ? 1.0f : -1.0f;
    objective.hvp(params, z_, hz_);
    double q = 0.0;
    for (Eigen::Index i = 0; i < z_.size(); ++i) q += static_cast<double>(z_[i]) * hz_[i];
    sum += q;
    sum_sq += q * q;
  }
  trace_ = probes > 0 ? sum / probes : 0.0;
  const double variance =
      probes > 1 ? std::max(0.0, (sum_sq - probes * trace_ * trace_) / (probes - 1)) : 0.0;
  standard_error_ = probes > 0 ? std::sqrt(variance / probes) : 0.0;
  return probes;
}

}  // namespace descent
