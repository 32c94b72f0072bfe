// Adamax: Adam with the infinity norm in place of the second moment.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

// m <- b1 m + (1-b1) g;  u_inf <- max(b2 u_inf, |g| + eps);  u = m / (1 - b1^t) / u_inf
// ("Adam", Kingma & Ba 2015, Algorithm 2; eps placement as in PyTorch).
class ScaleByAdamax final : public Transform {
 public:
  ScaleByAdamax(double beta1, double beta2, double eps)
      : beta1_(beta1), beta2_(static_cast<Scalar>(beta2)), eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    u_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    m_ = static_cast<Scalar>(beta1_) * m_ + static_cast<Scalar>(1 - beta1_) * g;
    u_ = (beta2_ * u_).cwiseMax((g.array().abs() + eps_).matrix());
    const auto step_size = static_cast<Scalar>(1.0 / (1.0 - std::pow(beta1_, ctx.step)));
    g.array() = step_size * (m_.array() / u_.array());
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m", m_, "u", u_); }

 private:
  double beta1_;
  Scalar beta2_, eps_;
  Vec m_, u_;
};

}  // namespace

OptimizerInfo adamax_info() {
  OptimizerInfo info = describe("adamax", "Adamax", family::kAdaptive);
  info.description =
      "Adam's variant that divides the momentum by an exponentially weighted infinity norm "
      "of past gradients.";
  info.citation = {"Adam: A Method for Stochastic Optimization", "Kingma, Ba", 2015, "ICLR 2015"};
  info.params = {hp::lr(2e-3), hp::beta1(), hp::beta2(), hp::eps(1e-8), hp::weight_decay(0.0)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<AddL2>(p.get("weight_decay")),
        make_transform<ScaleByAdamax>(p.get("beta1"), p.get("beta2"), p.get("eps")),
        make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
