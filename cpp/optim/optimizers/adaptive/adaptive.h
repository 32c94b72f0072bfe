#pragma once
// The adaptive family: one info function per named optimizer (each defined in its own file
// of this folder), the cautious transform, and small helpers shared by the files here.
#include <algorithm>
#include <cmath>

#include "optim/optimizer.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/tensors.h"
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

using descent::for_each_tensor;

// sign(x) with sign(0) = 0, as torch.sign.
inline Scalar sign(Scalar x) { return static_cast<Scalar>((x > 0) - (x < 0)); }

}  // namespace adaptive
}  // namespace descent
