// The step_size family: DoG, L-DoG, stochastic Polyak, SANIA, hypergradient descent, XGrad, extragradient, optimistic gradient.
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

std::vector<OptimizerInfo> step_size_optimizers() { return {}; }

std::vector<TransformInfo> step_size_transforms() { return {}; }

}  // namespace descent
