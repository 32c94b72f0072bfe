#pragma once
// Shrink-and-perturb as a transform of a run ("transforms": [{"name": "shrink_perturb",
// "shrink": lambda, "perturb": sigma}]): at every task switch of the problem
// (run/task_switches.h) the run replaces the weights by lambda theta + sigma eps, eps ~ N(0, I)
// ("On Warm-Starting Neural Network Training", Ash and Adams, NeurIPS 2020, who apply it when
// new data arrives). Between switches the transform passes the update on unchanged.
#include "optim/transforms/transform_catalog.h"

namespace descent {

TransformInfo shrink_perturb_info();

}  // namespace descent
