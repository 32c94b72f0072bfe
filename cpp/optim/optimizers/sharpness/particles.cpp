// Derivative-free particle methods for 2-D functions: consensus-based optimisation (CBO) and
// a simple evolution strategy (ES). Neither takes gradients (gradients_per_step = 0); the
// cost is in function values (see each entry). Random draws come from ctx.rng.
//
// CBO ("A consensus-based model for global optimization and its mean-field limit", Pinnau,
// Totzeck, Tse, Martin, M3AS 2017, Eqs. 1-2, Euler-Maruyama with dt = lr): N particles X_i,
//   v = sum_i X_i exp(-alpha f(X_i)) / sum_i exp(-alpha f(X_i))      (consensus point)
//   X_i <- X_i - lambda dt (X_i - v) + sigma sqrt(dt) |X_i - v| xi_i,  xi_i ~ N(0, I)
// (isotropic noise scaled by the Euclidean distance |X_i - v|, as in the paper; the paper's
// Heaviside switch H(f(X_i) - f(v)) is omitted (H = 1), as in most implementations). The
// weights are computed stably as exp(-alpha (f - min f)). The particles start as
// x_0 + init_std N(0, I) at the first step. The run's parameters are the consensus point v:
// at step t, v_t is computed from f at the current particles, the particles move, and the
// update is v_t - x (so the parameters trail the cloud by one move).
// Cost: N function values per step (+1 for the reported loss at x). The pre stage is not
// applied (there is no gradient); the post stage acts on the update.
//
// ES ("Evolution Strategies as a Scalable Alternative to Reinforcement Learning", Salimans,
// Ho, Chen, Sidor, Sutskever, 2017, Algorithm 1 with mirrored sampling, Sec. 2.1, without
// fitness shaping): with population 2n (n antithetic pairs),
//   g = 1 / (2 n sigma) sum_k (f(x + sigma eps_k) - f(x - sigma eps_k)) eps_k,
// a Gaussian-smoothing estimate of the gradient, then the pre stage and x <- x - lr g.
// Cost: 2n function values per step (+1 for the reported loss).
#include <algorithm>
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"

namespace descent {
namespace {

class Cbo final : public Optimizer {
 public:
  Cbo(int particles, double lambda, double sigma, double alpha, double init_std)
      : n_(particles), lambda_(lambda), sigma_(sigma), alpha_(alpha), init_std_(init_std) {}
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    x_ = Mat::Zero(layout.size, n_);
    shown_ = Mat::Zero(layout.size, n_);
    f_.assign(static_cast<std::size_t>(n_), 0.0);
    v_ = Vec::Zero(layout.size);
    point_ = Vec::Zero(layout.size);
  }
  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepResult result;
    result.loss = objective.value(params);
    const int d = static_cast<int>(params.size());
    if (ctx.step == 1) {
      for (int i = 0; i < n_; ++i)
        for (int k = 0; k < d; ++k)
          x_(k, i) = static_cast<Scalar>(params[k] + init_std_ * ctx.rng->normal());
    }
    double fmin = 0;
    for (int i = 0; i < n_; ++i) {
      point_ = x_.col(i);
      f_[static_cast<std::size_t>(i)] = objective.value(point_);
      fmin = i == 0 ? f_[0] : std::min(fmin, f_[static_cast<std::size_t>(i)]);
    }
    double wsum = 0;
    v_.setZero();
    for (int i = 0; i < n_; ++i) {
      const double w = std::exp(-alpha_ * (f_[static_cast<std::size_t>(i)] - fmin));
      wsum += w;
      v_ += static_cast<Scalar>(w) * x_.col(i);
    }
    v_ /= static_cast<Scalar>(wsum);
    // The cloud whose consensus is this step's point (same size: no allocation).
    shown_ = x_;
    stepped_ = true;
    const double dt = ctx.lr;
    for (int i = 0; i < n_; ++i) {
      const double dist = static_cast<double>((x_.col(i) - v_).norm());
      for (int k = 0; k < d; ++k) {
        const double xi = ctx.rng->normal();
        x_(k, i) = static_cast<Scalar>(x_(k, i) - lambda_ * dt * (x_(k, i) - v_[k]) +
                                       sigma_ * std::sqrt(dt) * dist * xi);
      }
    }
    update = v_ - params;
    StepContext local = ctx;
    local.loss = result.loss;
    post_.update(update, params, local);
    return result;
  }
  // The particles the latest consensus point was computed from (before their move), so the
  // drawn point is the Gibbs-weighted mean of the drawn cloud.
  ParticleView particles() const override {
    if (!stepped_) return {};
    return {shown_.data(), n_, static_cast<int>(shown_.rows())};
  }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "stepped", stepped_, "x", x_, "shown", shown_, "f", f_, "v", v_, "point",
                point_);
  }

 private:
  int n_;
  double lambda_, sigma_, alpha_, init_std_;
  bool stepped_ = false;
  Mat x_, shown_;
  std::vector<double> f_;
  Vec v_, point_;
};

class EvolutionStrategy final : public Optimizer {
 public:
  EvolutionStrategy(int pairs, double sigma) : n_(pairs), sigma_(sigma) {}
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    eps_ = Vec::Zero(layout.size);
    point_ = Vec::Zero(layout.size);
    gradient_ = Vec::Zero(layout.size);
    samples_ = Mat::Zero(layout.size, 2 * Eigen::Index{n_});
  }
  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepResult result;
    result.loss = objective.value(params);
    gradient_.setZero();
    const auto sigma = static_cast<Scalar>(sigma_);
    for (int k = 0; k < n_; ++k) {
      for (Eigen::Index i = 0; i < eps_.size(); ++i)
        eps_[i] = static_cast<Scalar>(ctx.rng->normal());
      point_ = params + sigma * eps_;
      samples_.col(2 * Eigen::Index{k}) = point_;
      const double plus = objective.value(point_);
      point_ = params - sigma * eps_;
      samples_.col(2 * k + 1) = point_;
      const double minus = objective.value(point_);
      gradient_ += static_cast<Scalar>((plus - minus) / (2.0 * n_ * sigma_)) * eps_;
    }
    result.grad_norm = std::sqrt(static_cast<double>(gradient_.squaredNorm()));
    StepContext local = ctx;
    local.loss = result.loss;
    pre_.update(gradient_, params, local);
    local.gradient = &gradient_;
    update = -static_cast<Scalar>(ctx.lr) * gradient_;
    post_.update(update, params, local);
    stepped_ = true;
    return result;
  }
  // The mirrored samples x +- sigma eps_k of the latest step (centred on the point before
  // its update).
  ParticleView particles() const override {
    if (!stepped_) return {};
    return {samples_.data(), 2 * n_, static_cast<int>(samples_.rows())};
  }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "stepped", stepped_, "samples", samples_, "point", point_);
  }

 private:
  int n_;
  double sigma_;
  bool stepped_ = false;
  Vec eps_, point_, gradient_;
  Mat samples_;
};

}  // namespace

OptimizerInfo cbo_info() {
  OptimizerInfo info = describe("cbo", "Consensus-based optimisation", family::kSharpness);
  info.description =
      "A cloud of particles drifts towards their Gibbs-weighted average exp(-alpha f) (the "
      "consensus point, shown as the parameters) with noise proportional to each particle's "
      "distance from it; gradient-free, N function values per step. 2-D functions only.";
  info.citation = {"A consensus-based model for global optimization and its mean-field limit",
                   "Pinnau, Totzeck, Tse, Martin", 2017,
                   "Mathematical Models and Methods in Applied Sciences 27"};
  info.params = {
      log_real("lr", 0.05, 1e-4, 1.0, "Time step dt of the particle dynamics."),
      integer("particles", 50, 2, 500, "Number of particles N."),
      real("lambda", 1.0, 0.0, 10.0, "Drift rate towards the consensus point."),
      real("sigma", 0.8, 0.0, 5.0, "Noise scale (times the distance to consensus)."),
      log_real("alpha", 30.0, 1e-2, 1e5, "Inverse temperature of the weights."),
      log_real("init_std", 1.0, 1e-3, 10.0, "Spread of the initial particles around the start.")};
  info.gradients_per_step = 0;
  info.functions_only = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<Cbo>(p.get_int("particles"), p.get("lambda"),
                                                            p.get("sigma"), p.get("alpha"),
                                                            p.get("init_std")));
  };
  return info;
}

OptimizerInfo es_info() {
  OptimizerInfo info = describe("es", "Evolution strategy", family::kSharpness);
  info.description =
      "Estimates the gradient of the Gaussian-smoothed loss from mirrored random "
      "perturbations x +- sigma eps and steps against it; gradient-free, 2 x pairs function "
      "values per step. 2-D functions only.";
  info.citation = {"Evolution Strategies as a Scalable Alternative to Reinforcement Learning",
                   "Salimans, Ho, Chen, Sidor, Sutskever", 2017, "arXiv:1703.03864"};
  info.params = {hp::lr(0.01), integer("pairs", 10, 1, 500, "Antithetic pairs per step."),
                 log_real("sigma", 0.1, 1e-4, 10.0, "Perturbation scale.")};
  info.gradients_per_step = 0;
  info.functions_only = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(
        std::make_unique<EvolutionStrategy>(p.get_int("pairs"), p.get("sigma")));
  };
  return info;
}

}  // namespace descent
