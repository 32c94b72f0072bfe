#pragma once
// Loss-landscape slices ("Visualizing the Loss Landscape of Neural Nets", Li, Xu, Taylor,
// Studer, Goldstein, 2018): the loss at w + a d1 (+ b d2) for random directions normalised
// filter by filter, and the loss along the straight line between two weight vectors
// ("Qualitatively Characterizing Neural Network Optimization Problems", Goodfellow, Vinyals,
// Saxe, 2015). On demand, outside the training step (these allocate).
#include <vector>

#include "core/param_layout.h"
#include "core/rng.h"
#include "core/types.h"
#include "optim/optimizer.h"

namespace descent {

// A Gaussian direction rescaled so that each filter (a row of a weight matrix: one unit's
// incoming weights; a whole vector for a point or other 1-D weight tensor) has the norm of
// the same filter of params. Biases and LayerNorm gains get 0, as in Li et al.
Vec filter_normalised_direction(const ParamLayout& layout, ConstVecRef params, Rng& rng);

// Evenly spaced values from lo to hi (n >= 2; n == 1 gives lo).
std::vector<double> linspace(double lo, double hi, int n);

// Loss at params + a d for each a.
std::vector<double> slice_1d(Objective& objective, ConstVecRef params, ConstVecRef d,
                             const std::vector<double>& alphas);
// Loss at params + a d1 + b d2, row-major with b outer (rows) and a inner.
std::vector<double> slice_2d(Objective& objective, ConstVecRef params, ConstVecRef d1,
                             ConstVecRef d2, const std::vector<double>& alphas,
                             const std::vector<double>& betas);
// Loss at (1 - t) a + t b for each t.
std::vector<double> interpolate(Objective& objective, ConstVecRef a, ConstVecRef b,
                                const std::vector<double>& ts);

}  // namespace descent
