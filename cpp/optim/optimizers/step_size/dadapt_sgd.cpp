// D-Adaptation for SGD: dual averaging whose step size d is learnt as a lower bound on the
// distance to the solution, no learning rate to tune.
//
// "Learning-Rate-Free Learning by D-Adaptation" (Defazio, Mishchenko, 2023), Algorithm 2
// (SGD with momentum, in dual-averaging form), as in the authors' code (facebookresearch/
// dadaptation, DAdaptSGD): with lambda = lr (the run's scheduled multiplier), x0 the start
// and k = 1, 2, ...
//   dlr = d_k lambda / ||g_1||                    (g_1: the first gradient, without decay)
//   g   <- g + wd x                               (coupled weight decay)
//   r   <- r + dlr <g, s>                         (s from the previous step)
//   s   <- s + dlr g
//   d_{k+1} = max(d_k, 2 r / ||s||)
//   z = x0 - s,   x <- (1 - c) x + c z   with c = 1 - momentum
// Code and paper agree; the code's growth_rate (default inf) is not exposed.
// Cost: one gradient per step; state s and x0 (2 vectors).
#include <algorithm>
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/optimizers/step_size/learning_rate_free.h"

namespace descent {
namespace {

class DAdaptSgd final : public LearningRateFree {
 public:
  DAdaptSgd(double momentum, double weight_decay, double d0)
      : momentum_(momentum), weight_decay_(weight_decay), d0_(d0) {}

  void visit_estimator_state(StateVisitor& v) override {
    visit_slots(v, "s", s_, "x0", x0_, "numerator", numerator_, "g0_norm", g0_norm_, "k", k_);
  }

 protected:
  void init_state(const ParamLayout& layout) override {
    s_ = Vec::Zero(layout.size);
    x0_ = Vec::Zero(layout.size);
    d_ = d0_;
    numerator_ = 0.0;
    g0_norm_ = 0.0;
    k_ = 0;
  }

  void descend(VecRef g, ConstVecRef x, const StepContext& ctx) override {
    if (k_ == 0) {
      x0_ = x;
      g0_norm_ = std::sqrt(g.cast<double>().squaredNorm());
    }
    ++k_;
    const double lr = ctx.lr;
    if (weight_decay_ != 0) g += static_cast<Scalar>(weight_decay_) * x;
    if (g0_norm_ == 0.0 || lr <= 0) {  // a zero first gradient leaves nothing to scale by
      g.setZero();
      return;
    }
    const double dlr = d_ * lr / g0_norm_;
    numerator_ += dlr * dot_double(g, s_);
    s_ += static_cast<Scalar>(dlr) * g;
    const double s_norm = std::sqrt(s_.cast<double>().squaredNorm());
    if (s_norm == 0.0) {
      g.setZero();
      return;
    }
    d_ = std::max(d_, 2 * numerator_ / s_norm);
    // x_{k+1} = (1 - c) x_k + c (x0 - s), as an update.
    const auto c = static_cast<Scalar>(1 - momentum_);
    g = c * ((x0_ - s_) - x);
  }

 private:
  double momentum_, weight_decay_, d0_;
  Vec s_, x0_;
  double numerator_ = 0.0, g0_norm_ = 0.0;
  int k_ = 0;
};

}  // namespace

OptimizerInfo dadapt_sgd_info() {
  OptimizerInfo info = describe("dadapt_sgd", "D-Adapt SGD", family::kStepSize);
  info.description =
      "Learning-rate-free SGD (dual averaging): the step size d is a running lower bound on "
      "the distance from the start to the solution, from the gradients seen so far; it only "
      "grows (lr only scales d).";
  info.citation = {"Learning-Rate-Free Learning by D-Adaptation", "Defazio, Mishchenko", 2023,
                   "ICML 2023"};
  info.params = {
      lr_free::lr_multiplier(),
      real("momentum", 0.0, 0.0, 0.99,
           "Momentum: x moves a fraction 1 - momentum towards the dual-averaging point."),
      hp::weight_decay(0.0),
      lr_free::initial_d(),
  };
  info.make = [](const ParamValues& p) -> std::unique_ptr<Optimizer> {
    return std::make_unique<DAdaptSgd>(p.get("momentum"), p.get("weight_decay"), p.get("d0"));
  };
  return info;
}

}  // namespace descent
