// The sharpness family: SAM, gradient-norm regularisation, GAM, adversarial model
// perturbation, flooding, perpGrad, and the derivative-free CBO and evolution strategy.
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

OptimizerInfo sam_info();                           // sam.cpp
OptimizerInfo gradient_norm_regularization_info();  // sam.cpp
OptimizerInfo gam_info();                           // gam.cpp
OptimizerInfo amp_info();                           // amp.cpp
OptimizerInfo cbo_info();                           // particles.cpp
OptimizerInfo es_info();                            // particles.cpp
TransformInfo flooding_info();                      // gradient_stages.cpp
TransformInfo perpgrad_info();                      // gradient_stages.cpp

std::vector<OptimizerInfo> sharpness_optimizers() {
  return {sam_info(), gradient_norm_regularization_info(), gam_info(), amp_info(), cbo_info(),
          es_info()};
}

std::vector<TransformInfo> sharpness_transforms() { return {flooding_info(), perpgrad_info()}; }

}  // namespace descent
