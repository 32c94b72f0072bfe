// L-BFGS ("On the limited memory BFGS method for large scale optimization", Liu, Nocedal,
// 1989; the two-loop recursion as in Nocedal & Wright, Numerical Optimization, Algorithm
// 7.4): d = -H_t g_t from the last m pairs s_k = x_{k+1} - x_k, y_k = g_{k+1} - g_k, with
// H_0 = gamma I, gamma = s^T y / y^T y of the newest pair (H_0 = I before any pair), and a
// FIXED step x_{t+1} = x_t + lr d (no line search: one gradient per step, and the user's lr
// and schedule apply; lr = 1 is the quasi-Newton step, smaller values are safer on
// non-convex problems). A pair is stored only if s^T y > 1e-10 |s| |y| (curvature condition;
// otherwise it is skipped, as in most implementations). s is the actual parameter change
// (including post-stage effects); g is the gradient after the pre stage.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

class Lbfgs final : public Optimizer {
 public:
  explicit Lbfgs(int history) : m_(history) {}
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    s_ = Mat::Zero(layout.size, m_);
    y_ = Mat::Zero(layout.size, m_);
    rho_.assign(static_cast<std::size_t>(m_), 0.0);
    alpha_.assign(static_cast<std::size_t>(m_), 0.0);
    gradient_ = Vec::Zero(layout.size);
    prev_x_ = Vec::Zero(layout.size);
    prev_g_ = Vec::Zero(layout.size);
    s_tmp_ = Vec::Zero(layout.size);
    y_tmp_ = Vec::Zero(layout.size);
    count_ = 0;
    newest_ = -1;
  }
  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, gradient_, pre_, ctx, local);
    if (ctx.step > 1) {
      s_tmp_ = params - prev_x_;
      y_tmp_ = gradient_ - prev_g_;
      const double sy = s_tmp_.cast<double>().dot(y_tmp_.cast<double>());
      if (sy > 1e-10 * static_cast<double>(s_tmp_.norm()) * static_cast<double>(y_tmp_.norm())) {
        newest_ = (newest_ + 1) % m_;
        s_.col(newest_) = s_tmp_;
        y_.col(newest_) = y_tmp_;
        rho_[static_cast<std::size_t>(newest_)] = 1.0 / sy;
        count_ = std::min(count_ + 1, m_);
      }
    }
    prev_x_ = params;
    prev_g_ = gradient_;
    // Two-loop recursion on q = g, newest pair first.
    update = gradient_;
    for (int k = 0; k < count_; ++k) {
      const int i = (newest_ - k + m_) % m_;
      const auto ui = static_cast<std::size_t>(i);
      alpha_[ui] = rho_[ui] * s_.col(i).cast<double>().dot(update.cast<double>());
      update -= static_cast<Scalar>(alpha_[ui]) * y_.col(i);
    }
    if (count_ > 0) {
      const double yy = y_.col(newest_).cast<double>().squaredNorm();
      update *= static_cast<Scalar>(1.0 / (rho_[static_cast<std::size_t>(newest_)] * yy));
    }
    for (int k = count_ - 1; k >= 0; --k) {
      const int i = (newest_ - k + m_) % m_;
      const auto ui = static_cast<std::size_t>(i);
      const double beta = rho_[ui] * y_.col(i).cast<double>().dot(update.cast<double>());
      update += static_cast<Scalar>(alpha_[ui] - beta) * s_.col(i);
    }
    update *= -static_cast<Scalar>(ctx.lr);
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "s", s_, "y", y_, "rho", rho_, "prev_x", prev_x_, "prev_g", prev_g_, "count",
                count_, "newest", newest_);
  }

 private:
  int m_;
  Mat s_, y_;
  std::vector<double> rho_, alpha_;
  Vec gradient_, prev_x_, prev_g_, s_tmp_, y_tmp_;
  int count_ = 0, newest_ = -1;
};

}  // namespace

OptimizerInfo lbfgs_info() {
  OptimizerInfo info = describe("lbfgs", "L-BFGS", family::kCurvature);
  info.description =
      "Quasi-Newton: approximates the inverse Hessian from the last m parameter and gradient "
      "differences (two-loop recursion) and steps lr times that direction; fixed step, no "
      "line search.";
  info.citation = {"On the limited memory BFGS method for large scale optimization", "Liu, Nocedal",
                   1989, "Mathematical Programming 45"};
  info.params = {hp::lr(1.0), integer("history", 10, 1, 100, "Number of stored (s, y) pairs m.")};
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<Lbfgs>(static_cast<int>(p.get("history"))));
  };
  return info;
}

}  // namespace descent
