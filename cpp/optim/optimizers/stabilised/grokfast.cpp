// Grokfast-EMA ("Grokfast: Accelerated Grokking by Amplifying Slow Gradients", Lee, Kang, Lee,
// Lee, Kim, 2024, Algorithm 2): treats the sequence of gradients as a signal and amplifies its
// slow (low-frequency) component, a low-pass EMA filter, before any optimizer sees it:
//   h <- alpha h + (1 - alpha) g,   g <- g + lamb h.
// As the authors' code (gradfilter_ema in ironjr/grokfast), the filter state starts at the
// first gradient (h_1 = g_1, so the first step uses (1 + lamb) g_1) rather than at zero.
// One vector of state; no extra gradients.
#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/stabilised.h"

namespace descent {
namespace {

class GrokfastEma final : public Transform {
 public:
  GrokfastEma(double alpha, double lamb) : alpha_(alpha), lamb_(lamb) {}
  void init(const ParamLayout& layout) override {
    slow_ = Vec::Zero(layout.size);
    started_ = false;
  }
  void update(VecRef g, ConstVecRef, const StepContext&) override {
    if (!started_) {
      slow_ = g;
      started_ = true;
    } else {
      slow_ = static_cast<Scalar>(alpha_) * slow_ + static_cast<Scalar>(1 - alpha_) * g;
    }
    g += static_cast<Scalar>(lamb_) * slow_;
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "slow", slow_, "started", started_); }

 private:
  double alpha_, lamb_;
  Vec slow_;  // the EMA of the gradients: their slow component
  bool started_ = false;
};

}  // namespace

TransformInfo grokfast_info() {
  TransformInfo info = describe("grokfast", "Grokfast (EMA gradient filter)", TransformStage::Pre);
  info.description =
      "Adds lamb times an exponential moving average of the gradients (alpha) to each "
      "gradient: the slow component of the gradient sequence is amplified before the "
      "optimizer, which makes grokking happen sooner. Defaults alpha 0.98, lamb 2 as the "
      "authors' gradfilter_ema; the average starts at the first gradient, as there. No extra "
      "gradients.";
  info.citation = {"Grokfast: Accelerated Grokking by Amplifying Slow Gradients",
                   "Lee, Kang, Lee, Lee, Kim", 2024, "arXiv:2405.20233"};
  info.params = {real("alpha", 0.98, 0.0, 0.9999, "Momentum of the gradient EMA (the filter)."),
                 real("lamb", 2.0, 0.0, 100.0, "Amplification of the slow component.")};
  info.make = [](const ParamValues& p) {
    return make_transform<GrokfastEma>(p.get("alpha"), p.get("lamb"));
  };
  return info;
}

}  // namespace descent
