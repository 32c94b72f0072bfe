#pragma once
// Differentially private training of a network: DP-SGD's per-example clipping to norm C and
// Gaussian noise ("Deep Learning with Differential Privacy", Abadi et al., 2016), optionally
// with DiceSGD's error feedback ("Differentially Private SGD Without Clipping Bias: An
// Error-Feedback Approach", Zhang, Bu, Hong, Wang, ICLR 2024), which keeps what clipping cut
// away and feeds it back, clipped to C2:
//   v_t = (1/B) sum_j clip(g_j, C),          clip(g, C) = g min(1, C / |g|)
//   g_t = v_t + clip(e_t, C2) + w_t,         w_t ~ N(0, (sigma C / B)^2 I)
//   e_{t+1} = e_t + (1/B) sum_j g_j - v_t - clip(e_t, C2),   e_0 = 0.
// A run asks for it with the transform "dp_sgd" or "dice_sgd" (optim/transforms/
// privacy_transforms.h); the optimizer receives g_t as the minibatch gradient (plain SGD then
// is the papers' update). The network problem does the work (run/network/privacy.cpp) with
// the MLP's per-example gradients (nn/per_example.cpp). The weight penalty, which reads no
// data, is added after privatisation.
#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "core/state.h"
#include "core/types.h"
#include "optim/optimizer.h"  // FieldError

namespace descent {

struct RunConfig;
struct NamedConfig;

struct PrivacyConfig {
  double clip = 0.0;              // C; 0: no privacy
  double noise_multiplier = 0.0;  // sigma
  bool error_feedback = false;    // DiceSGD
  double feedback_clip = 0.0;     // C2
  bool enabled() const { return clip > 0.0; }
};

// The privacy the run's transforms ask for (the first "dp_sgd" or "dice_sgd"; off without).
PrivacyConfig privacy_from_transforms(const std::vector<NamedConfig>& transforms);
// What privacy cannot go with (field-named): a second privacy transform, functions,
// LayerNorm, random features, optimizers and transforms that read the data other than through
// one gradient per step.
std::vector<FieldError> privacy_errors(const RunConfig& config);

// The noise stream (beside core/rng.h's Stream values, which it does not reuse).
constexpr std::uint64_t kPrivacyStream = 6;

// The step from (clipped mean, unclipped mean) to the released gradient, with the error
// feedback state and the noise stream. Allocates only in the constructor.
class PrivateGradient {
 public:
  PrivateGradient(const PrivacyConfig& config, std::uint32_t seed, int num_params);
  // clipped: v_t on entry, g_t on return. mean: (1/B) sum_j g_j. batch: B.
  void release(Eigen::VectorXd& clipped, const Eigen::VectorXd& mean, int batch);
  const Eigen::VectorXd& error() const { return error_; }
  void visit_state(StateVisitor& v);

 private:
  PrivacyConfig config_;
  Rng noise_rng_;
  Eigen::VectorXd error_, fed_back_;
};

}  // namespace descent
