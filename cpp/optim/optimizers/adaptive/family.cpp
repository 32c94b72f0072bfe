// The adaptive family: AdaBelief, AdaBound, AMSBound, diffGrad, AdamP, SGDP, Lion, Grams,
// cautious masking (a transform) with C-AdamW and C-Lion, AdEMAMix, Gravity, signSGD, Signum,
// normalised GD and Adafactor. Each optimizer lives in its own file of this folder; this file
// lists them.
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/families.h"

namespace descent {

std::vector<OptimizerInfo> adaptive_optimizers() {
  return {adabelief_info(),      adabound_info(),      amsbound_info(),      diffgrad_info(),
          adamp_info(),          sgdp_info(),          lion_info(),          grams_info(),
          cautious_adamw_info(), cautious_lion_info(), ademamix_info(),      gravity_info(),
          sign_descent_info(),   signum_info(),        normalized_gd_info(), adafactor_info()};
}

std::vector<TransformInfo> adaptive_transforms() { return {cautious_info()}; }

}  // namespace descent
