#include "nn/layer_norm.h"

namespace descent {
namespace nn {

template <class S>
void layer_norm_forward(MatRef<S> z, const ConstVecRef<S>& gain, const ConstVecRef<S>& bias,
                        MatRef<S> zhat, RowRef<S> inv_std) {
  // Two passes (mean, then the mean square of the centred values) for a stable variance.
  // inv_std first holds the mean.
  inv_std = z.colwise().mean();
  zhat.array() = z.array().rowwise() - inv_std.array();
  inv_std = zhat.array().square().colwise().mean();
  // 1 / sqrt rather than Eigen's rsqrt, whose vectorised form is an approximation.
  inv_std.array() = (inv_std.array() + S(kLayerNormEps)).sqrt().inverse();
  zhat.array().rowwise() *= inv_std.array();
  z.array() = (zhat.array().colwise() * gain.array()).colwise() + bias.array();
}

template <class S>
void layer_norm_backward(MatRef<S> grad, const ConstMatRef<S>& zhat, const ConstRowRef<S>& inv_std,
                         const ConstVecRef<S>& gain, VecRef<S> dgain, VecRef<S> dbias,
                         RowRef<S> scratch_a, RowRef<S> scratch_b) {
  dgain = (grad.array() * zhat.array()).rowwise().sum().matrix();
  dbias = grad.rowwise().sum();
  // g = dL/dzhat; dL/dz = inv_std (g - mean(g) - zhat mean(g zhat)), means over features.
  grad.array().colwise() *= gain.array();
  scratch_a = grad.colwise().mean();
  scratch_b = (grad.array() * zhat.array()).colwise().mean().matrix();
  grad.array().rowwise() -= scratch_a.array();
  grad.array() -= zhat.array().rowwise() * scratch_b.array();
  grad.array().rowwise() *= inv_std.array();
}

template void layer_norm_forward<float>(MatRef<float>, const ConstVecRef<float>&,
                                        const ConstVecRef<float>&, MatRef<float>, RowRef<float>);
template void layer_norm_forward<double>(MatRef<double>, const ConstVecRef<double>&,
                                         const ConstVecRef<double>&, MatRef<double>,
                                         RowRef<double>);
template void layer_norm_backward<float>(MatRef<float>, const ConstMatRef<float>&,
                                         const ConstRowRef<float>&, const ConstVecRef<float>&,
                                         VecRef<float>, VecRef<float>, RowRef<float>,
                                         RowRef<float>);
template void layer_norm_backward<double>(MatRef<double>, const ConstMatRef<double>&,
                                          const ConstRowRef<double>&, const ConstVecRef<double>&,
                                          VecRef<double>, VecRef<double>, RowRef<double>,
                                          RowRef<double>);

}  // namespace nn
}  // namespace descent
