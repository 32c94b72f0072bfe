// Plasticity diagnostics on the probe set (diagnostics/plasticity.h): dormant units over every
// hidden layer and the effective rank of the last hidden layer's features, in the run's
// precision: the float32 network, or the float64 shadow at its master weights.
#include "diagnostics/plasticity.h"

#include "run/network_problem.h"

namespace descent {

namespace {

template <class S>
Plasticity plasticity_of(const BasicMlp<S>& mlp, Eigen::Index n, double tau) {
  const int hidden = mlp.hidden_layers();
  if (hidden == 0) return {};
  long units = 0, dormant = 0;
  for (int l = 1; l <= hidden; ++l) {
    const auto h = mlp.hidden_output(l).leftCols(n);
    units += h.rows();
    dormant += dormant_units<S>(h, tau);
  }
  Plasticity p;
  if (units > 0) p.dormant_fraction = static_cast<double>(dormant) / static_cast<double>(units);
  p.feature_rank = effective_rank<S>(mlp.hidden_output(hidden).leftCols(n));
  return p;
}

}  // namespace

Plasticity NetworkProblem::plasticity(ConstVecRef params, int probe_batch, Rng& probe_rng,
                                      double tau) {
  if (mlp_.hidden_layers() == 0) return {};
  prepare_probe(probe_batch, probe_rng);
  const Eigen::Index n = forward_probe(params);
  return f64_ ? plasticity_of(f64_->mlp, n, tau) : plasticity_of(mlp_, n, tau);
}

}  // namespace descent
