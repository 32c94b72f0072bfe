#include "optim/transforms/shrink_perturb.h"

#include "optim/optimizers/describe.h"

namespace descent {

namespace {

// The chain's link: the run shrinks and perturbs the weights at the switches themselves.
class AppliedAtTaskSwitches final : public Transform {
 public:
  void init(const ParamLayout& /*layout*/) override {}
  void update(VecRef /*updates*/, ConstVecRef /*params*/, const StepContext& /*ctx*/) override {}
  void visit_state(StateVisitor& /*v*/) override {}
};

}  // namespace

TransformInfo shrink_perturb_info() {
  TransformInfo info =
      describe("shrink_perturb", "Shrink-and-perturb at task switches", TransformStage::Post);
  info.description =
      "At every task switch of the problem (problem.task_switches) every weight and bias is "
      "replaced by lambda theta + sigma eps with eps ~ N(0, 1), before the new task's first "
      "update; the optimizer's state is kept. The paper applies it when new data arrives, to "
      "warm-started networks, whose ability to learn and generalise it restores; the noise is "
      "Gaussian, as in the paper's equation. Needs task switches; refused with random "
      "features, and only one per run.";
  info.citation = {"On Warm-Starting Neural Network Training", "Ash, Adams", 2020, "NeurIPS 2020"};
  info.params = {
      real("shrink", 0.4, 0.0, 1.0, "lambda: the factor the weights are multiplied by."),
      real("perturb", 0.01, 0.0, 1.0,
           "sigma: the standard deviation of the Gaussian noise added to every weight.")};
  info.make = [](const ParamValues& /*p*/) { return make_transform<AppliedAtTaskSwitches>(); };
  return info;
}

}  // namespace descent
