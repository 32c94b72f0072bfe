// AdaBelief ("AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients",
// Zhuang, Tang, Ding, Tatikonda, Dvornek, Papademetris, Duncan, 2020), Algorithm 2: Adam whose
// second moment tracks the squared deviation of the gradient from its EMA (the "belief"), so
// steps are large where the gradient is as predicted and small where it surprises.
//   m <- b1 m + (1-b1) g;  s <- b2 s + (1-b2) (g - m)^2 + eps
//   u = (m / (1 - b1^t)) / (sqrt(s / (1 - b2^t)) + eps)
// eps is added to s inside the EMA as in the algorithm box and the official code (so it
// accumulates). The official package's optional RAdam-style rectification and AMSGrad
// variant are not part of Algorithm 2 and are not implemented.
#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

class ScaleByBelief final : public Transform {
 public:
  ScaleByBelief(double beta1, double beta2, double eps)
      : beta1_(beta1), beta2_(beta2), eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    s_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    const auto b1 = static_cast<Scalar>(beta1_);
    const auto b2 = static_cast<Scalar>(beta2_);
    m_ = b1 * m_ + static_cast<Scalar>(1 - beta1_) * g;
    s_.array() =
        b2 * s_.array() + static_cast<Scalar>(1 - beta2_) * (g - m_).array().square() + eps_;
    const auto step_size = static_cast<Scalar>(1.0 / (1.0 - std::pow(beta1_, ctx.step)));
    const auto bc2_sqrt = static_cast<Scalar>(std::sqrt(1.0 - std::pow(beta2_, ctx.step)));
    g.array() = step_size * (m_.array() / (s_.array().sqrt() / bc2_sqrt + eps_));
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m", m_, "s", s_); }

 private:
  double beta1_, beta2_;
  Scalar eps_;
  Vec m_, s_;
};

}  // namespace

OptimizerInfo adabelief_info() {
  OptimizerInfo info = describe("adabelief", "AdaBelief", family::kAdaptive);
  info.description =
      "Adam whose denominator tracks the variance of the gradient around its running mean "
      "(the belief): confident, predictable directions get large steps, surprising ones "
      "small.";
  info.citation = {"AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients",
                   "Zhuang, Tang, Ding, Tatikonda, Dvornek, Papademetris, Duncan", 2020,
                   "NeurIPS 2020"};
  info.params = {hp::lr(1e-3),
                 hp::beta1(),
                 hp::beta2(),
                 log_real("eps", 1e-16, 1e-20, 1.0,
                          "Added to the belief s every step and to its root (the official "
                          "default 1e-16 matches Adam's 1e-8 under the square root)."),
                 hp::weight_decay(0.0),
                 boolean("weight_decouple", true,
                         "Decoupled weight decay (AdamW-style); off: L2 added to the gradient.")};
  info.make = [](const ParamValues& p) {
    const bool decouple = p.get_bool("weight_decouple");
    const double wd = p.get("weight_decay");
    return chain_optimizer(
        make_transform<AddL2>(decouple ? 0.0 : wd),
        make_transform<ScaleByBelief>(p.get("beta1"), p.get("beta2"), p.get("eps")),
        make_transform<ScaleByLearningRate>(),
        make_transform<DecoupledWeightDecay>(decouple ? wd : 0.0));
  };
  return info;
}

}  // namespace descent
