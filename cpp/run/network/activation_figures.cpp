// Three diagnostics of the activations on the probe set: dead ReLU units, the mean logit
// norm and the fraction of examples whose float32 softmax collapsed.
#include <algorithm>
#include <cmath>

#include "diagnostics/diagnostics.h"
#include "run/network_problem.h"

namespace descent {

ActivationFigures NetworkProblem::activation_figures(ConstVecRef params, int probe_batch,
                                                     Rng& probe_rng) {
  prepare_probe(probe_batch, probe_rng);
  const Mat& x = probe_all_ ? data_.x_train : probe_x_;
  const int n = static_cast<int>(x.cols());
  mlp_.forward(params, x, probe_out_);
  ActivationFigures f;
  long units = 0, dead = 0;
  for (int l = 1; l <= mlp_.hidden_layers(); ++l) {
    const auto h = mlp_.hidden_output(l).leftCols(n);
    for (Eigen::Index u = 0; u < h.rows(); ++u) {
      ++units;
      dead += (h.row(u).array() == Scalar(0)).all();
    }
  }
  if (units > 0) f.dead_relu = static_cast<double>(dead) / units;
  const auto logits = probe_out_.leftCols(n);
  double norm_sum = 0.0;
  for (int j = 0; j < n; ++j)
    norm_sum += std::sqrt(static_cast<double>(logits.col(j).squaredNorm()));
  f.logit_norm = norm_sum / std::max(n, 1);
  const LossKind loss = mlp_.spec().loss;
  if (loss == LossKind::Mse) return f;
  const int* labels = probe_targets().labels;
  long collapsed = 0;
  for (int j = 0; j < n; ++j) {
    // In float32, whatever the run's precision: the true class's softmax (StableMax for the
    // stablemax loss, the sigmoid for logistic) probability rounds to exactly 1, so the
    // example's loss and gradient are exactly 0.
    if (loss == LossKind::CrossEntropy) {
      Eigen::Index arg = 0;
      const float top = static_cast<float>(logits.col(j).maxCoeff(&arg));
      if (arg != labels[j]) continue;
      float sum = 0.0f;
      for (Eigen::Index c = 0; c < logits.rows(); ++c) {
        sum += std::exp(static_cast<float>(logits(c, j)) - top);
      }
      collapsed += sum == 1.0f;
    } else if (loss == LossKind::StableMax) {
      // StableMax's own probability s(z_l) / sum s(z_k) rounds to 1 (its loss term to 0)
      // when the other classes' s vanish against the true class's in the float32 sum.
      const auto s = [](float x) { return x >= 0.0f ? x + 1.0f : 1.0f / (1.0f - x); };
      const float s_label = s(static_cast<float>(logits(labels[j], j)));
      float sum = 0.0f;
      for (Eigen::Index c = 0; c < logits.rows(); ++c) sum += s(static_cast<float>(logits(c, j)));
      collapsed += sum == s_label;
    } else {
      const float z = static_cast<float>(logits(0, j));
      const float signed_margin = labels[j] == 1 ? z : -z;
      collapsed += 1.0f + std::exp(-signed_margin) == 1.0f;
    }
  }
  f.softmax_collapse = static_cast<double>(collapsed) / std::max(n, 1);
  return f;
}

}  // namespace descent
