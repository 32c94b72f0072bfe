#include "optim/transforms/privacy_transforms.h"

#include "optim/optimizers/describe.h"

namespace descent {

namespace {

// The chain's link of a privacy transform: the problem has already privatised the gradient.
class PrivatisedByTheProblem final : public Transform {
 public:
  void init(const ParamLayout& /*layout*/) override {}
  void update(VecRef /*updates*/, ConstVecRef /*params*/, const StepContext& /*ctx*/) override {}
  void visit_state(StateVisitor& /*v*/) override {}
};

ParamSpec clip_param() {
  return log_real("clip", 1.0, 1e-4, 1e4,
                  "C: each example's gradient is scaled to norm at most C before the minibatch "
                  "mean.");
}

ParamSpec noise_param() {
  return real("noise_multiplier", 0.0, 0.0, 100.0,
              "sigma: Gaussian noise of standard deviation sigma C / B per coordinate (B the "
              "batch size) is added to the clipped mean; 0: clipping without noise.");
}

TransformPtr pass_through(const ParamValues& /*p*/) {
  return make_transform<PrivatisedByTheProblem>();
}

TransformInfo dp_sgd_info() {
  TransformInfo info =
      describe("dp_sgd", "DP-SGD: per-example clipping and noise", TransformStage::Pre);
  info.description =
      "Differentially private SGD's gradient: every example's gradient clipped to norm C, the "
      "minibatch mean of the clipped gradients plus Gaussian noise N(0, (sigma C / B)^2 I). "
      "Networks without LayerNorm, with an optimizer that takes one gradient per step; the "
      "weight penalty is added after. No privacy accounting (epsilon) is computed.";
  info.citation = {"Deep Learning with Differential Privacy",
                   "Abadi, Chu, Goodfellow, McMahan, Mironov, Talwar, Zhang", 2016, "CCS 2016"};
  info.params = {clip_param(), noise_param()};
  info.make = pass_through;
  return info;
}

TransformInfo dice_sgd_info() {
  TransformInfo info =
      describe("dice_sgd", "DiceSGD: DP-SGD with error feedback", TransformStage::Pre);
  info.description =
      "DP-SGD with error feedback, which removes the clipping bias: the part of the gradient "
      "that clipping removed is kept in an error e and fed back, clipped to C2: g = v + "
      "clip(e, C2) + w, e <- e + mean - v - clip(e, C2), v the clipped mean and w DP-SGD's "
      "noise. Follows the paper's Algorithm 1 with one Gaussian term of standard deviation "
      "sigma C / B; the authors' code adds a second noise sigma C2 to the fed-back error, not "
      "done here.";
  info.citation = {"Differentially Private SGD Without Clipping Bias: An Error-Feedback Approach",
                   "Zhang, Bu, Hong, Wang", 2024, "ICLR 2024"};
  info.params = {
      clip_param(),
      log_real("feedback_clip", 1.0, 1e-4, 1e4, "C2: the norm the fed-back error is clipped to."),
      noise_param()};
  info.make = pass_through;
  return info;
}

}  // namespace

std::vector<TransformInfo> privacy_transforms() { return {dp_sgd_info(), dice_sgd_info()}; }

}  // namespace descent
