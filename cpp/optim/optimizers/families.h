#pragma once
// The optimizer zoo by family: each folder of optim/optimizers/ lists its optimizers and the
// transforms it contributes to the catalog.
#include <vector>

#include "optim/optimizer.h"
#include "optim/transforms/transform_catalog.h"

namespace descent {

std::vector<OptimizerInfo> adaptive_optimizers();
std::vector<TransformInfo> adaptive_transforms();
std::vector<OptimizerInfo> stabilised_optimizers();
std::vector<TransformInfo> stabilised_transforms();
std::vector<OptimizerInfo> geometry_optimizers();
std::vector<TransformInfo> geometry_transforms();
std::vector<OptimizerInfo> step_size_optimizers();
std::vector<TransformInfo> step_size_transforms();
std::vector<OptimizerInfo> curvature_optimizers();
std::vector<TransformInfo> curvature_transforms();
std::vector<OptimizerInfo> sharpness_optimizers();
std::vector<TransformInfo> sharpness_transforms();
std::vector<OptimizerInfo> backprop_free_optimizers();  // no transforms

}  // namespace descent
