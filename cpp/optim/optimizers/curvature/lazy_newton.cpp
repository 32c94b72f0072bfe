// Cubic Newton with lazy Hessians for 2-D functions ("Second-order optimization with lazy
// Hessians", Doikov, Chayti, Jaggi, 2023, Algorithm 1): the Hessian is recomputed only every
// m steps (at steps 1, 1 + m, ...) and reused in between, while the gradient is fresh:
//   x_{t+1} = x_t + lr h,  h = argmin_h <g(x_t), h> + 1/2 <H h, h> + M/6 ||h||^3,
//   H = Hessian at x_{pi(t)}, pi(t) the last recomputation step.
// The paper's choice of the period is m = d (the dimension: 2 here), which saves a factor d
// of Hessian computations at the same iteration complexity. The cubic model's minimiser is
// h = -(H + (M r / 2) I)^{-1} g with r = ||h|| and H + (M r / 2) I positive semidefinite
// (Nesterov and Polyak, 2006); in H's eigenbasis (closed form for 2 x 2) r is the root of
// the decreasing function ||h(r)|| - r on r > max(0, -2 lambda_min / M), found by bisection
// in double. In the "hard case" (no gradient along the most negative curvature direction,
// e.g. exactly at a saddle) h takes the remaining length along that eigenvector.
// The 2 x 2 Hessian comes from two exact Hessian-vector products with the unit vectors.
#include <algorithm>
#include <cmath>

#include "optim/optimizers/curvature/hessian_2d.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

// The minimiser of <g, h> + 1/2 h^T H h + M/6 ||h||^3 for a symmetric 2 x 2 H = [[a, b],
// [b, d]] and M > 0, written into h.
void cubic_step(double a, double b, double d, const double g[2], double m, double h[2]) {
  // H = V diag(l0, l1) V^T with V's columns (c, s) and (-s, c).
  const double theta = 0.5 * std::atan2(2 * b, a - d);
  const double c = std::cos(theta), s = std::sin(theta);
  const double l[2] = {a * c * c + 2 * b * s * c + d * s * s,
                       a * s * s - 2 * b * s * c + d * c * c};
  const double gt[2] = {c * g[0] + s * g[1], -s * g[0] + c * g[1]};
  const int low = l[0] <= l[1] ? 0 : 1;
  const double r0 = std::max(0.0, -2 * l[low] / m);
  // phi(r) = ||h(r)|| - r, decreasing for r > r0.
  const auto length = [&](double r) {
    double sum = 0;
    for (int i = 0; i < 2; ++i) {
      const double denom = l[i] + 0.5 * m * r;
      if (gt[i] != 0) sum += gt[i] * gt[i] / (denom * denom);
    }
    return std::sqrt(sum);
  };
  const double start = r0 * (1 + 1e-12) + 1e-300;
  double ht[2];
  if (length(start) <= start) {
    // Hard case (or g = 0 at a minimum): r = r0, with the rest along the low eigenvector.
    for (int i = 0; i < 2; ++i) {
      const double denom = l[i] + 0.5 * m * r0;
      ht[i] = (i == low || denom <= 0) ? 0.0 : -gt[i] / denom;
    }
    const double rest = r0 * r0 - ht[1 - low] * ht[1 - low];
    ht[low] = std::sqrt(std::max(0.0, rest));
  } else {
    double lo = start, hi = std::max(2 * start, 1e-12);
    while (length(hi) > hi) hi *= 2;
    for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; ++it) {
      const double mid = 0.5 * (lo + hi);
      (length(mid) > mid ? lo : hi) = mid;
    }
    const double r = 0.5 * (lo + hi);
    for (int i = 0; i < 2; ++i) ht[i] = -gt[i] / (l[i] + 0.5 * m * r);
  }
  h[0] = c * ht[0] - s * ht[1];
  h[1] = s * ht[0] + c * ht[1];
}

class LazyCubicNewton final : public Optimizer {
 public:
  LazyCubicNewton(double regularization, int period) : m_(regularization), period_(period) {}
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
    if ((ctx.step - 1) % period_ == 0) hessian_2d(objective, params, unit_, column_, hessian_);
    const double g[2] = {gradient_[0], gradient_[1]};
    double h[2];
    cubic_step(hessian_[0][0], 0.5 * (hessian_[0][1] + hessian_[1][0]), hessian_[1][1], g, m_, h);
    update[0] = static_cast<Scalar>(ctx.lr * h[0]);
    update[1] = static_cast<Scalar>(ctx.lr * h[1]);
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override {
    for (int i = 0; i < 2; ++i) {
      for (int j = 0; j < 2; ++j)
        v.slot("hessian." + std::to_string(i) + std::to_string(j), hessian_[i][j]);
    }
  }

 private:
  double m_;
  int period_;
  double hessian_[2][2] = {{0, 0}, {0, 0}};  // the last recomputed Hessian
  Vec gradient_, unit_, column_;
};

}  // namespace

OptimizerInfo lazy_newton_info() {
  OptimizerInfo info = describe("lazy_newton", "Lazy-Hessian cubic Newton", family::kCurvature);
  info.description =
      "Cubic-regularised Newton steps (the minimiser of the gradient's linear term, the "
      "Hessian's quadratic term and M/6 ||h||^3) with a fresh gradient every step but the "
      "exact 2x2 Hessian recomputed only every m steps and reused in between; the paper's "
      "period m = d is 2 here. lr scales the step (1: the paper's method). Cost: one gradient "
      "per step and two Hessian-vector products every m steps (one per step at m = 2). 2-D "
      "functions only.";
  info.citation = {"Second-order optimization with lazy Hessians", "Doikov, Chayti, Jaggi", 2023,
                   "ICML 2023"};
  info.params = {hp::lr(1.0),
                 log_real("regularization", 200.0, 1e-6, 1e6,
                          "M, the cubic regularisation: an upper estimate of the Hessian's "
                          "Lipschitz constant, larger for longer periods (200 keeps Rosenbrock "
                          "converging with m up to 5 from its usual start)."),
                 integer("hessian_period", 2, 1, 1000,
                         "m: recompute the Hessian every m steps (1: plain cubic Newton).")};
  info.gradients_per_step = 1;
  info.hvps_per_step = 1;
  info.needs_hvp = true;
  info.functions_only = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(
        std::make_unique<LazyCubicNewton>(p.get("regularization"), p.get_int("hessian_period")));
  };
  return info;
}

}  // namespace descent
