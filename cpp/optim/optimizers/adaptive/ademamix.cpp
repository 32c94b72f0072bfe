// AdEMAMix ("The AdEMAMix Optimizer: Better, Faster, Older", Pagliardini, Ablin, Grangier,
// 2024, Algorithm 1): Adam's numerator is a mix of a fast EMA (beta1, bias-corrected) and a
// slow EMA (beta3 ~ 0.9999, not bias-corrected) weighted by alpha:
//   m1 <- b1 m1 + (1-b1) g;  m2 <- b3 m2 + (1-b3) g;  v <- b2 v + (1-b2) g^2
//   w <- w - lr ((m1 / (1 - b1^t) + alpha m2) / (sqrt(v / (1 - b2^t)) + eps) + wd w)
// alpha and beta3 warm up over t_alpha_beta3 steps (ademamix.h); the paper sets it to the
// run's length. beta1 = 0 makes beta3's warm-up start from beta3 itself (no half-life to
// interpolate from): the official code then starts from a near-zero beta3 instead.
#include "optim/optimizers/adaptive/ademamix.h"

#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

class ScaleByAdEMAMix final : public Transform {
 public:
  ScaleByAdEMAMix(double beta1, double beta2, double beta3, double alpha, int warmup, double eps)
      : beta1_(beta1),
        beta2_(beta2),
        beta3_(beta3),
        alpha_(alpha),
        warmup_(warmup),
        eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override {
    m1_ = Vec::Zero(layout.size);
    m2_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    const int t = ctx.step;
    const double alpha = ademamix::alpha_at(t, alpha_, warmup_);
    const double beta3 = ademamix::beta3_at(t, beta1_, beta3_, warmup_);
    m1_ = static_cast<Scalar>(beta1_) * m1_ + static_cast<Scalar>(1 - beta1_) * g;
    m2_ = static_cast<Scalar>(beta3) * m2_ + static_cast<Scalar>(1 - beta3) * g;
    v_ = static_cast<Scalar>(beta2_) * v_ + static_cast<Scalar>(1 - beta2_) * g.cwiseProduct(g);
    const auto inv_bc1 = static_cast<Scalar>(1.0 / (1.0 - std::pow(beta1_, t)));
    const auto bc2_sqrt = static_cast<Scalar>(std::sqrt(1.0 - std::pow(beta2_, t)));
    g.array() = (inv_bc1 * m1_.array() + static_cast<Scalar>(alpha) * m2_.array()) /
                (v_.array().sqrt() / bc2_sqrt + eps_);
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m1", m1_, "m2", m2_, "v", v_); }

 private:
  double beta1_, beta2_, beta3_, alpha_;
  int warmup_;
  Scalar eps_;
  Vec m1_, m2_, v_;
};

}  // namespace

OptimizerInfo ademamix_info() {
  OptimizerInfo info = describe("ademamix", "AdEMAMix", family::kAdaptive);
  info.description =
      "Adam whose numerator adds alpha times a very slow gradient EMA (beta3) to the usual "
      "fast one, so gradients from thousands of steps ago still count; alpha and beta3 warm "
      "up for stability.";
  info.citation = {"The AdEMAMix Optimizer: Better, Faster, Older", "Pagliardini, Ablin, Grangier",
                   2024, "arXiv:2409.03137"};
  info.params = {hp::lr(1e-3),
                 hp::beta1(),
                 hp::beta2(),
                 real("beta3", 0.9999, 0.0, 0.999999, "Decay rate of the slow EMA."),
                 real("alpha", 5.0, 0.0, 20.0, "Weight of the slow EMA in the numerator."),
                 integer("t_alpha_beta3", 500, 0, 1'000'000,
                         "Warm-up steps of alpha (linear) and beta3 (linear half-life); the "
                         "paper uses the run's length. 0: no warm-up.",
                         false),
                 hp::eps(1e-8),
                 hp::weight_decay(0.0)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<ScaleByAdEMAMix>(p.get("beta1"), p.get("beta2"), p.get("beta3"),
                                        p.get("alpha"), p.get_int("t_alpha_beta3"), p.get("eps")),
        make_transform<ScaleByLearningRate>(),
        make_transform<DecoupledWeightDecay>(p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
