// Normalised gradient descent: x <- x - lr g / ||g||, a step of fixed length lr along the
// negative gradient (Euclidean norm over all parameters). Analysed for quasi-convex and
// locally-Lipschitz problems as NGD / SNGD in "Beyond Convexity: Stochastic Quasi-Convex
// Optimization" (Hazan, Levy, Shalev-Shwartz, 2015), Algorithm 1. With momentum > 0 the
// normalised direction is that of an EMA of gradients, m <- beta m + (1 - beta) g,
// x <- x - lr m / ||m|| (normalised SGD with momentum, "Momentum Improves Normalized SGD",
// Cutkosky, Mehta, 2020, Algorithm 1). A zero direction gives a zero step.
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

class ScaleByNormalized final : public Transform {
 public:
  explicit ScaleByNormalized(double beta) : beta_(beta) {}
  void init(const ParamLayout& layout) override { m_ = Vec::Zero(beta_ > 0 ? layout.size : 0); }
  void update(VecRef g, ConstVecRef, const StepContext&) override {
    if (beta_ > 0) {
      m_ = static_cast<Scalar>(beta_) * m_ + static_cast<Scalar>(1 - beta_) * g;
      g = m_;
    }
    const double norm = std::sqrt(static_cast<double>(g.squaredNorm()));
    if (norm > 0) g *= static_cast<Scalar>(1.0 / norm);
  }

  void visit_state(StateVisitor& v) override { v.slot("m", m_); }

 private:
  double beta_;
  Vec m_;
};

}  // namespace

OptimizerInfo normalized_gd_info() {
  OptimizerInfo info = describe("normalized_gd", "Normalized GD", family::kClassic);
  info.description =
      "Steps a fixed distance lr along the negative gradient (or its moving average): the "
      "gradient's direction is used, its magnitude ignored.";
  info.citation = {"Beyond Convexity: Stochastic Quasi-Convex Optimization",
                   "Hazan, Levy, Shalev-Shwartz", 2015, "NeurIPS 2015"};
  info.params = {hp::lr(0.01),
                 real("momentum", 0.0, 0.0, 0.9999,
                      "EMA rate of the averaged gradient that is normalised (0: the gradient; "
                      "normalised SGD with momentum, Cutkosky & Mehta 2020).")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<ScaleByNormalized>(p.get("momentum")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
