// AdaGrad-Norm ("AdaGrad stepsizes: Sharp convergence over nonconvex landscapes", Ward, Wu,
// Bottou, 2019, Algorithm 1): one step size for the whole parameter vector, from the running
// sum of squared gradient norms,
//   b_t^2 = b_{t-1}^2 + |g_t|^2,   x_t = x_{t-1} - lr g_t / b_t,
// with b_0 > 0 given. Its point: convergence for any b_0 (too small a b_0 only costs a few
// oscillating steps while b grows past the Lipschitz constant), without knowing the smoothness.
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/stabilised.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

class ScaleByAdagradNorm final : public Transform {
 public:
  explicit ScaleByAdagradNorm(double b0) : b0_(b0) {}
  void init(const ParamLayout&) override { b_squared_ = b0_ * b0_; }
  void update(VecRef g, ConstVecRef, const StepContext&) override {
    b_squared_ += static_cast<double>(g.squaredNorm());
    g /= static_cast<Scalar>(std::sqrt(b_squared_));
  }

  void visit_state(StateVisitor& v) override { v.slot("b_squared", b_squared_); }

 private:
  double b0_;
  double b_squared_ = 0;
};

}  // namespace

OptimizerInfo adagrad_norm_info() {
  OptimizerInfo info = describe("adagrad_norm", "AdaGrad-Norm", family::kAdaptive);
  info.description =
      "Gradient descent with one global step lr / b_t, where b_t^2 = b_0^2 plus the sum of all "
      "squared gradient norms so far: converges for any b_0 without knowing the smoothness.";
  info.citation = {"AdaGrad stepsizes: Sharp convergence over nonconvex landscapes",
                   "Ward, Wu, Bottou", 2019, "ICML 2019"};
  info.params = {hp::lr(1.0),
                 log_real("b0", 1e-2, 1e-8, 1e4,
                          "Initial accumulator b_0 (the first step is at most lr / b_0).")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<ScaleByAdagradNorm>(p.get("b0")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
