// The curvature family: damped Newton, L-BFGS, AdaHessian, PSGD, Gauss-Newton, Sophia, OASIS,
// M-FAC, lazy-Hessian cubic Newton, INNAprop, K-FAC and the Ghosts-of-Softmax step controller. Each
// lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

OptimizerInfo damped_newton_info();           // damped_newton.cpp
OptimizerInfo lbfgs_info();                   // lbfgs.cpp
OptimizerInfo adahessian_info();              // adahessian.cpp
OptimizerInfo gauss_newton_info();            // gauss_newton.cpp
OptimizerInfo psgd_info();                    // psgd.cpp
TransformInfo ghosts_step_controller_info();  // ghosts_controller.cpp
OptimizerInfo sophia_info();                  // sophia.cpp
OptimizerInfo oasis_info();                   // oasis.cpp
OptimizerInfo mfac_info();                    // mfac.cpp
OptimizerInfo lazy_newton_info();             // lazy_newton.cpp
OptimizerInfo innaprop_info();                // innaprop.cpp
OptimizerInfo kfac_info();                    // kfac.cpp

std::vector<OptimizerInfo> curvature_optimizers() {
  return {damped_newton_info(), lbfgs_info(),    adahessian_info(), psgd_info(),
          gauss_newton_info(),  sophia_info(),   oasis_info(),      mfac_info(),
          lazy_newton_info(),   innaprop_info(), kfac_info()};
}

std::vector<TransformInfo> curvature_transforms() { return {ghosts_step_controller_info()}; }

}  // namespace descent
