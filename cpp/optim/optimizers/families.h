#pragma once
// The optimizer zoo by family: each folder of optim/optimizers/ lists its optimizers and the
// transforms it contributes to the catalog (in its family.cpp). Adding an optimizer: one file
// in its folder, one line in that folder's family.cpp, and its test.
#include <string>
#include <vector>

#include "optim/optimizer.h"
#include "optim/transforms/transform_catalog.h"

namespace descent {

// The picker's groups (OptimizerInfo::family), in one list: an optimizer names one of these
// constants, never free text, and the catalog exports each family with its display title.
struct OptimizerFamily {
  const char* name;
  const char* title;
};
namespace family {
inline constexpr OptimizerFamily kClassic{"classic", "Classic"};
inline constexpr OptimizerFamily kAdaptive{"adaptive", "Adaptive"};
inline constexpr OptimizerFamily kSign{"sign", "Sign"};
inline constexpr OptimizerFamily kLayerWise{"layer-wise", "Layer-wise"};
inline constexpr OptimizerFamily kStabilised{"stabilised", "Stabilised"};
inline constexpr OptimizerFamily kGeometry{"geometry", "Geometry"};
inline constexpr OptimizerFamily kStepSize{"step_size", "Step size"};
inline constexpr OptimizerFamily kExtrapolation{"extrapolation", "Extrapolation"};
inline constexpr OptimizerFamily kCurvature{"curvature", "Curvature"};
inline constexpr OptimizerFamily kSharpness{"sharpness", "Sharpness"};
inline constexpr OptimizerFamily kBackpropFree{"backprop_free", "Backprop-free"};
inline constexpr OptimizerFamily kAll[] = {kClassic,    kAdaptive,  kSign,        kLayerWise,
                                           kStabilised, kGeometry,  kStepSize,    kExtrapolation,
                                           kCurvature,  kSharpness, kBackpropFree};
}  // namespace family
// The family of that name, or null.
inline const OptimizerFamily* find_family(const std::string& name) {
  for (const OptimizerFamily& f : family::kAll) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

std::vector<OptimizerInfo> classic_optimizers();
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
