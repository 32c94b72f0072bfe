#include "nn/activation.h"

#include <cmath>
// erf on arrays: for float a vectorised rational approximation accurate to a couple of ulp
// (the same polynomial for SIMD lanes and scalar tails, with or without SIMD); for double,
// std::erf.
#include <unsupported/Eigen/SpecialFunctions>

namespace descent {
namespace nn {
namespace {

constexpr double kInvSqrt2 = 0.70710678118654752440;    // 1 / sqrt(2)
constexpr double kInvSqrt2Pi = 0.39894228040143267794;  // 1 / sqrt(2 pi)

}  // namespace

template <class S>
void activation_value(Activation act, const ConstMatRef<S>& z_ref, MatRef<S> out_ref) {
  auto z = z_ref.array();
  auto out = out_ref.array();
  switch (act) {
    case Activation::Relu:
      out = z.max(S(0));
      break;
    case Activation::LeakyRelu:
      out = (z > S(0)).select(z, S(kLeakyReluSlope) * z);
      break;
    case Activation::Gelu:
      out = S(0.5) * z * (S(1) + (z * S(kInvSqrt2)).erf());
      break;
    case Activation::Silu:
      // exp(-z) overflows to +inf for very negative z, giving z / inf = -0: the correct limit.
      out = z / (S(1) + (-z).exp());
      break;
    case Activation::Tanh:
      out = z.tanh();
      break;
    case Activation::Sigmoid:
      out = S(1) / (S(1) + (-z).exp());
      break;
    case Activation::Sin:
      out = z.sin();
      break;
    case Activation::Linear:
      out = z;
      break;
  }
}

template <class S>
void activation_derivative(Activation act, const ConstMatRef<S>& z_ref, MatRef<S> out_ref) {
  using Const = Eigen::Array<S, Eigen::Dynamic, Eigen::Dynamic>;  // for constant expressions
  auto z = z_ref.array();
  auto out = out_ref.array();
  switch (act) {
    case Activation::Relu:
      out = (z > S(0)).select(Const::Constant(z.rows(), z.cols(), S(1)),
                              Const::Constant(z.rows(), z.cols(), S(0)));
      break;
    case Activation::LeakyRelu:
      out = (z > S(0)).select(Const::Constant(z.rows(), z.cols(), S(1)),
                              Const::Constant(z.rows(), z.cols(), S(kLeakyReluSlope)));
      break;
    case Activation::Gelu:
      // d/dz [z Phi(z)] = Phi(z) + z phi(z).
      out = S(0.5) * (S(1) + (z * S(kInvSqrt2)).erf()) +
            S(kInvSqrt2Pi) * z * (S(-0.5) * z.square()).exp();
      break;
    case Activation::Silu: {
      // s (1 + z (1 - s)) with s = sigmoid(z); one elementwise pass, so out may alias z.
      auto s = S(1) / (S(1) + (-z).exp());
      out = s * (S(1) + z * (S(1) - s));
      break;
    }
    case Activation::Tanh:
      out = S(1) - z.tanh().square();
      break;
    case Activation::Sigmoid:
      out = S(1) / (S(1) + (-z).exp());
      out = out * (S(1) - out);
      break;
    case Activation::Sin:
      out = z.cos();
      break;
    case Activation::Linear:
      out.setOnes();
      break;
  }
}

template <class S>
void activation_second_derivative(Activation act, const ConstMatRef<S>& z_ref, MatRef<S> out_ref) {
  auto z = z_ref.array();
  auto out = out_ref.array();
  switch (act) {
    case Activation::Relu:
    case Activation::LeakyRelu:
    case Activation::Linear:
      out.setZero();
      break;
    case Activation::Gelu:
      // d/dz [Phi(z) + z phi(z)] = phi + phi + z (-z phi) = phi (2 - z^2).
      out = S(kInvSqrt2Pi) * (S(-0.5) * z.square()).exp() * (S(2) - z.square());
      break;
    case Activation::Silu: {
      auto s = S(1) / (S(1) + (-z).exp());
      out = s * (S(1) - s) * (S(2) + z * (S(1) - S(2) * s));
      break;
    }
    case Activation::Tanh: {
      auto t = z.tanh();
      out = S(-2) * t * (S(1) - t.square());
      break;
    }
    case Activation::Sigmoid: {
      auto s = S(1) / (S(1) + (-z).exp());
      out = s * (S(1) - s) * (S(1) - S(2) * s);
      break;
    }
    case Activation::Sin:
      out = -z.sin();
      break;
  }
}

template <class S>
void activation_backward(Activation act, const ConstMatRef<S>& z, const ConstMatRef<S>& grad_out,
                         MatRef<S> grad_in) {
  if (act == Activation::Linear) {
    grad_in = grad_out;
    return;
  }
  activation_derivative<S>(act, z, grad_in);
  grad_in.array() *= grad_out.array();
}

template void activation_value<float>(Activation, const ConstMatRef<float>&, MatRef<float>);
template void activation_value<double>(Activation, const ConstMatRef<double>&, MatRef<double>);
template void activation_derivative<float>(Activation, const ConstMatRef<float>&, MatRef<float>);
template void activation_derivative<double>(Activation, const ConstMatRef<double>&, MatRef<double>);
template void activation_second_derivative<float>(Activation, const ConstMatRef<float>&,
                                                  MatRef<float>);
template void activation_second_derivative<double>(Activation, const ConstMatRef<double>&,
                                                   MatRef<double>);
template void activation_backward<float>(Activation, const ConstMatRef<float>&,
                                         const ConstMatRef<float>&, MatRef<float>);
template void activation_backward<double>(Activation, const ConstMatRef<double>&,
                                          const ConstMatRef<double>&, MatRef<double>);

}  // namespace nn
}  // namespace descent
