#pragma once
// Run-level settings (top-level config fields) and model settings that are plain numbers,
// as catalog specs so the page renders them like any other parameter.
#include <vector>

#include "catalog/spec.h"

namespace descent {

// seed, steps, batch_size, eval_every
const std::vector<ParamSpec>& run_params();
// init_gain, layer_norm, residual, l1, l2, random_features
const std::vector<ParamSpec>& model_params();

// The evaluations an automatic cadence (eval_every 0) aims at: a few hundred points per
// chart whatever the run's length, and a bounded evaluation cost on long runs.
constexpr int kAutoEvaluations = 200;

// Steps between full evaluations (logged rows) of a data-set run: eval_every, or
// ceil(steps / kAutoEvaluations) when it is 0 (automatic).
int evaluation_interval(int eval_every, int steps);

}  // namespace descent
