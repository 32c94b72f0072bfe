#pragma once
// Run-level settings (top-level config fields) and model settings that are plain numbers,
// as catalog specs so the page renders them like any other parameter.
#include <vector>

#include "catalog/spec.h"

namespace descent {

const std::vector<ParamSpec>& run_params();    // seed, steps, batch_size, eval_every
const std::vector<ParamSpec>& model_params();  // init_gain, layer_norm, residual, l1, l2, random_features

}  // namespace descent
