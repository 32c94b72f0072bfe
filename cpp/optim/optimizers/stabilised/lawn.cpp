// LAWN ("Logit Attenuating Weight Normalization", Gupta, Ramanath, Shi, Ramachandran, Zhou,
// Zhou, Keerthi, 2021): train freely for a while, then freeze the norms of the weights, so the
// logits cannot keep growing by scaling the weights up and the optimizer stays adaptive.
//
// Here the base optimizer is Adam (the paper's LAWN-Adam; bias-corrected, as
// transforms/scale_by_adam.h). For the first free_steps updates it is plain Adam. At the
// switch each weight matrix's norm (and a 2-D point's) is recorded; from then on every update
// is followed by the projection back onto that norm, w <- ||w_switch|| w / ||w||, per tensor.
// The paper constrains the weight norms of the layers of the network's final homogeneous
// sub-network; the playground's MLPs apply it to every weight matrix (biases and gains are
// free), which is a simplification. The paper's further step-size adjustments after the
// switch are not included: the run's schedule plays that role.
#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/stabilised.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/scale_by_adam.h"

namespace descent {
namespace {

// Turns the base update u into the update that lands on the frozen norm: after the switch,
// w + u' = ||w_switch|| (w + u) / ||w + u|| for every weight tensor.
class HoldWeightNorms final : public Transform {
 public:
  explicit HoldWeightNorms(int free_steps) : free_steps_(free_steps) {}
  void init(const ParamLayout& layout) override {
    norms_.clear();
    next_ = Vec::Zero(layout.size);
  }
  void update(VecRef u, ConstVecRef params, const StepContext& ctx) override {
    if (ctx.step <= free_steps_) return;
    const bool record = norms_.empty();
    std::size_t index = 0;
    stabilised::for_each_tensor(ctx, static_cast<int>(u.size()), [&](const TensorSlice& t) {
      if (!stabilised::layer_adapted(t)) return;
      const auto w = params.segment(t.offset, t.size());
      if (record) norms_.push_back(std::sqrt(static_cast<double>(w.squaredNorm())));
      const double target = norms_[index++];
      auto next = next_.segment(t.offset, t.size());
      next = w + u.segment(t.offset, t.size());
      const double norm = std::sqrt(static_cast<double>(next.squaredNorm()));
      if (norm > 0 && target > 0) {
        u.segment(t.offset, t.size()) = static_cast<Scalar>(target / norm) * next - w;
      }
    });
  }

  void visit_state(StateVisitor& v) override { v.slot("norms", norms_, true); }

 private:
  int free_steps_;
  std::vector<double> norms_;  // per weight tensor, recorded at the switch
  Vec next_;
};

}  // namespace

OptimizerInfo lawn_info() {
  OptimizerInfo info = describe("lawn", "LAWN (Adam)", family::kStabilised);
  info.description =
      "Adam for free_steps updates, then each weight matrix's norm is frozen at its value at "
      "that switch: every later step is projected back onto that norm, which caps the growth "
      "of the logits.";
  info.citation = {"Logit Attenuating Weight Normalization",
                   "Gupta, Ramanath, Shi, Ramachandran, Zhou, Zhou, Keerthi", 2021,
                   "arXiv 2108.05839"};
  info.params = {hp::lr(1e-3), hp::beta1(), hp::beta2(), hp::eps(1e-8),
                 integer("free_steps", 200, 0, 1'000'000,
                         "Updates of unconstrained Adam before the weight norms are frozen.")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<ScaleByAdam>(p.get("beta1"), p.get("beta2"), p.get("eps"), false),
        make_transform<ScaleByLearningRate>(),
        make_transform<HoldWeightNorms>(static_cast<int>(p.get("free_steps"))));
  };
  return info;
}

}  // namespace descent
