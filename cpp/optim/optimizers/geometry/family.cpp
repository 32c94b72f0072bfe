// The geometry family: Muon, spectral steepest descent, Shampoo.
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

std::vector<OptimizerInfo> geometry_optimizers() { return {}; }

std::vector<TransformInfo> geometry_transforms() { return {}; }

}  // namespace descent
