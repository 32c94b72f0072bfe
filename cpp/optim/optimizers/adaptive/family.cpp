// The adaptive family: AdaBelief, AdaBound, AMSBound, diffGrad, AdamP, SGDP, Lion, Grams, cautious variants, AdEMAMix, Gravity, sign descent, Signum, normalised GD.
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

std::vector<OptimizerInfo> adaptive_optimizers() { return {}; }

std::vector<TransformInfo> adaptive_transforms() { return {}; }

}  // namespace descent
