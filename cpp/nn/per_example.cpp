// Per-example gradient norms and DP-SGD's per-example clipping for the MLP (nn/mlp.h): the
// outer-product identity on the quantities one forward and backward pass store.
#include <stdexcept>

#include "nn/mlp.h"

namespace descent {

// Layer l's weight gradient sums d_j a_j^T over the batch, and d_j carries the mean's 1/B:
// example j alone has gradient B d_j a_j^T (and B d_j for the bias), so
//   |g_j|^2 = B^2 sum_l |d_j^l|^2 (|a_j^{l-1}|^2 + 1);
// a residual connection changes how d is backpropagated, not this form.
template <class S>
void BasicMlp<S>::per_example_norms(const Eigen::Ref<const Mat>& x, int batch,
                                    Eigen::VectorXd& norms) const {
  norms.setZero(batch);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const auto delta = work_[l].delta.leftCols(batch);
    for (int j = 0; j < batch; ++j) {
      const double input = l == 0 ? x.col(j).template cast<double>().squaredNorm()
                                  : work_[l - 1].h.col(j).template cast<double>().squaredNorm();
      norms[j] += delta.col(j).template cast<double>().squaredNorm() * (input + 1.0);
    }
  }
  norms = norms.cwiseSqrt() * static_cast<double>(batch);
}

template <class S>
double BasicMlp<S>::per_example_grad_norms(ConstVecRef params, const Eigen::Ref<const Mat>& x,
                                           const Targets& t, VecRef grad, Eigen::VectorXd& norms) {
  if (!has_per_example_gradients()) {
    throw std::invalid_argument("Mlp: per-example gradients need a network without LayerNorm");
  }
  const double value = loss_and_grad(params, x, t, grad);
  per_example_norms(x, static_cast<int>(x.cols()), norms);
  return value;
}

template <class S>
double BasicMlp<S>::clipped_loss_and_grad(ConstVecRef params, const Eigen::Ref<const Mat>& x,
                                          const Targets& t, double clip, VecRef mean,
                                          VecRef clipped, Eigen::VectorXd& norms) {
  if (clipped.size() != layout_.size) {
    throw std::invalid_argument("Mlp::clipped_loss_and_grad: gradient vector has the wrong size");
  }
  if (!(clip > 0)) throw std::invalid_argument("Mlp::clipped_loss_and_grad: clip must be > 0");
  const double value = per_example_grad_norms(params, x, t, mean, norms);
  const int batch = static_cast<int>(x.cols());
  // The backward pass left the output layer's d untouched: scale its columns and go again.
  auto delta = work_.back().delta.leftCols(batch);
  for (int j = 0; j < batch; ++j) {
    if (norms[j] > clip) delta.col(j) *= static_cast<S>(clip / norms[j]);
  }
  backward_pass(params, x, batch, clipped);
  return value;
}

// The members this file defines, for both scalar types (mlp.cpp instantiates the class).
#define DESCENT_PER_EXAMPLE(S)                                                                   \
  template void BasicMlp<S>::per_example_norms(const Eigen::Ref<const Mat>&, int,                \
                                               Eigen::VectorXd&) const;                          \
  template double BasicMlp<S>::per_example_grad_norms(ConstVecRef, const Eigen::Ref<const Mat>&, \
                                                      const Targets&, VecRef, Eigen::VectorXd&); \
  template double BasicMlp<S>::clipped_loss_and_grad(ConstVecRef, const Eigen::Ref<const Mat>&,  \
                                                     const Targets&, double, VecRef, VecRef,     \
                                                     Eigen::VectorXd&);
DESCENT_PER_EXAMPLE(float)
DESCENT_PER_EXAMPLE(double)
#undef DESCENT_PER_EXAMPLE

}  // namespace descent
