// NAdam: Adam with Nesterov momentum.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/moments.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

// "Incorporating Nesterov Momentum into Adam" (Dozat, 2016), with the momentum schedule
// mu_t = b1 (1 - 0.5 * 0.96^(t psi)) used by PyTorch:
//   u = (1-mu_t)/(1-prod_{i<=t} mu_i) * g/d + mu_{t+1}/(1-prod_{i<=t+1} mu_i) * m/d,
//   d = sqrt(v / (1-b2^t)) + eps.
// PyTorch 1.13 multiplied mu_t twice into the second product (fixed in PyTorch 2.0); this
// follows the paper and PyTorch 2.
class ScaleByNadam final : public Transform {
 public:
  ScaleByNadam(double beta1, double beta2, double eps, double momentum_decay)
      : beta1_(beta1), beta2_(beta2), eps_(static_cast<Scalar>(eps)), psi_(momentum_decay) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    mu_product_ = 1.0;
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    const double t = ctx.step;
    const double mu = beta1_ * (1.0 - 0.5 * std::pow(0.96, t * psi_));
    const double mu_next = beta1_ * (1.0 - 0.5 * std::pow(0.96, (t + 1) * psi_));
    mu_product_ *= mu;
    const double mu_product_next = mu_product_ * mu_next;
    update_moments(g, beta1_, beta2_, m_, v_);
    const auto bc2 = static_cast<Scalar>(1.0 - std::pow(beta2_, t));
    const auto grad_weight = static_cast<Scalar>((1.0 - mu) / (1.0 - mu_product_));
    const auto momentum_weight = static_cast<Scalar>(mu_next / (1.0 - mu_product_next));
    g.array() = (grad_weight * g.array() + momentum_weight * m_.array()) /
                ((v_.array() / bc2).sqrt() + eps_);
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "mu_product", mu_product_, "m", m_, "v", v_);
  }

 private:
  double beta1_, beta2_;
  Scalar eps_;
  double psi_;
  double mu_product_ = 1.0;
  Vec m_, v_;
};

}  // namespace

OptimizerInfo nadam_info() {
  OptimizerInfo info = describe("nadam", "NAdam", family::kAdaptive);
  info.description =
      "Adam with Nesterov's look-ahead: the step mixes the current gradient with the next "
      "step's momentum.";
  info.citation = {"Incorporating Nesterov Momentum into Adam", "Dozat", 2016,
                   "ICLR 2016 Workshop"};
  info.params = {hp::lr(2e-3),
                 hp::beta1(),
                 hp::beta2(),
                 hp::eps(1e-8),
                 hp::weight_decay(0.0),
                 real("momentum_decay", 4e-3, 0.0, 1.0, "Decay psi of the momentum schedule.")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<AddL2>(p.get("weight_decay")),
                           make_transform<ScaleByNadam>(p.get("beta1"), p.get("beta2"),
                                                        p.get("eps"), p.get("momentum_decay")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
