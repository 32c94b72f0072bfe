#pragma once
// DP-SGD and DiceSGD as transforms of a run ("transforms": [{"name": "dp_sgd", ...}]). Their
// work needs per-example gradients, which only the problem has: the network problem clips,
// adds noise and feeds the error back before the optimizer sees the gradient (run/privacy.h),
// and the transform in the chain passes the gradient on unchanged.
#include <vector>

#include "optim/transforms/transform_catalog.h"

namespace descent {

std::vector<TransformInfo> privacy_transforms();

}  // namespace descent
