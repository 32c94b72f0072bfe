#pragma once
// Layer normalisation over the features of each sample (column), Ba, Kiros & Hinton 2016:
//   zhat = (z - mean(z)) / sqrt(var(z) + eps),   u = gain .* zhat + bias,
// with the biased variance (divided by the number of features) and eps = 1e-5.
// Both passes work in place on preallocated blocks and do not allocate.
#include "nn/nn_types.h"

namespace descent {
namespace nn {

constexpr double kLayerNormEps = 1e-5;

// z (features x batch) is replaced by u. zhat receives the normalised values and inv_std
// (1 x batch) 1 / sqrt(var + eps), both kept for the backward pass.
template <class S>
void layer_norm_forward(MatRef<S> z, const ConstVecRef<S>& gain, const ConstVecRef<S>& bias,
                        MatRef<S> zhat, RowRef<S> inv_std);

// grad holds dL/du on entry and dL/dz on exit. dgain and dbias receive dL/dgain and dL/dbias
// (summed over the batch). scratch_a and scratch_b are 1 x batch work rows.
template <class S>
void layer_norm_backward(MatRef<S> grad, const ConstMatRef<S>& zhat, const ConstRowRef<S>& inv_std,
                         const ConstVecRef<S>& gain, VecRef<S> dgain, VecRef<S> dbias,
                         RowRef<S> scratch_a, RowRef<S> scratch_b);

extern template void layer_norm_forward<float>(MatRef<float>, const ConstVecRef<float>&,
                                               const ConstVecRef<float>&, MatRef<float>,
                                               RowRef<float>);
extern template void layer_norm_forward<double>(MatRef<double>, const ConstVecRef<double>&,
                                                const ConstVecRef<double>&, MatRef<double>,
                                                RowRef<double>);
extern template void layer_norm_backward<float>(MatRef<float>, const ConstMatRef<float>&,
                                                const ConstRowRef<float>&,
                                                const ConstVecRef<float>&, VecRef<float>,
                                                VecRef<float>, RowRef<float>, RowRef<float>);
extern template void layer_norm_backward<double>(MatRef<double>, const ConstMatRef<double>&,
                                                 const ConstRowRef<double>&,
                                                 const ConstVecRef<double>&, VecRef<double>,
                                                 VecRef<double>, RowRef<double>, RowRef<double>);

}  // namespace nn
}  // namespace descent
