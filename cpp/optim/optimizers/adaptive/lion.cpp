// Lion, EvoLved Sign Momentum ("Symbolic Discovery of Optimization Algorithms", Chen et al.,
// 2023, Algorithm 2): the update is the sign of an interpolation between the momentum and
// the gradient, so every coordinate moves by exactly lr (plus decoupled decay):
//   c = b1 m + (1-b1) g;  w <- w - lr (sign(c) + wd w);  m <- b2 m + (1-b2) g
#include "optim/optimizers/adaptive/lion.h"

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {

namespace adaptive {
const Citation kLionCitation{
    "Symbolic Discovery of Optimization Algorithms",
    "Chen, Liang, Huang, Real, Wang, Liu, Pham, Dong, Luong, Hsieh, Lu, Le", 2023, "NeurIPS 2023"};

std::vector<ParamSpec> lion_params() {
  return {hp::lr(1e-4),
          real("beta1", 0.9, 0.0, 0.9999,
               "Interpolation weight of the momentum in the update direction."),
          real("beta2", 0.99, 0.0, 0.9999, "Decay rate of the momentum."), hp::weight_decay(0.0)};
}
}  // namespace adaptive

OptimizerInfo lion_info() {
  OptimizerInfo info = describe("lion", "Lion", family::kSign);
  info.description =
      "Steps by lr times the sign of a blend of momentum and gradient: every coordinate "
      "moves the same distance; momentum is updated after, with a slower rate.";
  info.citation = adaptive::kLionCitation;
  info.params = adaptive::lion_params();
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<adaptive::ScaleByLion>(p.get("beta1"), p.get("beta2")),
                           make_transform<ScaleByLearningRate>(),
                           make_transform<DecoupledWeightDecay>(p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
