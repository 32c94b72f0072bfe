// Stochastic Polyak step size, SPS_max.
//
// "Stochastic Polyak Step-size for SGD: An Adaptive Learning Rate for Fast Convergence"
// (Loizou, Vaswani, Laradji, Lacoste-Julien, 2021), the bounded rule SPS_max:
//   gamma_t = min( (f_i(x_t) - f_i^*) / (c ||g_t||^2), gamma_b ),   x_{t+1} = x_t - gamma_t g_t
// with f_i the minibatch loss (StepContext::loss) and f_i^* its lower bound, f_star (0 by
// default: exact for the playground's losses and for functions whose minimum is 0).
// If f - f_star < 0 (f_star set too high) the step is 0 rather than an ascent step; if the
// gradient is 0 the update is 0 anyway. lr multiplies gamma_t (1 = the method as published)
// and carries the run's schedule.
#include <algorithm>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

class ScaleByPolyak final : public Transform {
 public:
  ScaleByPolyak(double c, double gamma_b, double f_star)
      : c_(c), gamma_b_(gamma_b), f_star_(f_star) {}
  void init(const ParamLayout&) override {}
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    const double g2 = g.cast<double>().squaredNorm();
    const double gap = std::max(0.0, ctx.loss - f_star_);
    const double gamma = g2 > 0 ? std::min(gap / (c_ * g2), gamma_b_) : 0.0;
    g *= static_cast<Scalar>(gamma);
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  double c_, gamma_b_, f_star_;
};

}  // namespace

OptimizerInfo polyak_info() {
  OptimizerInfo info = describe("polyak", "Stochastic Polyak step (SPS_max)", family::kStepSize);
  info.description =
      "SGD with step size (f - f*) / (c ||g||^2), capped at gamma_b: the step that would reach "
      "the optimal value if the loss were linear; needs only a lower bound f* on the loss.";
  info.citation = {
      "Stochastic Polyak Step-size for SGD: An Adaptive Learning Rate for Fast Convergence",
      "Loizou, Vaswani, Laradji, Lacoste-Julien", 2021, "AISTATS 2021"};
  info.params = {
      log_real("lr", 1.0, 1e-3, 10.0, "Multiplier of the Polyak step; 1 is SPS_max as published."),
      log_real("c", 0.5, 1e-2, 100.0, "Scaling constant c in the denominator (theory: 1/2)."),
      log_real("gamma_b", 1.0, 1e-4, 1e4, "Upper bound gamma_b on the step size."),
      real("f_star", 0.0, -1e4, 1e4, "Lower bound f* on the loss (0 for non-negative losses)."),
  };
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<ScaleByPolyak>(p.get("c"), p.get("gamma_b"), p.get("f_star")),
        make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
