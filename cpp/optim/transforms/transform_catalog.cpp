#include "optim/transforms/transform_catalog.h"

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/clip.h"
#include "optim/transforms/heavy_tailed_noise.h"
#include "optim/transforms/privacy_transforms.h"
#include "optim/transforms/shrink_perturb.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

TransformInfo clip_by_global_norm_info() {
  TransformInfo info = describe("clip_by_global_norm", "Clip by global norm", TransformStage::Pre);
  info.description = "Rescales the whole gradient when its norm exceeds max_norm.";
  info.citation = {"On the difficulty of training recurrent neural networks",
                   "Pascanu, Mikolov, Bengio", 2013, "ICML 2013"};
  info.params = {log_real("max_norm", 1.0, 1e-4, 1e4, "Largest allowed gradient norm.")};
  info.make = [](const ParamValues& p) {
    return make_transform<ClipByGlobalNorm>(p.get("max_norm"));
  };
  return info;
}

TransformInfo clip_by_value_info() {
  TransformInfo info = describe("clip_by_value", "Clip by value", TransformStage::Pre);
  info.description = "Clamps every gradient coordinate to [-max_value, max_value].";
  info.citation = {"Generating Sequences With Recurrent Neural Networks", "Graves", 2013,
                   "arXiv:1308.0850"};
  info.params = {log_real("max_value", 1.0, 1e-4, 1e4, "Largest allowed coordinate magnitude.")};
  info.make = [](const ParamValues& p) { return make_transform<ClipByValue>(p.get("max_value")); };
  return info;
}

TransformInfo weight_decay_info() {
  TransformInfo info = describe("weight_decay", "L2 weight decay (coupled)", TransformStage::Pre);
  info.description =
      "Adds weight_decay * w to the gradient, so adaptive optimizers rescale the decay too.";
  info.citation = {"A Simple Weight Decay Can Improve Generalization", "Krogh, Hertz", 1991,
                   "NeurIPS 1991"};
  info.params = {real("weight_decay", 1e-4, 0.0, 10.0, "Coefficient of the L2 term.")};
  info.make = [](const ParamValues& p) { return make_transform<AddL2>(p.get("weight_decay")); };
  return info;
}

TransformInfo decoupled_weight_decay_info() {
  TransformInfo info =
      describe("decoupled_weight_decay", "Decoupled weight decay", TransformStage::Post);
  info.description =
      "Shrinks the weights by lr * weight_decay each step, outside the optimizer's "
      "preconditioner (as in AdamW).";
  info.citation = {"Decoupled Weight Decay Regularization", "Loshchilov, Hutter", 2019,
                   "ICLR 2019"};
  info.params = {real("weight_decay", 1e-2, 0.0, 10.0, "Decay per unit learning rate.")};
  info.make = [](const ParamValues& p) {
    return make_transform<DecoupledWeightDecay>(p.get("weight_decay"));
  };
  return info;
}

TransformInfo heavy_tailed_noise_info() {
  TransformInfo info =
      describe("heavy_tailed_noise", "Heavy-tailed gradient noise", TransformStage::Pre);
  info.description =
      "Adds scale * X to every gradient coordinate, X symmetric alpha-stable (tail index "
      "alpha: P(|X| > t) falls like t^-alpha; 2 is Gaussian, 1 is Cauchy), from the run's "
      "seeded optimizer stream. Put a clip after it to clip the noisy gradient.";
  info.citation = {"A Tail-Index Analysis of Stochastic Gradient Noise in Deep Neural Networks",
                   "Simsekli, Sagun, Gurbuzbalaban", 2019, "ICML 2019"};
  info.params = {
      real("alpha", 1.5, 1.0, 2.0, "Tail index: 2 Gaussian, 1 Cauchy."),
      log_real("scale", 1.0, 1e-4, 1e3, "Scale of the noise (its median |X| at alpha 1).")};
  info.make = [](const ParamValues& p) {
    return make_transform<HeavyTailedNoise>(p.get("alpha"), p.get("scale"));
  };
  return info;
}

std::vector<TransformInfo> build_catalog() {
  std::vector<TransformInfo> catalog = {clip_by_global_norm_info(), clip_by_value_info(),
                                        weight_decay_info(),        decoupled_weight_decay_info(),
                                        heavy_tailed_noise_info(),  shrink_perturb_info()};
  for (auto family :
       {adaptive_transforms, stabilised_transforms, geometry_transforms, step_size_transforms,
        curvature_transforms, sharpness_transforms, privacy_transforms}) {
    for (auto& info : family()) catalog.push_back(std::move(info));
  }
  return catalog;
}

}  // namespace

const std::vector<TransformInfo>& transform_catalog() {
  static const std::vector<TransformInfo> catalog = build_catalog();
  return catalog;
}

const TransformInfo* find_transform(const std::string& name) {
  for (const auto& info : transform_catalog()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace descent
