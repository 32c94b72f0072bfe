// The curvature family: AdaHessian, PSGD, Gauss-Newton, damped Newton, L-BFGS.
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

std::vector<OptimizerInfo> curvature_optimizers() { return {}; }

std::vector<TransformInfo> curvature_transforms() { return {}; }

}  // namespace descent
