#pragma once
// Elementwise activation functions and their derivatives, vectorised over Eigen arrays.
#include "nn/nn_types.h"

namespace descent {

enum class Activation { Relu, LeakyRelu, Gelu, Silu, Tanh, Sigmoid, Sin, Linear };

namespace nn {

// Slope of leaky_relu for negative inputs.
constexpr double kLeakyReluSlope = 0.01;

// out = f(z), elementwise. out may alias z.
//   relu        max(z, 0)
//   leaky_relu  z if z > 0 else 0.01 z
//   gelu        z Phi(z) = z (1 + erf(z / sqrt 2)) / 2            (exact, not the tanh fit)
//   silu        z sigmoid(z)
//   tanh        tanh(z)
//   sigmoid     1 / (1 + exp(-z))
//   sin         sin(z)
//   linear      z
template <class S>
void activation_value(Activation act, const ConstMatRef<S>& z, MatRef<S> out);

// out = f'(z), elementwise. out may alias z. At the kinks of relu and leaky_relu (z = 0) the
// derivative of the negative side is used.
template <class S>
void activation_derivative(Activation act, const ConstMatRef<S>& z, MatRef<S> out);

// out = f''(z), elementwise, for Hessian-vector products (R-operator). relu, leaky_relu and
// linear are piecewise linear: f'' = 0 (almost everywhere; the kink is a measure-zero set).
//   gelu  phi(z) (2 - z^2)         silu     s (1 - s) (2 + z (1 - 2 s)), s = sigmoid(z)
//   tanh  -2 tanh(z) (1 - tanh^2)  sigmoid  s (1 - s) (1 - 2 s)        sin  -sin(z)
// out may alias z.
template <class S>
void activation_second_derivative(Activation act, const ConstMatRef<S>& z, MatRef<S> out);

// Backward step: grad_in = grad_out .* f'(z). grad_in may alias z but not grad_out.
template <class S>
void activation_backward(Activation act, const ConstMatRef<S>& z, const ConstMatRef<S>& grad_out,
                         MatRef<S> grad_in);

extern template void activation_value<float>(Activation, const ConstMatRef<float>&, MatRef<float>);
extern template void activation_value<double>(Activation, const ConstMatRef<double>&,
                                              MatRef<double>);
extern template void activation_derivative<float>(Activation, const ConstMatRef<float>&,
                                                  MatRef<float>);
extern template void activation_derivative<double>(Activation, const ConstMatRef<double>&,
                                                   MatRef<double>);
extern template void activation_second_derivative<float>(Activation, const ConstMatRef<float>&,
                                                         MatRef<float>);
extern template void activation_second_derivative<double>(Activation, const ConstMatRef<double>&,
                                                          MatRef<double>);
extern template void activation_backward<float>(Activation, const ConstMatRef<float>&,
                                                const ConstMatRef<float>&, MatRef<float>);
extern template void activation_backward<double>(Activation, const ConstMatRef<double>&,
                                                 const ConstMatRef<double>&, MatRef<double>);

}  // namespace nn
}  // namespace descent
