// The curvature family: damped Newton and L-BFGS (later: AdaHessian, PSGD, Gauss-Newton).
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

OptimizerInfo damped_newton_info();  // damped_newton.cpp
OptimizerInfo lbfgs_info();          // lbfgs.cpp

std::vector<OptimizerInfo> curvature_optimizers() { return {damped_newton_info(), lbfgs_info()}; }

std::vector<TransformInfo> curvature_transforms() { return {}; }

}  // namespace descent
