// Ranger21 ("Ranger21: a synergistic deep learning optimizer", Wright, Demeure, 2021): AdamW
// with the paper's eight components, as stages of one chain:
//   1. adaptive gradient clipping (AGC, unit-wise, clip 1e-2, eps 1e-3)      -> Agc
//   2. gradient centralisation                                                ->
//   GradientCentralization
//      (optional, off by default: gradient normalisation, added to the code after the paper)
//   3. positive-negative momentum on an AMSGrad-style Adam core (the PNM paper's AdaPNM):
//        v_t = b2 v + (1-b2) g^2,  v_max = max(v_max, v_t)
//        m_t = b1^2 m_{t-2} + (1-b1^2) g   (the buffer of this step's parity)
//        u = -(lr_t / (1-b1^t)) ((1+b0) m_t - b0 m_{t-1}) / sqrt((1+b0)^2+b0^2)
//                               / (sqrt(v_max / (1-b2^t)) + eps)
//      (optional, off by default: softplus smoothing of the denominator, added after the paper)
//   4. stable weight decay: u -= lr_t * wd * p / sqrt(mean(v_t / (1-b2^t)))
//   5. norm loss: u -= lr_t * 2 * nl * (1 - 1/(|p_unit| + eps)) * p_unit
//   6.+7. linear warm-up and explore-exploit linear warm-down of lr_t (see below)
//   8. Lookahead (k = 5, alpha = 0.5)                                         -> Lookahead
// Components 3-7 live in Ranger21Core; decay and norm loss are both taken at p_{t-1}.
//
// Learning-rate warm-up/warm-down. Ranger21 computes its own schedule from the total number of
// iterations T: linear warm-up over ceil(2/(1-b2)) steps (or 22% of T when that is more than
// 45% of T), then a flat phase, then a linear warm-down over the last 28% of T to
// warm_down_min_lr. The optimizer does not know the run's length, so this is built in only when
// num_iterations > 0 (set it to the run's steps); with the default num_iterations = 0 the
// learning-rate shape is left to the run's schedule (e.g. a linear warm-up schedule).
//
// Notes on the reference code (lessw2020/Ranger21, checked against the paper): its PNM
// normalisation uses beta2 where beta0 is meant, and its AMSGrad maximum writes into the wrong
// buffer (so it has no effect); we follow the PNM paper (beta0, working AMSGrad maximum), with
// beta0 = 1 as in the PNM paper's and Ranger21's defaults.
#include <algorithm>
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/optimizers/stabilised/stages.h"

namespace descent {
namespace {

struct Ranger21Settings {
  double beta0 = 1.0, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double weight_decay = 1e-4, norm_loss_factor = 1e-4;
  bool use_softplus = false;
  double beta_softplus = 50.0;
  int num_iterations = 0;  // 0: no built-in warm-up/warm-down
  double warm_down_min_lr = 3e-5;
};

class Ranger21Core final : public Transform {
 public:
  explicit Ranger21Core(const Ranger21Settings& s) : s_(s) {
    if (s_.num_iterations > 0) {
      const int t = s_.num_iterations;
      const int beta_warmup = static_cast<int>(std::ceil(2.0 / (1.0 - s_.beta2)));
      warmup_ =
          static_cast<double>(beta_warmup) / t > 0.45 ? static_cast<int>(0.22 * t) : beta_warmup;
      start_warm_down_ = static_cast<int>(0.72 * t);
      warm_down_length_ = t - start_warm_down_;
    }
  }
  void init(const ParamLayout& layout) override {
    v_ = Vec::Zero(layout.size);
    v_max_ = Vec::Zero(layout.size);
    odd_ = Vec::Zero(layout.size);
    even_ = Vec::Zero(layout.size);
  }

  // The learning rate of step t after Ranger21's own warm-up and warm-down.
  double learning_rate(double lr, int t) const {
    if (s_.num_iterations <= 0) return lr;
    double out = lr;
    if (warmup_ > 0 && t <= warmup_) out = lr * std::min(1.0, static_cast<double>(t) / warmup_);
    if (t >= start_warm_down_) {
      const int it = std::max(t + 1 - start_warm_down_, 1);
      const double pct = std::min(static_cast<double>(it) / (warm_down_length_ + 1), 1.0);
      out = std::max(lr - (lr - s_.warm_down_min_lr) * pct, s_.warm_down_min_lr);
    }
    return out;
  }

  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    const int t = ctx.step;
    const double lr = learning_rate(ctx.lr, t);
    const double bc1 = 1.0 - std::pow(s_.beta1, t);
    const double bc2 = 1.0 - std::pow(s_.beta2, t);

    v_ = static_cast<Scalar>(s_.beta2) * v_ + static_cast<Scalar>(1 - s_.beta2) * g.cwiseProduct(g);
    v_max_ = v_max_.cwiseMax(v_);
    const double mean_v_hat = static_cast<double>(v_.sum()) / static_cast<double>(v_.size()) / bc2;

    Vec& pos = t % 2 == 1 ? odd_ : even_;
    const Vec& neg = t % 2 == 1 ? even_ : odd_;
    const double b1sq = s_.beta1 * s_.beta1;
    pos = static_cast<Scalar>(b1sq) * pos + static_cast<Scalar>(1 - b1sq) * g;
    const double noise_norm = std::sqrt((1 + s_.beta0) * (1 + s_.beta0) + s_.beta0 * s_.beta0);
    const auto c_pos = static_cast<Scalar>(-lr / bc1 * (1 + s_.beta0) / noise_norm);
    const auto c_neg = static_cast<Scalar>(-lr / bc1 * s_.beta0 / noise_norm);
    const auto bc2_sqrt = static_cast<Scalar>(std::sqrt(bc2));
    const auto eps = static_cast<Scalar>(s_.eps);
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      Scalar denom = std::sqrt(v_max_[i]) / bc2_sqrt + eps;
      if (s_.use_softplus) denom = softplus(denom);
      g[i] = (c_pos * pos[i] - c_neg * neg[i]) / denom;
    }

    // Stable weight decay and norm loss, both at p_{t-1}.
    if (s_.weight_decay != 0 && mean_v_hat > 0) {
      g -= static_cast<Scalar>(lr * s_.weight_decay / std::sqrt(mean_v_hat)) * params;
    }
    NormLoss(s_.norm_loss_factor, s_.eps).update(g, params, with_lr(ctx, lr));
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "v", v_, "v_max", v_max_, "odd", odd_, "even", even_);
  }

 private:
  // PyTorch's softplus(x, beta) = log(1 + exp(beta x)) / beta, linear above beta x = 20.
  Scalar softplus(Scalar x) const {
    const double bx = s_.beta_softplus * static_cast<double>(x);
    if (bx > 20.0) return x;
    return static_cast<Scalar>(std::log1p(std::exp(bx)) / s_.beta_softplus);
  }
  static StepContext with_lr(const StepContext& ctx, double lr) {
    StepContext c = ctx;
    c.lr = lr;
    return c;
  }

  Ranger21Settings s_;
  int warmup_ = 0, start_warm_down_ = 0, warm_down_length_ = 0;
  Vec v_, v_max_, odd_, even_;
};

}  // namespace

OptimizerInfo ranger21_info() {
  OptimizerInfo info = describe("ranger21", "Ranger21", family::kStabilised);
  info.description =
      "AdamW with adaptive gradient clipping, gradient centralisation, positive-negative "
      "momentum, stable weight decay, norm loss, warm-up/warm-down and Lookahead.";
  info.citation = {"Ranger21: a synergistic deep learning optimizer", "Wright, Demeure", 2021,
                   "arXiv:2106.13731"};
  info.params = {
      hp::lr(1e-3),
      real("beta0", 1.0, 0.0, 10.0, "Positive-negative momentum coefficient (noise amplitude)."),
      hp::beta1(0.9),
      hp::beta2(0.999),
      hp::eps(1e-8),
      real("weight_decay", 1e-4, 0.0, 1.0,
           "Stable weight decay: divided by the root of the mean second moment."),
      log_real("agc_clipping_value", 1e-2, 1e-4, 10.0,
               "Adaptive gradient clipping: largest gradient/weight norm ratio per unit."),
      log_real("agc_eps", 1e-3, 1e-8, 1.0, "Adaptive gradient clipping: floor on weight norms."),
      boolean("centralize_gradients", true, "Gradient centralisation of weight matrices."),
      boolean("normalize_gradients", false,
              "Divide each tensor's gradient by its standard deviation (added after the paper)."),
      real("norm_loss_factor", 1e-4, 0.0, 1.0, "Norm loss: pull of unit norms towards 1."),
      integer("lookahead_merge_time", 5, 1, 1000, "Lookahead: steps between synchronisations."),
      real("lookahead_blending_alpha", 0.5, 0.0, 1.0,
           "Lookahead: slow weights move this fraction towards the fast ones (1 = off)."),
      boolean("use_softplus", false,
              "Softplus-smoothed denominator (added to the code after the paper)."),
      log_real("beta_softplus", 50.0, 1.0, 1e4, "Sharpness of the softplus smoothing."),
      integer("num_iterations", 0, 0, 1000000,
              "Total steps for the built-in linear warm-up and warm-down; 0 leaves the "
              "learning-rate shape to the run's schedule."),
      log_real("warm_down_min_lr", 3e-5, 1e-8, 1.0,
               "Learning rate at the end of the built-in warm-down."),
  };
  info.make = [](const ParamValues& p) {
    Ranger21Settings s;
    s.beta0 = p.get("beta0");
    s.beta1 = p.get("beta1");
    s.beta2 = p.get("beta2");
    s.eps = p.get("eps");
    s.weight_decay = p.get("weight_decay");
    s.norm_loss_factor = p.get("norm_loss_factor");
    s.use_softplus = p.get_bool("use_softplus");
    s.beta_softplus = p.get("beta_softplus");
    s.num_iterations = p.get_int("num_iterations");
    s.warm_down_min_lr = p.get("warm_down_min_lr");
    Chain chain;
    chain.add(make_transform<Agc>(p.get("agc_clipping_value"), p.get("agc_eps")));
    if (p.get_bool("centralize_gradients")) chain.add(make_transform<GradientCentralization>());
    if (p.get_bool("normalize_gradients")) chain.add(make_transform<GradientNormalization>());
    chain.add(make_transform<Ranger21Core>(s));
    chain.add(make_transform<Lookahead>(p.get_int("lookahead_merge_time"),
                                        p.get("lookahead_blending_alpha")));
    return std::make_unique<GradientOptimizer>(std::move(chain));
  };
  info.check = [](const ParamValues& p) {
    std::vector<FieldError> errors;
    if (p.get("warm_down_min_lr") > p.get("lr") && p.get_int("num_iterations") > 0) {
      errors.push_back({"warm_down_min_lr", "warm_down_min_lr must not exceed lr"});
    }
    return errors;
  };
  return info;
}

}  // namespace descent
