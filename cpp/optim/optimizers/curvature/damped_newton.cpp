// Damped (Levenberg) Newton for 2-D functions ("A method for the solution of certain
// non-linear problems in least squares", Levenberg, 1944: the damped normal equations
// (H + lambda I) d = -g; here with the exact Hessian H of the function):
//   x_{t+1} = x_t - lr (H(x_t) + lambda I)^{-1} g(x_t).
// The 2x2 Hessian is assembled from two exact Hessian-vector products with the unit vectors
// (FunctionProblem provides them), so one gradient and two HVPs per step. lambda is fixed
// (no adaptive Levenberg-Marquardt update). Where H + lambda I is not positive definite
// (non-convex regions) the step is still the damped Newton step, which may point uphill or
// towards a saddle, as plain Newton does; where it is singular (|det| <= 1e-12 relative to
// its scale) the step falls back to the gradient step -lr g. For 2-D functions only. The
// pre stage acts on the gradient (not on the Hessian), the post stage on the update.
#include <algorithm>
#include <cmath>

#include "optim/optimizers/curvature/hessian_2d.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

class DampedNewton final : public Optimizer {
 public:
  explicit DampedNewton(double lambda) : lambda_(lambda) {}
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    gradient_ = Vec::Zero(layout.size);
    unit_ = Vec::Zero(layout.size);
    column_ = Vec::Zero(layout.size);
  }
  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, gradient_, pre_, ctx, local);
    double h[2][2];
    hessian_2d(objective, params, unit_, column_, h);
    const double a = h[0][0] + lambda_, b = 0.5 * (h[0][1] + h[1][0]), d = h[1][1] + lambda_;
    const double det = a * d - b * b;
    const double scale = std::max({std::abs(a), std::abs(b), std::abs(d), 1e-30});
    const double g0 = gradient_[0], g1 = gradient_[1];
    if (std::abs(det) <= 1e-12 * scale * scale) {
      update = -static_cast<Scalar>(ctx.lr) * gradient_;
    } else {
      update[0] = static_cast<Scalar>(-ctx.lr * (d * g0 - b * g1) / det);
      update[1] = static_cast<Scalar>(-ctx.lr * (a * g1 - b * g0) / det);
    }
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& /*v*/) override {}

 private:
  double lambda_;
  Vec gradient_, unit_, column_;
};

}  // namespace

OptimizerInfo damped_newton_info() {
  OptimizerInfo info = describe("damped_newton", "Damped Newton", family::kCurvature);
  info.description =
      "Solves (H + lambda I) d = -g with the exact 2x2 Hessian (from two Hessian-vector "
      "products) and steps lr d: Newton's method with Levenberg damping. 2-D functions only.";
  info.citation = {"A method for the solution of certain non-linear problems in least squares",
                   "Levenberg", 1944, "Quarterly of Applied Mathematics 2"};
  info.params = {hp::lr(1.0),
                 log_real("lambda", 0.1, 1e-8, 1e4, "Levenberg damping added to the Hessian.")};
  info.gradients_per_step = 1;
  info.hvps_per_step = 2;
  info.needs_hvp = true;
  info.functions_only = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<DampedNewton>(p.get("lambda")));
  };
  return info;
}

}  // namespace descent
