// Cautious masking as a transform over any optimizer, and the paper's two presets C-AdamW
// and C-Lion ("Cautious Optimizers: Improving Training with One Line of Code", Liang, Chen,
// Liu, Liu, 2024, Algorithms 1-3). See cautious.h for the rule. In the presets the mask acts
// on the optimizer's direction before the learning rate and before decoupled weight decay,
// as in the paper; the catalog transform acts on the final update (post stage), so it also
// masks any decay inside the optimizer's own chain (put decoupled_weight_decay after it in
// the transform list to decay unmasked).
#include "optim/optimizers/adaptive/cautious.h"

#include "optim/optimizers/adaptive/lion.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/scale_by_adam.h"
#include "optim/transforms/weight_decay.h"

namespace descent {

namespace {
const Citation kCautious{"Cautious Optimizers: Improving Training with One Line of Code",
                         "Liang, Chen, Liu, Liu", 2024, "arXiv:2411.16085"};
}  // namespace

TransformInfo cautious_info() {
  TransformInfo info = describe("cautious", "Cautious mask", TransformStage::Post);
  info.description =
      "Zeroes the update coordinates that would move uphill (sign disagrees with the "
      "gradient) and rescales the rest of each tensor by 1 / kept fraction.";
  info.citation = kCautious;
  info.params = {};
  info.make = [](const ParamValues&) { return make_transform<adaptive::Cautious>(true); };
  return info;
}

OptimizerInfo cautious_adamw_info() {
  OptimizerInfo info = describe("cautious_adamw", "C-AdamW", family::kAdaptive);
  info.description =
      "AdamW that only moves coordinates where the Adam direction agrees in sign with the "
      "current gradient, rescaled by the kept fraction; decay is applied unmasked.";
  info.citation = kCautious;
  info.params = {hp::lr(1e-3), hp::beta1(), hp::beta2(), hp::eps(1e-8), hp::weight_decay(0.01)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<ScaleByAdam>(p.get("beta1"), p.get("beta2"), p.get("eps"), false),
        make_transform<adaptive::Cautious>(false), make_transform<ScaleByLearningRate>(),
        make_transform<DecoupledWeightDecay>(p.get("weight_decay")));
  };
  return info;
}

OptimizerInfo cautious_lion_info() {
  OptimizerInfo info = describe("cautious_lion", "C-Lion", family::kSign);
  info.description =
      "Lion that only moves coordinates where sign(update) agrees with the current "
      "gradient, rescaled by the kept fraction; decay is applied unmasked.";
  info.citation = kCautious;
  info.params = adaptive::lion_params();
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<adaptive::ScaleByLion>(p.get("beta1"), p.get("beta2")),
                           make_transform<adaptive::Cautious>(false),
                           make_transform<ScaleByLearningRate>(),
                           make_transform<DecoupledWeightDecay>(p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
