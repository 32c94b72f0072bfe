#pragma once
// Losses on a batch of network outputs (outputs x batch, one sample per column). Every loss is
// a mean over the batch, so that step sizes do not depend on the batch size:
//   mse            (1/B) sum_j 0.5 ||out_j - y_j||^2   (half squared error summed over outputs)
//   cross_entropy  (1/B) sum_j [logsumexp(out_j) - out_j[label_j]]   (softmax; the log-sum-exp
//                  subtracts the column maximum first)
//   stablemax      (1/B) sum_j [log sum_i s(out_ij) - log s(out_j[label_j])] with
//                  s(x) = x + 1 (x >= 0), 1 / (1 - x) (x < 0): cross-entropy on StableMax
//                  probabilities s(z_i) / sum s(z_k) ("Grokking at the Edge of Numerical
//                  Stability", Prieto, Barsbey, Mediano, Birdal, ICLR 2025, Eq. 4). s grows
//                  linearly, not exponentially, so in float32 the gradient of a confidently
//                  correct sample stays non-zero where softmax's rounds to exactly 0 (softmax
//                  collapse).
//   logistic       (1/B) sum_j [softplus(z_j) - y_j z_j] with z_j = out_j (one logit) and
//                  y_j in {0, 1}, computed as max(z, 0) - y z + log1p(exp(-|z|)) (no overflow)
// Per-sample terms are computed in S and summed in double.
#include "core/types.h"
#include "nn/nn_types.h"

namespace descent {

enum class LossKind { Mse, CrossEntropy, Logistic, StableMax };

// Targets of a batch: class indices for cross-entropy and logistic, a matrix for mse.
template <class S>
struct BasicTargets {
  const int* labels = nullptr;  // batch entries
  const nn::MatX<S>* values =
      nullptr;  // output_dim x (at least batch): the first batch columns (mse)
};
using Targets = BasicTargets<Scalar>;

namespace nn {

// Mean loss of `out` (outputs x batch). Throws std::invalid_argument when the targets do not
// fit (missing, wrong shape, label out of range).
template <class S>
double loss_value(LossKind kind, const ConstMatRef<S>& out, const BasicTargets<S>& targets);

// Mean loss, and its gradient with respect to `out` written to dout (same shape as out).
template <class S>
double loss_value_and_grad(LossKind kind, const ConstMatRef<S>& out, const BasicTargets<S>& targets,
                           MatRef<S> dout);

// The loss Hessian with respect to the outputs applied to a direction: dst = (d^2 L / d out^2)
// dir, block diagonal over samples (dst may not alias dir or out):
//   mse            dir / B
//   cross_entropy  (diag(p) - p p^T) dir_j / B per sample, p = softmax(out_j)
//   logistic       sigma(z) (1 - sigma(z)) dir_j / B
//   stablemax      (diag(s'') / T - s' s'^T / T^2 - e_l e_l^T (log s)''(z_l)) dir_j / B,
//                  T = sum_i s(z_i), l = label_j (needs labels)
// Every block but StableMax's is positive semi-definite (the Gauss-Newton loss Hessians).
template <class S>
void loss_hessian_product(LossKind kind, const ConstMatRef<S>& out, const ConstMatRef<S>& dir,
                          MatRef<S> dst, const int* labels = nullptr);

extern template void loss_hessian_product<float>(LossKind, const ConstMatRef<float>&,
                                                 const ConstMatRef<float>&, MatRef<float>,
                                                 const int*);
extern template void loss_hessian_product<double>(LossKind, const ConstMatRef<double>&,
                                                  const ConstMatRef<double>&, MatRef<double>,
                                                  const int*);
extern template double loss_value<float>(LossKind, const ConstMatRef<float>&,
                                         const BasicTargets<float>&);
extern template double loss_value<double>(LossKind, const ConstMatRef<double>&,
                                          const BasicTargets<double>&);
extern template double loss_value_and_grad<float>(LossKind, const ConstMatRef<float>&,
                                                  const BasicTargets<float>&, MatRef<float>);
extern template double loss_value_and_grad<double>(LossKind, const ConstMatRef<double>&,
                                                   const BasicTargets<double>&, MatRef<double>);

}  // namespace nn
}  // namespace descent
