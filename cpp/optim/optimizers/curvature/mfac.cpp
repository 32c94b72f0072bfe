// M-FAC ("M-FAC: Efficient Matrix-Free Approximations of Second-Order Information", Frantar,
// Kurtic, Alistarh, 2021, Section 4 and the optimizer of the authors' code, optim.py):
// preconditioned SGD with the inverse of the damped empirical Fisher of a sliding window of
// the last m gradients,
//   F = damp I + (1/m) sum_{i=1..m} g_i g_i^T    (unfilled slots of the window are zero)
//   g <- g + weight_decay w   (coupled, as in the code)
//   the window's oldest gradient is replaced by g, then  d = F^{-1} g,
//   v <- momentum v + (1 - momentum) d   (momentum > 0; d itself otherwise)
//   w <- w - lr v.
// The paper computes F^{-1} x matrix-free with its dynamic algorithm (a Sherman-Morrison
// recursion over the window, O(d m) per product). Here the same product comes from the
// Woodbury identity, with U = [g_1 ... g_m] (d x m) and K = U^T U:
//   F^{-1} x = (x - U (m damp I + K)^{-1} U^T x) / damp,
// K is updated by one row and column per step (O(d m)) and factorised by Cholesky (O(m^3),
// negligible for the window sizes used here). Window and K are kept in double.
#include <Eigen/Cholesky>
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

class Mfac final : public Optimizer {
 public:
  Mfac(int window, double damp, double momentum, double weight_decay)
      : m_(window), damp_(damp), momentum_(momentum), weight_decay_(weight_decay) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    gradient_ = Vec::Zero(layout.size);
    grads_ = Eigen::MatrixXd::Zero(layout.size, m_);
    gram_ = Eigen::MatrixXd::Zero(m_, m_);
    system_ = Eigen::MatrixXd::Zero(m_, m_);
    cholesky_ = Eigen::LLT<Eigen::MatrixXd>(m_);
    x_ = Eigen::VectorXd::Zero(layout.size);
    dots_ = Eigen::VectorXd::Zero(m_);
    velocity_ = Vec::Zero(layout.size);
    next_ = 0;
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, gradient_, pre_, ctx, local);
    if (weight_decay_ > 0) gradient_ += static_cast<Scalar>(weight_decay_) * params;
    local.gradient = &gradient_;

    // Replace the oldest gradient; its row and column of K are the new dot products.
    x_ = gradient_.cast<double>();
    grads_.col(next_) = x_;
    dots_.noalias() = grads_.transpose() * x_;
    gram_.row(next_) = dots_.transpose();
    gram_.col(next_) = dots_;
    next_ = (next_ + 1) % m_;

    // F^{-1} g = (g - U (m damp I + K)^{-1} U^T g) / damp; U^T g is the new column of K.
    system_ = gram_;
    system_.diagonal().array() += m_ * damp_;
    cholesky_.compute(system_);
    cholesky_.solveInPlace(dots_);
    x_.noalias() -= grads_ * dots_;
    x_ /= damp_;

    const auto lr = static_cast<Scalar>(ctx.lr);
    if (momentum_ > 0) {
      const auto mu = static_cast<Scalar>(momentum_);
      velocity_ = mu * velocity_ + (Scalar(1) - mu) * x_.cast<Scalar>();
      update = -lr * velocity_;
    } else {
      update = -lr * x_.cast<Scalar>();
    }
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "velocity", velocity_, "grads", grads_, "gram", gram_, "next", next_);
  }

 private:
  int m_;
  double damp_, momentum_, weight_decay_;
  Vec gradient_, velocity_;
  Eigen::MatrixXd grads_, gram_, system_;  // window U (d x m), K = U^T U, m damp I + K
  Eigen::LLT<Eigen::MatrixXd> cholesky_;
  Eigen::VectorXd x_, dots_;
  int next_ = 0;  // the window's oldest slot
};

}  // namespace

OptimizerInfo mfac_info() {
  OptimizerInfo info = describe("mfac", "M-FAC", family::kCurvature);
  info.description =
      "Preconditions the gradient with the inverse of the damped empirical Fisher "
      "damp I + (1/m) sum g_i g_i^T of a sliding window of the last m gradients (the current "
      "one included), computed matrix-free from the window (Woodbury identity; the paper's "
      "dynamic algorithm gives the same product), optionally with dampened momentum. lr, damp "
      "and coupled weight decay as the authors' code; the window is 32 here instead of the "
      "code's 1024 (an m^3 factorisation per step). Cost: one gradient per step.";
  info.citation = {"M-FAC: Efficient Matrix-Free Approximations of Second-Order Information",
                   "Frantar, Kurtic, Alistarh", 2021, "NeurIPS 2021"};
  info.params = {
      hp::lr(1e-3),
      integer("ngrads", 32, 1, 256, "Window size m: the number of recent gradients kept."),
      log_real("damp", 1e-5, 1e-10, 10.0, "Dampening lambda of the empirical Fisher."),
      real("momentum", 0.0, 0.0, 0.9999, "Dampened momentum on the preconditioned gradient."),
      hp::weight_decay(0.0),
  };
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<Mfac>(
        p.get_int("ngrads"), p.get("damp"), p.get("momentum"), p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
