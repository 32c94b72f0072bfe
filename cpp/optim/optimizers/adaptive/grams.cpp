// Grams ("Grams: Gradient Descent with Adaptive Momentum Scaling", Cao, Li, Song, 2024,
// Algorithm 1): the direction comes from the current gradient, Adam's moments only set the
// magnitude of each coordinate's step:
//   u = sign(g) * |m_hat| / (sqrt(v_hat) + eps);  w <- w - lr u - lr wd w
// (bias corrections as in Adam: m_hat = m / (1 - b1^t), sqrt(v_hat) = sqrt(v) / sqrt(1 - b2^t)).
#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"
#include "optim/transforms/moments.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

class ScaleByGrams final : public Transform {
 public:
  ScaleByGrams(double beta1, double beta2, double eps)
      : beta1_(beta1), beta2_(beta2), eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    update_moments(g, beta1_, beta2_, m_, v_);
    const auto step_size = static_cast<Scalar>(1.0 / (1.0 - std::pow(beta1_, ctx.step)));
    const auto bc2_sqrt = static_cast<Scalar>(std::sqrt(1.0 - std::pow(beta2_, ctx.step)));
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      g[i] = adaptive::sign(g[i]) *
             (step_size * (std::abs(m_[i]) / (std::sqrt(v_[i]) / bc2_sqrt + eps_)));
    }
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m", m_, "v", v_); }

 private:
  double beta1_, beta2_;
  Scalar eps_;
  Vec m_, v_;
};

}  // namespace

OptimizerInfo grams_info() {
  OptimizerInfo info = describe("grams", "Grams", family::kAdaptive);
  info.description =
      "Adam's step size per coordinate, but pointed along the sign of the current gradient: "
      "momentum only scales the magnitude, never chooses the direction.";
  info.citation = {"Grams: Gradient Descent with Adaptive Momentum Scaling", "Cao, Li, Song", 2024,
                   "arXiv:2412.17107"};
  info.params = {hp::lr(1e-3), hp::beta1(), hp::beta2(), hp::eps(1e-8), hp::weight_decay(0.0)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<ScaleByGrams>(p.get("beta1"), p.get("beta2"), p.get("eps")),
        make_transform<ScaleByLearningRate>(),
        make_transform<DecoupledWeightDecay>(p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
