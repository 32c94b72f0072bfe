// The adaptive family: AdaBelief, AdaBound, AMSBound, diffGrad, AdamP, SGDP, Lion, Grams,
// cautious masking (a transform) with C-AdamW and C-Lion, AdEMAMix, Gravity, signSGD, Signum,
// normalised GD, ADOPT, Adan, MARS, LaProp, optimistic AMSGrad and Adafactor. Each optimizer
// lives in its own file of this folder; this file lists them.
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/families.h"

namespace descent {

OptimizerInfo optimistic_amsgrad_info();  // optimistic_amsgrad.cpp

std::vector<OptimizerInfo> adaptive_optimizers() {
  return {
      adabelief_info(),      adabound_info(),      amsbound_info(),      diffgrad_info(),
      adamp_info(),          sgdp_info(),          lion_info(),          grams_info(),
      cautious_adamw_info(), cautious_lion_info(), ademamix_info(),      gravity_info(),
      sign_descent_info(),   signum_info(),        normalized_gd_info(), adopt_info(),
      adan_info(),           mars_info(),          laprop_info(),        optimistic_amsgrad_info(),
      adafactor_info()};
}

std::vector<TransformInfo> adaptive_transforms() { return {cautious_info()}; }

}  // namespace descent
