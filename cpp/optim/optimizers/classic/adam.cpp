// Adam, AdamW and AMSGrad: the same preconditioner (transforms/scale_by_adam.h) with coupled
// L2, decoupled weight decay, or a running maximum of the second moment.
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/scale_by_adam.h"
#include "optim/transforms/state_format.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

const Citation kAdam{"Adam: A Method for Stochastic Optimization", "Kingma, Ba", 2015, "ICLR 2015"};
const Citation kAmsgrad{"On the Convergence of Adam and Beyond", "Reddi, Kale, Kumar", 2018,
                        "ICLR 2018"};

std::vector<ParamSpec> adam_params(double weight_decay) {
  return {
      hp::lr(1e-3),       hp::beta1(), hp::beta2(), hp::eps(1e-8), hp::weight_decay(weight_decay),
      state_format_spec()};
}

}  // namespace

OptimizerInfo adam_info() {
  OptimizerInfo info = describe("adam", "Adam", family::kAdaptive);
  info.description =
      "Momentum on the gradient divided by the root of a running average of squared "
      "gradients, both bias-corrected; weight decay is added to the gradient (coupled L2).";
  info.citation = kAdam;
  info.params = adam_params(0.0);
  info.params.push_back(boolean("amsgrad", false, "Use the running maximum of v (AMSGrad)."));
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<AddL2>(p.get("weight_decay")),
        with_state_format(make_transform<ScaleByAdam>(p.get("beta1"), p.get("beta2"), p.get("eps"),
                                                      p.get_bool("amsgrad")),
                          p),
        make_transform<ScaleByLearningRate>());
  };
  return info;
}

OptimizerInfo adamw_info() {
  OptimizerInfo info = describe("adamw", "AdamW", family::kAdaptive);
  info.description =
      "Adam with weight decay applied to the weights directly instead of through the "
      "gradient, so the decay is not rescaled by the preconditioner.";
  info.citation = {"Decoupled Weight Decay Regularization", "Loshchilov, Hutter", 2019,
                   "ICLR 2019"};
  info.params = adam_params(0.01);
  info.params.push_back(boolean("amsgrad", false, "Use the running maximum of v (AMSGrad)."));
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        with_state_format(make_transform<ScaleByAdam>(p.get("beta1"), p.get("beta2"), p.get("eps"),
                                                      p.get_bool("amsgrad")),
                          p),
        make_transform<ScaleByLearningRate>(),
        make_transform<DecoupledWeightDecay>(p.get("weight_decay")));
  };
  return info;
}

OptimizerInfo amsgrad_info() {
  OptimizerInfo info = describe("amsgrad", "AMSGrad", family::kAdaptive);
  info.description =
      "Adam whose denominator uses the running maximum of the second moment, so effective "
      "step sizes never grow; fixes Adam's non-convergence counterexample.";
  info.citation = kAmsgrad;
  info.params = adam_params(0.0);
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<AddL2>(p.get("weight_decay")),
        with_state_format(
            make_transform<ScaleByAdam>(p.get("beta1"), p.get("beta2"), p.get("eps"), true), p),
        make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
