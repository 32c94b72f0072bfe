// AdaGrad: per-coordinate steps scaled by the root of the summed squared gradients.
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

// sum <- sum + g^2;  u = g / (sqrt(sum) + eps) / (1 + (t - 1) * lr_decay)
class ScaleByAdagrad final : public Transform {
 public:
  ScaleByAdagrad(double lr_decay, double initial_accumulator, double eps)
      : lr_decay_(lr_decay),
        initial_(static_cast<Scalar>(initial_accumulator)),
        eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override { sum_ = Vec::Constant(layout.size, initial_); }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    sum_.array() += g.array().square();
    auto decay = static_cast<Scalar>(1.0 / (1.0 + (ctx.step - 1) * lr_decay_));
    g.array() = decay * g.array() / (sum_.array().sqrt() + eps_);
  }

  void visit_state(StateVisitor& v) override { v.slot("sum", sum_); }

 private:
  double lr_decay_;
  Scalar initial_, eps_;
  Vec sum_;
};

}  // namespace

OptimizerInfo adagrad_info() {
  OptimizerInfo info = describe("adagrad", "AdaGrad", family::kAdaptive);
  info.description =
      "Divides each coordinate's step by the root of its accumulated squared gradients, so "
      "rarely-updated coordinates keep large steps.";
  info.citation = {"Adaptive Subgradient Methods for Online Learning and Stochastic Optimization",
                   "Duchi, Hazan, Singer", 2011, "JMLR"};
  info.params = {
      hp::lr(0.01),
      log_real("lr_decay", 0.0, 0.0, 1.0, "Learning-rate decay: lr / (1 + (t-1) decay)."),
      hp::weight_decay(0.0),
      real("initial_accumulator_value", 0.0, 0.0, 10.0,
           "Starting value of the squared-gradient sum."),
      hp::eps(1e-10)};
  info.params[1].log_scale = false;
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<AddL2>(p.get("weight_decay")),
                           make_transform<ScaleByAdagrad>(
                               p.get("lr_decay"), p.get("initial_accumulator_value"), p.get("eps")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
