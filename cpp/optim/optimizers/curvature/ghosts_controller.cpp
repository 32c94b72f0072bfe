// The step-length controller of "Ghosts of Softmax: Complex Singularities That Limit Safe
// Step Sizes in Cross-Entropy" (2026). Along an update direction u the logits move, to first
// order, by a_k = (J u)_k per sample (J: the Jacobian of the logits, one forward-mode
// Jacobian-vector product). The cross-entropy along the step tau u is then
// log sum_k exp(z_k + tau a_k) - ..., whose nearest complex singularities (zeros of the
// partition function, the "ghosts") lie at distance at least rho_a = pi / Delta_a with
// Delta_a = max_k a_k - min_k a_k: beyond it the loss's Taylor model along the step stops
// converging, and the paper observes training collapse once tau / rho_a >= 1. The controller
// caps the step so that tau <= max_ratio rho_a for every sample of the batch:
//   Delta_a = max over samples of (max_k a_k - min_k a_k)   (|a| for the logistic loss's single
//             logit: its softmax form has logits 0 and z),
//   u <- u min(1, max_ratio pi / Delta_a).
// As a post-stage transform it acts on the final update of any optimizer (after the learning
// rate), so tau = 1 in units of u. Cost: one Jacobian-vector product of the logits per step.
// Only for networks with a cross_entropy or logistic loss (Run rejects other problems).
#include <algorithm>
#include <cmath>

#include "core/math_constants.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"

namespace descent {
namespace {

class GhostsStepController final : public Transform {
 public:
  explicit GhostsStepController(double max_ratio) : max_ratio_(max_ratio) {}
  void init(const ParamLayout&) override {}
  void update(VecRef u, ConstVecRef params, const StepContext& ctx) override {
    if (ctx.objective == nullptr || ctx.objective->output_rows() == 0) return;
    const Mat& a = ctx.objective->output_jvp(params, u);
    const double spread = logit_spread(a.leftCols(ctx.objective->output_cols()));
    const double limit = max_ratio_ * kPi;
    if (spread > limit) u *= static_cast<Scalar>(limit / spread);
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  static double logit_spread(const Eigen::Ref<const Mat>& a) {
    double spread = 0.0;
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      const double s = a.rows() == 1
                           ? std::abs(static_cast<double>(a(0, j)))
                           : static_cast<double>(a.col(j).maxCoeff() - a.col(j).minCoeff());
      spread = std::max(spread, s);
    }
    return spread;
  }
  double max_ratio_;
};

}  // namespace

TransformInfo ghosts_step_controller_info() {
  TransformInfo info =
      describe("ghost_radius", "Ghost-radius step controller", TransformStage::Post);
  info.description =
      "Shrinks the update so that no sample's logit spread changes by more than "
      "max_ratio * pi along it (linearised, one Jacobian-vector product): the step stays "
      "inside the radius pi / Delta_a set by the complex singularities of softmax.";
  info.citation = {
      "Ghosts of Softmax: Complex Singularities That Limit Safe Step Sizes in Cross-Entropy", "",
      2026, "arXiv"};
  info.params = {real("max_ratio", 1.0, 0.01, 10.0,
                      "Largest allowed normalised step tau / rho_a (1: the radius itself).")};
  info.needs_logits = true;
  info.jvps_per_step = 1;
  info.make = [](const ParamValues& p) {
    return make_transform<GhostsStepController>(p.get("max_ratio"));
  };
  return info;
}

}  // namespace descent
