#pragma once
// The adaptive family: one info function per named optimizer (each defined in its own file
// of this folder), the cautious transform, and small helpers shared by the files here.
#include <algorithm>
#include <cmath>

#include "optim/optimizer.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/transform_catalog.h"

namespace descent {

OptimizerInfo adabelief_info();
OptimizerInfo adabound_info();
OptimizerInfo amsbound_info();
OptimizerInfo diffgrad_info();
OptimizerInfo adamp_info();
OptimizerInfo sgdp_info();
OptimizerInfo lion_info();
OptimizerInfo grams_info();
OptimizerInfo cautious_adamw_info();
OptimizerInfo cautious_lion_info();
OptimizerInfo ademamix_info();
OptimizerInfo gravity_info();
OptimizerInfo sign_descent_info();
OptimizerInfo signum_info();
OptimizerInfo normalized_gd_info();
OptimizerInfo adopt_info();
OptimizerInfo adan_info();
OptimizerInfo mars_info();
OptimizerInfo laprop_info();
OptimizerInfo adafactor_info();  // adafactor.cpp

TransformInfo cautious_info();

namespace adaptive {

// Calls fn(slice) for every tensor of the layout; without a layout the whole vector is one
// tensor (a column vector).
template <class Fn>
void for_each_tensor(const StepContext& ctx, int size, Fn&& fn) {
  if (ctx.layout != nullptr && !ctx.layout->tensors.empty()) {
    for (const auto& t : ctx.layout->tensors) fn(t);
  } else {
    TensorSlice whole;
    whole.offset = 0;
    whole.rows = size;
    whole.cols = 1;
    whole.role = TensorRole::Point;
    fn(whole);
  }
}

// sign(x) with sign(0) = 0, as torch.sign.
inline Scalar sign(Scalar x) { return static_cast<Scalar>((x > 0) - (x < 0)); }

}  // namespace adaptive
}  // namespace descent
