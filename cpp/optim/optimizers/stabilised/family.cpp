// The stabilised family: Ranger21 and its stages, SPAM, Stable-SPAM, AdaGrad-Norm, Subset-Norm, LARS, LAMB.
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

std::vector<OptimizerInfo> stabilised_optimizers() { return {}; }

std::vector<TransformInfo> stabilised_transforms() { return {}; }

}  // namespace descent
