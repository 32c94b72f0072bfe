// Catalog entries for Ranger21's stages used on their own around any optimizer.
#include "optim/optimizers/stabilised/stages.h"

#include "optim/optimizers/describe.h"

namespace descent {

TransformInfo agc_info() {
  TransformInfo info = describe("agc", "Adaptive gradient clipping", TransformStage::Pre);
  info.description =
      "Unit-wise clipping: rescales each neuron's gradient so that its norm is at most "
      "clip_factor times the norm of that neuron's weights (vectors count as one unit).";
  info.citation = {"High-Performance Large-Scale Image Recognition Without Normalization",
                   "Brock, De, Smith, Simonyan", 2021, "ICML 2021"};
  info.params = {log_real("clip_factor", 1e-2, 1e-4, 10.0,
                          "Largest allowed ratio of gradient norm to weight norm per unit."),
                 log_real("eps", 1e-3, 1e-8, 1.0,
                          "Floor on the weight norm, so units at zero can still move.")};
  info.make = [](const ParamValues& p) {
    return make_transform<Agc>(p.get("clip_factor"), p.get("eps"));
  };
  return info;
}

TransformInfo gradient_centralization_info() {
  TransformInfo info =
      describe("gradient_centralization", "Gradient centralisation", TransformStage::Pre);
  info.description =
      "Removes the mean over the fan-in from each row of every weight-matrix gradient "
      "(biases and 2-D points are unchanged): a projection that constrains the weights.";
  info.citation = {
      "Gradient Centralization: A New Optimization Technique for Deep Neural "
      "Networks",
      "Yong, Huang, Hua, Zhang", 2020, "ECCV 2020"};
  info.params = {};
  info.make = [](const ParamValues&) { return make_transform<GradientCentralization>(); };
  return info;
}

TransformInfo stable_weight_decay_info() {
  TransformInfo info = describe("stable_weight_decay", "Stable weight decay", TransformStage::Post);
  info.description =
      "Decoupled decay lr * weight_decay * w divided by the root of the mean (bias-corrected, "
      "beta2) squared gradient; around Adam with the same beta2 this is exactly AdamS.";
  info.citation = {
      "On the Overlooked Pitfalls of Weight Decay and How to Mitigate Them: A "
      "Gradient-Norm Perspective",
      "Xie, Xu, Zhang, Sato, Sugiyama", 2023, "NeurIPS 2023"};
  info.params = {real("weight_decay", 5e-4, 0.0, 1.0,
                      "Decay per unit learning rate, before division by the gradient RMS."),
                 hp::beta2(0.999)};
  info.make = [](const ParamValues& p) {
    return make_transform<StableWeightDecay>(p.get("weight_decay"), p.get("beta2"));
  };
  return info;
}

TransformInfo norm_loss_info() {
  TransformInfo info = describe("norm_loss", "Norm loss", TransformStage::Post);
  info.description =
      "Decoupled gradient step on factor * sum (1 - |w_unit|)^2: pulls every neuron's weight "
      "vector (and every bias or point as a whole) towards unit norm.";
  info.citation = {
      "Norm Loss: An efficient yet effective regularization method for deep "
      "neural networks",
      "Georgiou, Schmitt, Bäck, Chen, Lew", 2021, "ICPR 2020 (arXiv:2103.06583)"};
  info.params = {log_real("factor", 1e-4, 1e-6, 1.0, "Weight of the norm penalty.")};
  info.make = [](const ParamValues& p) { return make_transform<NormLoss>(p.get("factor")); };
  return info;
}

TransformInfo lookahead_info() {
  TransformInfo info = describe("lookahead", "Lookahead", TransformStage::Post);
  info.description =
      "Wraps any optimizer: it moves fast weights for k steps, then the slow weights step "
      "alpha of the way towards them and the fast weights restart from there.";
  info.citation = {"Lookahead Optimizer: k steps forward, 1 step back", "Zhang, Lucas, Hinton, Ba",
                   2019, "NeurIPS 2019"};
  info.params = {integer("k", 5, 1, 1000, "Fast steps between synchronisations."),
                 real("alpha", 0.5, 0.0, 1.0, "Slow-weights step size towards the fast weights.")};
  info.make = [](const ParamValues& p) {
    return make_transform<Lookahead>(p.get_int("k"), p.get("alpha"));
  };
  return info;
}

}  // namespace descent
