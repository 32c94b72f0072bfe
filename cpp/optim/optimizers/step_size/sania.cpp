// SANIA with AdaGrad-SQR and Adam-SQR preconditioners: Polyak-type steps in a preconditioned
// metric, no learning rate to tune.
//
// "SANIA: Polyak-type Optimization Framework Leads to Scale Invariant Stochastic Algorithms"
// (Abdukhakimov, Xiang, Kamzolov, Gower, Takac, 2023). With a diagonal preconditioner B_t the
// step is the closest point (in the B_t norm) where the quadratic model
// f + <g, d> + 1/2 ||d||_B^2 reaches 0 (the loss's lower bound, interpolation):
//   d = B_t^{-1} g,  s = <d, g> = ||g||^2_{B^{-1}},
//   step = 1 - sqrt(1 - 2 f / s)  if 2 f <= s  (the model reaches 0),  else step = 1
//   (its minimiser),   x_{t+1} = x_t - lr * step * d.
// Preconditioners, "SQR" meaning without the square root (which makes the method invariant
// to a diagonal rescaling of the parameters):
//   AdaGrad-SQR: B_t = max(eps, sum_{i<=t} g_i^2);
//   Adam-SQR:    v_t = beta2 v_{t-1} + (1 - beta2) g_t^2,  B_t = max(eps, v_t / (1 - beta2^t)).
// The max(eps, .) regularisation and eps = 0.1 follow the authors' PyTorch code; the
// invariance holds while no coordinate hits the eps floor. f is the minibatch loss
// (StepContext::loss), assumed non-negative (the framework's f* = 0); a negative loss is
// treated as 0 (no step). lr multiplies the step (1 = as published).
#include <algorithm>
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

class ScaleBySania final : public Transform {
 public:
  // beta2 < 0: AdaGrad-SQR (plain sum); otherwise Adam-SQR with that beta2.
  ScaleBySania(double beta2, double eps) : beta2_(beta2), eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override { acc_ = Vec::Zero(layout.size); }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    Scalar correction = 1;
    if (beta2_ < 0) {
      acc_.array() += g.array().square();
    } else {
      const auto b2 = static_cast<Scalar>(beta2_);
      acc_ = b2 * acc_ + (Scalar(1) - b2) * g.cwiseProduct(g);
      correction = static_cast<Scalar>(1.0 / (1.0 - std::pow(beta2_, ctx.step)));
    }
    // s = <B^{-1} g, g>, then g <- d = B^{-1} g.
    const double s =
        (g.array().square() / (acc_.array() * correction).max(eps_)).cast<double>().sum();
    g.array() /= (acc_.array() * correction).max(eps_);
    const double f = std::max(0.0, ctx.loss);
    double step = 1.0;
    if (s > 0 && 2.0 * f <= s) step = 1.0 - std::sqrt(std::max(0.0, 1.0 - 2.0 * f / s));
    g *= static_cast<Scalar>(step);
  }

  void visit_state(StateVisitor& v) override { v.slot("acc", acc_); }

 private:
  double beta2_;
  Scalar eps_;
  Vec acc_;
};

OptimizerInfo sania_common(const char* name, const char* title) {
  OptimizerInfo info = describe(name, title, family::kStepSize);
  info.citation = {
      "SANIA: Polyak-type Optimization Framework Leads to Scale Invariant Stochastic "
      "Algorithms",
      "Abdukhakimov, Xiang, Kamzolov, Gower, Takac", 2023, "arXiv preprint"};
  return info;
}

ParamSpec sania_lr() {
  return log_real("lr", 1.0, 1e-3, 10.0, "Multiplier of the SANIA step; 1 is as published.");
}
ParamSpec sania_eps() {
  return log_real("eps", 0.1, 1e-12, 10.0,
                  "Floor of the preconditioner, B = max(eps, accumulator).");
}

}  // namespace

OptimizerInfo sania_adagrad_sqr_info() {
  OptimizerInfo info = sania_common("sania_adagrad_sqr", "SANIA AdaGrad-SQR");
  info.description =
      "Polyak-type step in the metric of the summed squared gradients (no square root, so "
      "invariant to rescaling coordinates): reaches the loss's lower bound 0 in the local "
      "quadratic model; no learning rate.";
  info.params = {sania_lr(), sania_eps()};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<ScaleBySania>(-1.0, p.get("eps")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

OptimizerInfo sania_adam_sqr_info() {
  OptimizerInfo info = sania_common("sania_adam_sqr", "SANIA Adam-SQR");
  info.description =
      "Polyak-type step in the metric of Adam's bias-corrected squared-gradient average (no "
      "square root, so scale invariant); no learning rate.";
  info.params = {sania_lr(), hp::beta2(0.999), sania_eps()};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<ScaleBySania>(p.get("beta2"), p.get("eps")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
