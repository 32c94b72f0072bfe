// XGrad: the gradient is taken at the weights the optimizer predicts for s steps ahead.
//
// "XGrad: Boosting Gradient-Based Optimizers With Weight Prediction" (Guan, Li, Shi, Meng,
// 2023), as in the authors' code (github.com/guanleics/XGrad, load_predicted_weights): before
// each step, with the optimizer state left by the previous step,
//   x_hat = x_t - s lr d(state)        SGDM: d = b (momentum buffer);
//                                      Adam/AdamW: d = m_hat / (sqrt(v_hat) + eps)
// the loss and gradient are evaluated at x_hat, and the base optimizer then updates x_t (not
// x_hat) with that gradient. On the first step there is no state and x_hat = x_t. With a
// constant learning rate x_hat = x_t + s u_{t-1} for SGDM and Adam: the previous update
// extrapolated s times. The prediction leaves weight decay out, as the authors' code does.
// Base optimizers: "sgdm" (b <- momentum b + g; x <- x - lr b, coupled weight decay),
// "adam" (coupled weight decay), "adamw" (decoupled).
// Cost: one gradient per step (at x_hat). The reported loss is the loss at x_t, from one extra
// forward evaluation (Objective::value); the reported gradient norm is that of the gradient
// used, at x_hat (the gradient at x_t is never computed).
// The pre stage acts on the gradient at x_hat (with x_hat as its parameters), the post stage
// on the final update.
#include <cmath>
#include <string>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"

namespace descent {
namespace {

enum class XGradBase { Sgdm, Adam, AdamW };

struct XGradOptions {
  XGradBase base = XGradBase::Adam;
  int s = 1;
  double momentum = 0.9;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double weight_decay = 0.0;
};

class XGradOptimizer final : public Optimizer {
 public:
  explicit XGradOptimizer(const XGradOptions& o) : o_(o) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(o_.base == XGradBase::Sgdm ? 0 : layout.size);
    predicted_ = Vec::Zero(layout.size);
    gradient_ = Vec::Zero(layout.size);
    t_ = 0;
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    const bool predict = o_.s > 0 && t_ > 0;
    if (predict) {
      // update <- d(state), the direction of the previous step's state.
      direction(update, t_);
      predicted_ = params - static_cast<Scalar>(o_.s * ctx.lr) * update;
    } else {
      predicted_ = params;
    }
    StepResult result;
    const double loss_at_prediction = objective.value_and_grad(predicted_, update);
    result.grad_norm = std::sqrt(static_cast<double>(update.squaredNorm()));
    result.loss = predict ? objective.value(params) : loss_at_prediction;
    StepContext local = ctx;
    local.loss = result.loss;
    pre_.update(update, predicted_, local);
    gradient_ = update;
    local.gradient = &gradient_;

    // The base optimizer's step at x_t with the gradient from x_hat.
    ++t_;
    const auto wd = static_cast<Scalar>(o_.weight_decay);
    if (o_.base != XGradBase::AdamW && wd != 0) update += wd * params;
    if (o_.base == XGradBase::Sgdm) {
      m_ = static_cast<Scalar>(o_.momentum) * m_ + update;
    } else {
      const auto b1 = static_cast<Scalar>(o_.beta1);
      const auto b2 = static_cast<Scalar>(o_.beta2);
      m_ = b1 * m_ + (Scalar(1) - b1) * update;
      v_ = b2 * v_ + (Scalar(1) - b2) * update.cwiseProduct(update);
    }
    direction(update, t_);
    update *= static_cast<Scalar>(-ctx.lr);
    if (o_.base == XGradBase::AdamW && wd != 0) {
      update -= static_cast<Scalar>(ctx.lr * o_.weight_decay) * params;
    }
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "m", m_, "v", v_, "predicted", predicted_, "t", t_);
  }

 private:
  // The base optimizer's direction from its state after t updates.
  void direction(VecRef out, int t) const {
    if (o_.base == XGradBase::Sgdm) {
      out = m_;
      return;
    }
    const auto bc1 = static_cast<Scalar>(1.0 - std::pow(o_.beta1, t));
    const auto bc2 = static_cast<Scalar>(1.0 - std::pow(o_.beta2, t));
    out.array() = (m_.array() / bc1) / ((v_.array() / bc2).sqrt() + static_cast<Scalar>(o_.eps));
  }

  XGradOptions o_;
  Vec m_, v_, predicted_, gradient_;
  int t_ = 0;
};

XGradBase parse_base(const std::string& s) {
  if (s == "sgdm") return XGradBase::Sgdm;
  if (s == "adamw") return XGradBase::AdamW;
  return XGradBase::Adam;
}

}  // namespace

OptimizerInfo xgrad_info() {
  OptimizerInfo info = describe("xgrad", "XGrad (weight prediction)", family::kExtrapolation);
  info.description =
      "Takes each gradient at the weights the base optimizer (SGDM, Adam or AdamW) predicts "
      "for s steps ahead from its current state, then applies the update to the current "
      "weights.";
  info.citation = {"XGrad: Boosting Gradient-Based Optimizers With Weight Prediction",
                   "Guan, Li, Shi, Meng", 2023, "arXiv:2305.18240"};
  info.params = {
      hp::lr(1e-3),
      choice("base", "adam", {"sgdm", "adam", "adamw"}, "The optimizer whose update is predicted."),
      integer("s", 1, 0, 10,
              "Weight-prediction steps: how many updates ahead to predict (0 = off)."),
      real("momentum", 0.9, 0.0, 0.9999, "Momentum of the sgdm base."),
      hp::beta1(),
      hp::beta2(),
      hp::eps(1e-8),
      hp::weight_decay(0.0),
  };
  info.params[7].description = "Weight decay: coupled L2 for sgdm and adam, decoupled for adamw.";
  info.make = [](const ParamValues& p) {
    XGradOptions o;
    o.base = parse_base(p.choice("base"));
    o.s = p.get_int("s");
    o.momentum = p.get("momentum");
    o.beta1 = p.get("beta1");
    o.beta2 = p.get("beta2");
    o.eps = p.get("eps");
    o.weight_decay = p.get("weight_decay");
    return std::unique_ptr<Optimizer>(std::make_unique<XGradOptimizer>(o));
  };
  return info;
}

}  // namespace descent
