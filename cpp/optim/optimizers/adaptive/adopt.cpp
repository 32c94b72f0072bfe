// ADOPT: Adam with the current gradient left out of its own normaliser, and the momentum
// taken after normalisation; converges for any beta2.
//
// "ADOPT: Modified Adam Can Converge with Any beta2 with the Optimal Rate" (Taniguchi,
// Harada, Minegishi, Oshima, Jeong, Nagahara, Iiyama, Suzuki, Iwasawa, Matsuo, 2024),
// Algorithm 1, as in the authors' code (iShohei220/adopt):
//   step 1:  v = g^2, no move
//   step 2:  m = g / max(sqrt(v), eps)                               (the code's first m)
//   step t:  m <- b1 m + (1 - b1) g / max(sqrt(v), eps)              (v from step t - 1)
//   x <- x - lr m,   then v <- b2 v + (1 - b2) g^2
// Because v does not contain g_t, the normalised gradient is not correlated with its own
// scale (Adam's cause of non-convergence). The paper's first m is (1 - b1) g / ...; the code
// starts m at the full normalised gradient, which is followed here. The code's later
// additions (a clip of g / sqrt(v) at t^0.25 in one release, an eps floor decaying as
// beta3^(t-2) in another) are not part of Algorithm 1 and are not implemented.
// Weight decay: L2 on the gradient, or decoupled (x <- x - lr wd x, every step).
// Cost: one gradient per step; state m, v.
#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

class ScaleByAdopt final : public Transform {
 public:
  ScaleByAdopt(double beta1, double beta2, double eps)
      : beta1_(static_cast<Scalar>(beta1)),
        beta2_(static_cast<Scalar>(beta2)),
        eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    t_ = 0;
  }
  void update(VecRef g, ConstVecRef, const StepContext&) override {
    ++t_;
    if (t_ == 1) {
      v_ = g.cwiseProduct(g);
      g.setZero();
      return;
    }
    const auto normalised = g.array() / v_.array().sqrt().max(eps_);
    if (t_ == 2) {
      m_.array() = normalised;
    } else {
      m_.array() = beta1_ * m_.array() + (Scalar(1) - beta1_) * normalised;
    }
    v_.array() = beta2_ * v_.array() + (Scalar(1) - beta2_) * g.array().square();
    g = m_;
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m", m_, "v", v_, "t", t_); }

 private:
  Scalar beta1_, beta2_, eps_;
  Vec m_, v_;
  int t_ = 0;
};

}  // namespace

OptimizerInfo adopt_info() {
  OptimizerInfo info = describe("adopt", "ADOPT", family::kAdaptive);
  info.description =
      "Adam with the current gradient removed from its own second moment (normalise by the "
      "previous v) and the momentum taken after normalising: converges for any beta2, even "
      "where Adam provably does not. As the authors' code, the first momentum is the whole "
      "normalised gradient (the paper's Algorithm 1: (1 - beta1) times it).";
  info.citation = {"ADOPT: Modified Adam Can Converge with Any beta2 with the Optimal Rate",
                   "Taniguchi, Harada, Minegishi, Oshima, Jeong, Nagahara, Iiyama, Suzuki, "
                   "Iwasawa, Matsuo",
                   2024, "NeurIPS 2024"};
  info.params = {
      hp::lr(1e-3),
      hp::beta1(0.9),
      hp::beta2(0.9999),
      log_real("eps", 1e-6, 1e-16, 1.0, "Floor of sqrt(v) in the normaliser (max(sqrt(v), eps))."),
      hp::weight_decay(0.0),
      boolean("decoupled", false,
              "Decoupled (AdamW-style) weight decay; off: L2 added to the gradient.")};
  info.make = [](const ParamValues& p) {
    const bool decoupled = p.get_bool("decoupled");
    const double wd = p.get("weight_decay");
    return chain_optimizer(
        make_transform<AddL2>(decoupled ? 0.0 : wd),
        make_transform<ScaleByAdopt>(p.get("beta1"), p.get("beta2"), p.get("eps")),
        make_transform<ScaleByLearningRate>(),
        make_transform<DecoupledWeightDecay>(decoupled ? wd : 0.0));
  };
  return info;
}

}  // namespace descent
