// diffGrad ("diffGrad: An Optimization Method for Convolutional Neural Networks", Dubey,
// Chakraborty, Roy, Mukherjee, Singh, Chaudhuri, 2019), Algorithm 1, in the form of the
// authors' code: Adam whose first moment is multiplied by a friction coefficient
//   xi = sigmoid(|g_{t-1} - g_t|) = 1 / (1 + exp(-|g_{t-1} - g_t|))  in [0.5, 1),
// so coordinates whose gradient barely changes (near a flat optimum) take half steps.
//   u = lr sqrt(1 - b2^t) / (1 - b1^t) * xi m / (sqrt(v) + eps),  with g_0 = 0.
// Weight decay is coupled L2 (added to the gradient, which is then the stored g_{t-1}).
#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"
#include "optim/transforms/moments.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

class ScaleByDiffGrad final : public Transform {
 public:
  ScaleByDiffGrad(double beta1, double beta2, double eps)
      : beta1_(beta1), beta2_(beta2), eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    prev_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    update_moments(g, beta1_, beta2_, m_, v_);
    const double t = ctx.step;
    const auto step_size =
        static_cast<Scalar>(std::sqrt(1.0 - std::pow(beta2_, t)) / (1.0 - std::pow(beta1_, t)));
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      const Scalar friction = Scalar(1) / (Scalar(1) + std::exp(-std::abs(prev_[i] - g[i])));
      prev_[i] = g[i];
      g[i] = step_size * (friction * m_[i]) / (std::sqrt(v_[i]) + eps_);
    }
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m", m_, "v", v_, "prev", prev_); }

 private:
  double beta1_, beta2_;
  Scalar eps_;
  Vec m_, v_, prev_;
};

}  // namespace

OptimizerInfo diffgrad_info() {
  OptimizerInfo info = describe("diffgrad", "diffGrad", family::kAdaptive);
  info.description =
      "Adam whose momentum is damped per coordinate by sigmoid(|change of the gradient|): "
      "full steps where the gradient changes fast, half steps where it is steady.";
  info.citation = {"diffGrad: An Optimization Method for Convolutional Neural Networks",
                   "Dubey, Chakraborty, Roy, Mukherjee, Singh, Chaudhuri", 2019,
                   "IEEE Transactions on Neural Networks and Learning Systems"};
  info.params = {hp::lr(1e-3), hp::beta1(), hp::beta2(), hp::eps(1e-8), hp::weight_decay(0.0)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<AddL2>(p.get("weight_decay")),
        make_transform<ScaleByDiffGrad>(p.get("beta1"), p.get("beta2"), p.get("eps")),
        make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
