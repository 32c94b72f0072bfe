// Prodigy: Adam whose step size d is learnt from the run itself, no learning rate to tune.
//
// "Prodigy: An Expeditiously Adaptive Parameter-Free Learner" (Mishchenko, Defazio, 2023),
// Algorithm 4 (Adam version), as in the authors' code (konstmish/prodigy, prodigyopt.Prodigy):
// with x0 the starting point, lambda = lr (the run's scheduled multiplier) and k = 1, 2, ...
//   dlr   = d_k lambda                         (times sqrt(1-b2^k)/(1-b1^k) with bias correction)
//   r     <- b3 r + (d_k / d0) dlr <g, x0 - x_k>
//   m     <- b1 m + d_k (1 - b1) g             v <- b2 v + d_k^2 (1 - b2) g^2
//   s     <- b3 s + (d_k / d0) dlr g
//   d_hat = d_coef r / ||s||_1,   d_{k+1} = max(d_k, d_hat)   (the code's d_max bookkeeping
//                                                             with growth_rate = inf)
//   x     <- x - dlr m / (sqrt(v) + d_{k+1} eps)   (decoupled decay: - wd dlr x first)
// b3 defaults to sqrt(b2) (the code's beta3=None). The factor d / d0 is the code's rescaling
// against tiny numbers; it cancels in d_hat. The code's growth_rate (default inf), slice_p
// (default 1) and FSDP options are not exposed: the defaults are what runs here.
// Cost: one gradient per step; state m, v, s and x0 (4 vectors).
#include <algorithm>
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/optimizers/step_size/learning_rate_free.h"

namespace descent {
namespace {

struct ProdigyOptions {
  double beta1 = 0.9, beta2 = 0.999, beta3 = 0.0, eps = 1e-8, weight_decay = 0.0;
  bool decouple = true, bias_correction = false, safeguard_warmup = false;
  double d0 = 1e-6, d_coef = 1.0;
};

class Prodigy final : public LearningRateFree {
 public:
  explicit Prodigy(const ProdigyOptions& o) : o_(o) {
    if (o_.beta3 <= 0) o_.beta3 = std::sqrt(o_.beta2);
  }

  void visit_estimator_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "v", v_, "s", s_, "x0", x0_, "numerator", numerator_, "k", k_);
  }

 protected:
  void init_state(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    s_ = Vec::Zero(layout.size);
    x0_ = Vec::Zero(layout.size);
    d_ = o_.d0;
    numerator_ = 0.0;
    k_ = 0;
  }

  void descend(VecRef g, ConstVecRef x, const StepContext& ctx) override {
    if (k_ == 0) x0_ = x;
    ++k_;
    const double lr = ctx.lr;
    const double bias_correction =
        lr_free::adam_bias_correction(o_.bias_correction, o_.beta1, o_.beta2, k_);
    const double d = d_;
    const double dlr = d * lr * bias_correction;
    if (o_.weight_decay != 0 && !o_.decouple) g += static_cast<Scalar>(o_.weight_decay) * x;

    numerator_ *= o_.beta3;
    double denominator = 0.0;
    if (lr > 0) {
      const double scale = d / o_.d0;
      diff_ = x0_ - x;
      numerator_ += scale * dlr * dot_double(g, diff_);
      m_ = static_cast<Scalar>(o_.beta1) * m_ + static_cast<Scalar>(d * (1 - o_.beta1)) * g;
      v_.array() = static_cast<Scalar>(o_.beta2) * v_.array() +
                   static_cast<Scalar>(d * d * (1 - o_.beta2)) * g.array().square();
      const double s_rate = o_.safeguard_warmup ? scale * d : scale * dlr;
      s_ = static_cast<Scalar>(o_.beta3) * s_ + static_cast<Scalar>(s_rate) * g;
      denominator = l1_double(s_);
    }
    if (denominator == 0.0) {  // no gradient yet (or lr = 0): no step, as the authors' code
      g.setZero();
      return;
    }
    if (lr > 0) d_ = std::max(d_, o_.d_coef * numerator_ / denominator);

    const auto floor = static_cast<Scalar>(d_ * o_.eps);
    g.array() = -static_cast<Scalar>(dlr) * m_.array() / (v_.array().sqrt() + floor);
    if (o_.weight_decay != 0 && o_.decouple) g -= static_cast<Scalar>(o_.weight_decay * dlr) * x;
  }

 private:
  ProdigyOptions o_;
  Vec m_, v_, s_, x0_, diff_;
  double numerator_ = 0.0;
  int k_ = 0;
};

}  // namespace

OptimizerInfo prodigy_info() {
  OptimizerInfo info = describe("prodigy", "Prodigy", family::kStepSize);
  info.description =
      "Learning-rate-free Adam: the step size d grows from a tiny d0 to an estimate of the "
      "distance from the start to the solution, from the correlation of the gradients with "
      "the distance travelled (Adam version, as in the authors' code, whose eps term uses the "
      "updated d where the paper writes the previous one; lr only scales d).";
  info.citation = {"Prodigy: An Expeditiously Adaptive Parameter-Free Learner",
                   "Mishchenko, Defazio", 2023, "arXiv:2306.06101; ICML 2024"};
  info.params = {
      lr_free::lr_multiplier(),
      hp::beta1(),
      hp::beta2(),
      real("beta3", 0.0, 0.0, 0.9999,
           "Decay of the d estimate's running sums; 0 = sqrt(beta2), the authors' default."),
      hp::eps(1e-8),
      hp::weight_decay(0.0),
      boolean("decouple", true, "Decoupled (AdamW-style) weight decay; off: L2 on the gradient."),
      boolean("use_bias_correction", false, "Adam's bias correction on the step size."),
      boolean("safeguard_warmup", false,
              "Leave lr out of the d estimate's denominator (for warm-up schedules)."),
      lr_free::initial_d(),
      log_real("d_coef", 1.0, 0.01, 100.0,
               "Multiplier of the estimate d_hat (the authors' preferred tuning knob)."),
  };
  info.make = [](const ParamValues& p) -> std::unique_ptr<Optimizer> {
    ProdigyOptions o;
    o.beta1 = p.get("beta1");
    o.beta2 = p.get("beta2");
    o.beta3 = p.get("beta3");
    o.eps = p.get("eps");
    o.weight_decay = p.get("weight_decay");
    o.decouple = p.get_bool("decouple");
    o.bias_correction = p.get_bool("use_bias_correction");
    o.safeguard_warmup = p.get_bool("safeguard_warmup");
    o.d0 = p.get("d0");
    o.d_coef = p.get("d_coef");
    return std::make_unique<Prodigy>(o);
  };
  return info;
}

}  // namespace descent
