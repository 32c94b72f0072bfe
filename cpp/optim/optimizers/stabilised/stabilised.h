#pragma once
// The stabilised family: one info function per catalog entry (each defined in a file of this
// folder) and the helpers they share for acting per tensor and per unit.
//
// Units. Ranger21, AGC, gradient centralisation and norm loss act "unit-wise": a unit is the
// fan-in weight vector of one output neuron. Weight matrices are stored rows x cols column-major
// with rows = outputs and cols = inputs (PyTorch's (out, in) Linear weight), so a unit is a row.
// Every other tensor (a bias, a gain, or the "Point" of a 2-D test function) is one unit as a
// whole, as in the NFNet and Ranger21 reference code, where a 1-D tensor's unit norm is its
// full norm.
#include <cmath>
#include <vector>

#include "optim/optimizer.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/tensors.h"
#include "optim/transforms/transform_catalog.h"

namespace descent {

OptimizerInfo ranger21_info();
OptimizerInfo pnm_info();
OptimizerInfo spam_info();
OptimizerInfo stable_spam_info();
OptimizerInfo adagrad_norm_info();
OptimizerInfo subset_norm_info();
OptimizerInfo lars_info();
OptimizerInfo lamb_info();

TransformInfo agc_info();
TransformInfo gradient_centralization_info();
TransformInfo stable_weight_decay_info();
TransformInfo norm_loss_info();
TransformInfo lookahead_info();
TransformInfo gradient_noise_info();
TransformInfo grokfast_info();  // grokfast.cpp
TransformInfo fira_limiter_info();
TransformInfo round_gradients_info();
TransformInfo round_weights_info();

namespace stabilised {

using descent::for_each_tensor;
using descent::tensor_count;

// A strided view of one unit: `count` elements `stride` apart.
using UnitMap = Eigen::Map<Vec, 0, Eigen::InnerStride<>>;
using ConstUnitMap = Eigen::Map<const Vec, 0, Eigen::InnerStride<>>;

// True when the tensor splits into one unit per row (weight matrices, including 1 x n and
// n x 1 ones); false when it is a single unit.
inline bool has_row_units(const TensorSlice& t) { return t.role == TensorRole::Weight; }

// Calls fn(unit index, first element offset, count, stride) for every unit of the tensor.
template <class Fn>
void for_each_unit(const TensorSlice& t, Fn&& fn) {
  if (has_row_units(t)) {
    for (int i = 0; i < t.rows; ++i) fn(i, t.offset + i, t.cols, t.rows);
  } else {
    fn(0, t.offset, t.size(), 1);
  }
}

inline UnitMap unit(VecRef v, int first, int count, int stride) {
  return UnitMap(v.data() + first, count, Eigen::InnerStride<>(stride));
}
inline ConstUnitMap unit(ConstVecRef v, int first, int count, int stride) {
  return ConstUnitMap(v.data() + first, count, Eigen::InnerStride<>(stride));
}

inline double norm(const UnitMap& x) { return std::sqrt(static_cast<double>(x.squaredNorm())); }
inline double norm(const ConstUnitMap& x) {
  return std::sqrt(static_cast<double>(x.squaredNorm()));
}

// Tensors that layer-wise methods (LARS, LAMB) adapt: weights and 2-D points. Biases and gains
// are excluded from the trust ratio and from weight decay, as in the large-batch practice the
// LAMB paper follows (its BERT code excludes LayerNorm and bias parameters).
inline bool layer_adapted(const TensorSlice& t) {
  return t.role == TensorRole::Weight || t.role == TensorRole::Point;
}

}  // namespace stabilised
}  // namespace descent
