#pragma once
// Landscape measurements of a run, requested as JSON (from the page and the CLI).
#include <nlohmann/json.hpp>

#include "run/run.h"

namespace descent {

// request: {"dims": 1 | 2, "points": 3..101 (default 41), "range": (0, 10] (default 1)}.
// Directions are filter-normalised, drawn from the run's probe stream afresh each call (the
// same request gives the same slice). Returns {"alphas", ["betas"], "loss"} or
// {"error": "..."} naming the field.
nlohmann::json landscape_json(Run& run, const nlohmann::json& request);

// The loss on run a's training objective along (1 - t) w_a + t w_b, t from -0.25 to 1.25
// ("points" values, ends included as t = 0 and t = 1 exactly when they fall on the grid).
// {"t", "loss"} or {"error"}.
nlohmann::json interpolation_json(Run& a, Run& b, int points);

}  // namespace descent
