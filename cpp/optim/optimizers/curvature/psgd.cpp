// PSGD: preconditioned SGD with a preconditioner fitted from (v, Hv) pairs ("Preconditioned
// Stochastic Gradient Descent", Xi-Lin Li, 2015; the Lie-group form of "Curvature-Informed
// SGD via General Purpose Lie-Group Preconditioners", Pooladzandi, Li, 2024).
//
// Each step draws a probe v ~ N(0, I) (the run's optimizer stream, one normal per coordinate
// in parameter order) and takes the exact h = H v. The preconditioner P = Q^T Q minimises
// E[h^T P h + v^T P^{-1} v], whose minimiser satisfies P E[h h^T] P = E[v v^T]: P = |H|^{-1}
// (H^{-1} for a positive definite H). Q is updated on its Lie group by a normalised
// gradient step of size precond_lr:
//   diagonal (any tensor):  a = q h, b = v / q,  grad = a^2 - b^2,
//                           q <- q - precond_lr grad .* q / max|grad|;
//   Kronecker (a tensor of rows x cols, both <= kron_max_dim; P = Q1^T Q1 (x) Q2^T Q2 acting
//   as G -> Q1^T Q1 G Q2^T Q2 on the tensor G, Q1, Q2 upper triangular):
//       rebalance Q1 /= rho, Q2 *= rho with rho = sqrt(max diag Q1 / max diag Q2),
//       A = Q1 Hv Q2^T,  B = Q1^{-T} V Q2^{-1},
//       grad1 = triu(A A^T - B B^T),  grad2 = triu(A^T A - B^T B),
//       Q1 <- Q1 - precond_lr grad1 Q1 / max|grad1|,  Q2 likewise
//   (as in Li's psgd_torch update_precond_kron). Then the step is
//   m = momentum m + (1 - momentum) g,   update = -lr P m.
// Q starts at P = init_scale I. The preconditioner state is double. One gradient and one
// HVP per step. preconditioner = "diag" makes every tensor diagonal.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "core/rng.h"
#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

using MatD = Eigen::MatrixXd;
using VecD = Eigen::VectorXd;

constexpr double kTiny = 1e-30;

struct KronFactor {
  int offset = 0, rows = 0, cols = 0;
  MatD q1, q2;                                   // upper triangular
  MatD g, v, hv, a, b, t, grad1, grad2, t1, t2;  // work
};

class Psgd final : public Optimizer {
 public:
  Psgd(double precond_lr, double init_scale, double momentum, bool kron, int kron_max_dim)
      : precond_lr_(precond_lr),
        init_scale_(init_scale),
        momentum_(momentum),
        kron_(kron),
        kron_max_dim_(kron_max_dim) {}
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    const int n = layout.size;
    gradient_ = Vec::Zero(n);
    probe_ = Vec::Zero(n);
    hv_ = Vec::Zero(n);
    m_ = VecD::Zero(n);
    q_ = VecD::Constant(n, std::sqrt(init_scale_));
    diagonal_ = std::vector<bool>(static_cast<std::size_t>(n), true);
    factors_.clear();
    if (!kron_) return;
    std::vector<TensorSlice> tensors = layout.tensors;
    if (tensors.empty()) tensors.push_back({"x", 0, n, 1, TensorRole::Point});
    for (const auto& t : tensors) {
      if (t.rows > kron_max_dim_ || t.cols > kron_max_dim_) continue;
      KronFactor f;
      f.offset = t.offset;
      f.rows = t.rows;
      f.cols = t.cols;
      const double s = std::pow(init_scale_, 0.25);
      f.q1 = s * MatD::Identity(t.rows, t.rows);
      f.q2 = s * MatD::Identity(t.cols, t.cols);
      for (MatD* w : {&f.g, &f.v, &f.hv, &f.a, &f.b, &f.t}) w->resize(t.rows, t.cols);
      f.grad1.resize(t.rows, t.rows);
      f.t1.resize(t.rows, t.rows);
      f.grad2.resize(t.cols, t.cols);
      f.t2.resize(t.cols, t.cols);
      for (int i = t.offset; i < t.offset + t.size(); ++i) diagonal_[i] = false;
      factors_.push_back(std::move(f));
    }
  }
  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, gradient_, pre_, ctx, local);

    Rng& rng = ctx.rng != nullptr ? *ctx.rng : fallback_rng_;
    for (Eigen::Index i = 0; i < probe_.size(); ++i) probe_[i] = static_cast<Scalar>(rng.normal());
    objective.hvp(params, probe_, hv_);

    const double beta = momentum_;
    for (Eigen::Index i = 0; i < m_.size(); ++i) {
      m_[i] = beta * m_[i] + (1 - beta) * static_cast<double>(gradient_[i]);
    }
    update_diagonal();
    for (Eigen::Index i = 0; i < update.size(); ++i) {
      if (diagonal_[static_cast<std::size_t>(i)]) {
        update[i] = static_cast<Scalar>(-ctx.lr * q_[i] * q_[i] * m_[i]);
      }
    }
    for (auto& f : factors_) update_kron(f, update, ctx.lr);
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "q", q_);
    for (std::size_t i = 0; i < factors_.size(); ++i) {
      v.slot("factor." + std::to_string(i) + ".q1", factors_[i].q1);
      v.slot("factor." + std::to_string(i) + ".q2", factors_[i].q2);
    }
    v.slot("fallback_rng", fallback_rng_);
  }

 private:
  void update_diagonal() {
    double max_grad = 0.0;
    for (Eigen::Index i = 0; i < q_.size(); ++i) {
      if (!diagonal_[static_cast<std::size_t>(i)]) continue;
      const double a = q_[i] * hv_[i], b = probe_[i] / q_[i];
      max_grad = std::max(max_grad, std::abs(a * a - b * b));
    }
    const double step = precond_lr_ / (max_grad + kTiny);
    for (Eigen::Index i = 0; i < q_.size(); ++i) {
      if (!diagonal_[static_cast<std::size_t>(i)]) continue;
      const double a = q_[i] * hv_[i], b = probe_[i] / q_[i];
      q_[i] -= step * (a * a - b * b) * q_[i];
    }
  }

  void update_kron(KronFactor& f, VecRef update, double lr) {
    const auto load = [&](const auto& source, MatD& dst) {
      for (int c = 0; c < f.cols; ++c)
        for (int r = 0; r < f.rows; ++r)
          dst(r, c) = static_cast<double>(source[f.offset + c * f.rows + r]);
    };
    load(probe_, f.v);
    load(hv_, f.hv);
    load(m_, f.g);
    const double rho = std::sqrt(f.q1.diagonal().maxCoeff() / f.q2.diagonal().maxCoeff());
    f.q1 /= rho;
    f.q2 *= rho;
    // A = Q1 Hv Q2^T.
    f.t.noalias() = f.hv * f.q2.transpose();
    f.a.noalias() = f.q1 * f.t;
    // B = Q1^{-T} V Q2^{-1}.
    f.b = f.v;
    f.q1.triangularView<Eigen::Upper>().transpose().solveInPlace(f.b);
    f.q2.triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(f.b);
    f.grad1.noalias() = f.a * f.a.transpose();
    f.grad1.noalias() -= f.b * f.b.transpose();
    f.grad1.triangularView<Eigen::StrictlyLower>().setZero();
    f.grad2.noalias() = f.a.transpose() * f.a;
    f.grad2.noalias() -= f.b.transpose() * f.b;
    f.grad2.triangularView<Eigen::StrictlyLower>().setZero();
    const double step1 = precond_lr_ / (f.grad1.cwiseAbs().maxCoeff() + kTiny);
    const double step2 = precond_lr_ / (f.grad2.cwiseAbs().maxCoeff() + kTiny);
    f.t1.noalias() = f.grad1 * f.q1;
    f.q1 -= step1 * f.t1;
    f.t2.noalias() = f.grad2 * f.q2;
    f.q2 -= step2 * f.t2;
    // P G = Q1^T Q1 G Q2^T Q2.
    f.t.noalias() = f.q1 * f.g;
    f.a.noalias() = f.q1.transpose() * f.t;
    f.t.noalias() = f.a * f.q2.transpose();
    f.a.noalias() = f.t * f.q2;
    for (int c = 0; c < f.cols; ++c)
      for (int r = 0; r < f.rows; ++r)
        update[f.offset + c * f.rows + r] = static_cast<Scalar>(-lr * f.a(r, c));
  }

  double precond_lr_, init_scale_, momentum_;
  bool kron_;
  int kron_max_dim_;
  Vec gradient_, probe_, hv_;
  VecD m_, q_;
  std::vector<bool> diagonal_;
  std::vector<KronFactor> factors_;
  Rng fallback_rng_{0, Stream::Optimizer};
};

}  // namespace

OptimizerInfo psgd_info() {
  OptimizerInfo info = describe("psgd", "PSGD", family::kCurvature);
  info.description =
      "Preconditioned SGD: fits a preconditioner P with P E[hh^T] P = E[vv^T] from a random "
      "probe v and its exact Hessian product h = Hv each step (so P approaches |H|^{-1}), "
      "Kronecker-factored for small tensors or diagonal, and steps -lr P g.";
  info.citation = {"Curvature-Informed SGD via General Purpose Lie-Group Preconditioners",
                   "Pooladzandi, Li", 2024, "arXiv:2402.04553"};
  info.params = {
      hp::lr(0.5),
      log_real("precond_lr", 0.1, 1e-4, 1.0,
               "Normalised step size of the preconditioner fit on its Lie group."),
      log_real("init_scale", 1.0, 1e-6, 1e6, "Initial preconditioner P = init_scale I."),
      hp::momentum(0.0),
      choice("preconditioner", "kron", {"kron", "diag"},
             "kron: Kronecker factors Q1 (rows) and Q2 (columns) for tensors with both sides "
             "<= kron_max_dim, diagonal for the rest; diag: diagonal everywhere."),
      integer("kron_max_dim", 32, 1, 256,
              "Largest tensor side that gets a (dense, triangular) Kronecker factor.")};
  info.gradients_per_step = 1;
  info.hvps_per_step = 1;
  info.needs_hvp = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(
        std::make_unique<Psgd>(p.get("precond_lr"), p.get("init_scale"), p.get("momentum"),
                               p.choice("preconditioner") == "kron", p.get_int("kron_max_dim")));
  };
  return info;
}

}  // namespace descent
