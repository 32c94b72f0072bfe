#pragma once
// Eigen types of the network code, parameterised by the scalar type. The trainer runs the
// float instantiation (descent::Scalar); the double instantiation serves finite-difference
// gradient checks and a planned float64 mode.
#include <Eigen/Core>

namespace descent {
namespace nn {

template <class S>
using MatX = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
template <class S>
using VecX = Eigen::Matrix<S, Eigen::Dynamic, 1>;
template <class S>
using RowX = Eigen::Matrix<S, 1, Eigen::Dynamic>;

// References bind to blocks of preallocated storage (e.g. leftCols(batch)) without copying.
template <class S>
using MatRef = Eigen::Ref<MatX<S>>;
template <class S>
using ConstMatRef = Eigen::Ref<const MatX<S>>;
template <class S>
using VecRef = Eigen::Ref<VecX<S>>;
template <class S>
using ConstVecRef = Eigen::Ref<const VecX<S>>;
template <class S>
using RowRef = Eigen::Ref<RowX<S>>;
template <class S>
using ConstRowRef = Eigen::Ref<const RowX<S>>;

}  // namespace nn
}  // namespace descent
