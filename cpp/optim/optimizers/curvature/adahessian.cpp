// AdaHessian ("ADAHESSIAN: An Adaptive Second Order Optimizer for Machine Learning", Yao,
// Gholami, Shen, Mustafa, Keutzer, Mahoney, 2021, Algorithm 1 and Eqs. 8-10): Adam with the
// second moment of the gradient replaced by the second moment of a Hutchinson estimate of the
// Hessian diagonal,
//   z ~ Rademacher (+-1 per coordinate),  D = z .* (H z)            (E[D] = diag H)
//   D^(s): D averaged over consecutive blocks of block_size entries of each tensor (Eq. 9,
//          "spatial averaging"; block_size 1 = none; storage order, the last block of a
//          tensor may be shorter),
//   m_t = beta1 m + (1 - beta1) g,   v_t = beta2 v + (1 - beta2) D^(s) .* D^(s),
//   update = -lr (m_t / (1 - beta1^t)) / ((sqrt(v_t) / sqrt(1 - beta2^t))^k + eps)
//            - lr weight_decay params  (decoupled, as in the authors' code),
// with Hessian power k (k = 1 is the paper's default; k = 0 gives momentum SGD).
// One gradient and one exact Hessian-vector product per step. The probe signs come from the
// run's optimizer stream: the top bit of one PCG32 output per coordinate, in parameter order
// (bit 1 -> +1). H is the Hessian of the objective (the minibatch loss with the model's
// penalties); the pre stage acts on the gradient only.
#include <algorithm>
#include <cmath>

#include "core/rng.h"
#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

class AdaHessian final : public Optimizer {
 public:
  AdaHessian(double beta1, double beta2, double eps, double weight_decay, double power,
             int block_size)
      : beta1_(beta1),
        beta2_(beta2),
        eps_(eps),
        weight_decay_(weight_decay),
        power_(power),
        block_(block_size) {}
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    gradient_ = Vec::Zero(layout.size);
    probe_ = Vec::Zero(layout.size);
    diagonal_ = Vec::Zero(layout.size);
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
  }
  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, gradient_, pre_, ctx, local);

    Rng& rng = ctx.rng != nullptr ? *ctx.rng : fallback_rng_;
    for (Eigen::Index i = 0; i < probe_.size(); ++i) {
      probe_[i] = (rng.next_u32() >> 31) != 0 ? Scalar(1) : Scalar(-1);
    }
    objective.hvp(params, probe_, diagonal_);
    diagonal_.array() *= probe_.array();
    spatial_average(ctx);

    const auto b1 = static_cast<Scalar>(beta1_), b2 = static_cast<Scalar>(beta2_);
    m_ = b1 * m_ + (Scalar(1) - b1) * gradient_;
    v_.array() = b2 * v_.array() + (Scalar(1) - b2) * diagonal_.array().square();
    const double bc1 = 1.0 - std::pow(beta1_, ctx.step);
    const double bc2 = 1.0 - std::pow(beta2_, ctx.step);
    const auto inv_bc1 = static_cast<Scalar>(1.0 / bc1);
    const auto inv_sqrt_bc2 = static_cast<Scalar>(1.0 / std::sqrt(bc2));
    const auto k = static_cast<Scalar>(power_);
    const auto eps = static_cast<Scalar>(eps_);
    const auto lr = static_cast<Scalar>(ctx.lr);
    const auto wd = static_cast<Scalar>(weight_decay_);
    for (Eigen::Index i = 0; i < update.size(); ++i) {
      const Scalar denom = std::pow(std::sqrt(v_[i]) * inv_sqrt_bc2, k) + eps;
      update[i] = -lr * (m_[i] * inv_bc1 / denom + wd * params[i]);
    }
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "diagonal", diagonal_, "m", m_, "v", v_, "fallback_rng", fallback_rng_);
  }

 private:
  void spatial_average(const StepContext& ctx) {
    if (block_ <= 1) return;
    const auto average = [&](int offset, int size) {
      for (int start = 0; start < size; start += block_) {
        const int n = std::min(block_, size - start);
        double sum = 0.0;
        for (int i = 0; i < n; ++i) sum += diagonal_[offset + start + i];
        const auto mean = static_cast<Scalar>(sum / n);
        for (int i = 0; i < n; ++i) diagonal_[offset + start + i] = mean;
      }
    };
    if (ctx.layout != nullptr && !ctx.layout->tensors.empty()) {
      for (const auto& t : ctx.layout->tensors) average(t.offset, t.size());
    } else {
      average(0, static_cast<int>(diagonal_.size()));
    }
  }

  double beta1_, beta2_, eps_, weight_decay_, power_;
  int block_;
  Vec gradient_, probe_, diagonal_, m_, v_;
  Rng fallback_rng_{0, Stream::Optimizer};
};

}  // namespace

OptimizerInfo adahessian_info() {
  OptimizerInfo info = describe("adahessian", "AdaHessian", family::kCurvature);
  info.description =
      "Adam whose second moment tracks a Hutchinson estimate of the Hessian diagonal "
      "(z .* Hz with random +-1 probes z, one exact Hessian-vector product per step), "
      "optionally averaged over blocks, raised to the Hessian power k.";
  info.citation = {"ADAHESSIAN: An Adaptive Second Order Optimizer for Machine Learning",
                   "Yao, Gholami, Shen, Mustafa, Keutzer, Mahoney", 2021, "AAAI 2021"};
  info.params = {hp::lr(0.15),
                 hp::beta1(0.9),
                 hp::beta2(0.999),
                 log_real("eps", 1e-4, 1e-12, 1.0, "Added to the denominator."),
                 hp::weight_decay(0.0),
                 real("hessian_power", 1.0, 0.0, 1.0,
                      "Power k of the Hessian-diagonal denominator (0: momentum SGD, 1: the "
                      "full second-order scaling)."),
                 integer("block_size", 1, 1, 64,
                         "Spatial averaging: the diagonal estimate is averaged over blocks of "
                         "this many consecutive entries of each tensor (1: none).")};
  info.gradients_per_step = 1;
  info.hvps_per_step = 1;
  info.needs_hvp = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<AdaHessian>(
        p.get("beta1"), p.get("beta2"), p.get("eps"), p.get("weight_decay"), p.get("hessian_power"),
        p.get_int("block_size")));
  };
  return info;
}

}  // namespace descent
