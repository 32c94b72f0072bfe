// The stabilised family: Ranger21 and its stages, SPAM, Stable-SPAM, AdaGrad-Norm, Subset-Norm,
// LARS, LAMB, weight normalisation, LAWN, and the transforms for gradient noise, the Grokfast
// slow-gradient filter, norm-growth limiting and low-precision emulation. Each optimizer lives
// in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"
#include "optim/optimizers/stabilised/stabilised.h"

namespace descent {

OptimizerInfo weight_norm_info();  // weight_norm.cpp
OptimizerInfo lawn_info();         // lawn.cpp
OptimizerInfo sgld_info();         // sgld.cpp

std::vector<OptimizerInfo> stabilised_optimizers() {
  return {ranger21_info(),     pnm_info(),         spam_info(), stable_spam_info(),
          adagrad_norm_info(), subset_norm_info(), lars_info(), lamb_info(),
          weight_norm_info(),  lawn_info(),        sgld_info()};
}

std::vector<TransformInfo> stabilised_transforms() {
  return {agc_info(),
          gradient_centralization_info(),
          stable_weight_decay_info(),
          norm_loss_info(),
          lookahead_info(),
          gradient_noise_info(),
          grokfast_info(),
          fira_limiter_info(),
          round_gradients_info(),
          round_weights_info()};
}

}  // namespace descent
