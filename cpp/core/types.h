#pragma once
// The numeric vocabulary of the core. Training runs in float32: the browser build is
// float32 SIMD, and the native build must compute the same thing.
#include <Eigen/Core>

namespace descent {

using Scalar = float;
using Vec = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
using VecRef = Eigen::Ref<Vec>;
using ConstVecRef = Eigen::Ref<const Vec>;
using MatMap = Eigen::Map<Mat>;
using ConstMatMap = Eigen::Map<const Mat>;

}  // namespace descent
