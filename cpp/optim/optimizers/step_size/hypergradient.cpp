// SGD-HD and Adam-HD: the learning rate itself descends the loss, by hypergradient descent.
//
// "Online Learning Rate Adaptation with Hypergradient Descent" (Baydin, Cornish, Martinez
// Rubio, Schmidt, Wood, 2018), the SGD-HD and Adam-HD algorithm boxes. With the previous
// update u_{t-1} = -alpha d_{t-1} and d_{t-1} its direction, the derivative of f(x_t) with
// respect to alpha is
// h_t = g_t . du_{t-1}/dalpha = -g_t . d_{t-1}, so one gradient step on alpha gives
//   alpha_t = alpha_{t-1} + beta g_t . d_{t-1}      (alpha_0 = lr; d_0 = 0)
//   x_{t+1} = x_t - alpha_t d_t
// SGD-HD: d_t = g_t, or PyTorch-style momentum  b_t = mu b_{t-1} + g_t  with d_t = b_t
// (Nesterov: d_t = g_t + mu b_t), as in the authors' sgd_hd.py;
// Adam-HD: d_t = m_hat_t / (sqrt(v_hat_t) + eps), Adam's bias-corrected direction.
// beta is hypergrad_lr (the paper's experiments: 1e-3 for SGD-HD, 1e-7 for Adam-HD). The dot
// product runs over all parameters (one global learning rate), as in the paper.
// weight_decay is coupled L2, added to the gradient before everything else (as in the
// authors' code). The run's schedule multiplies the learned rate: the update is
// -(ctx.lr / lr) alpha_t d_t. alpha is not clipped; it can become negative if beta is large.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

enum class HdBase { Sgd, Adam };

struct HdOptions {
  HdBase base = HdBase::Sgd;
  double lr = 0.001;
  double hypergrad_lr = 0.001;
  double momentum = 0.0;
  bool nesterov = false;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

// Outputs the final update -(ctx.lr / lr) alpha_t d_t (no ScaleByLearningRate after it).
class HypergradientDescent final : public Transform {
 public:
  explicit HypergradientDescent(const HdOptions& o) : o_(o) {}

  void init(const ParamLayout& layout) override {
    alpha_ = o_.lr;
    prev_ = Vec::Zero(layout.size);
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(o_.base == HdBase::Adam ? layout.size : 0);
  }

  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    alpha_ += o_.hypergrad_lr * static_cast<double>(g.cast<double>().dot(prev_.cast<double>()));
    if (o_.base == HdBase::Sgd) {
      if (o_.momentum != 0) {
        const auto mu = static_cast<Scalar>(o_.momentum);
        m_ = mu * m_ + g;
        if (o_.nesterov) {
          g += mu * m_;
        } else {
          g = m_;
        }
      }
    } else {
      const auto b1 = static_cast<Scalar>(o_.beta1);
      const auto b2 = static_cast<Scalar>(o_.beta2);
      m_ = b1 * m_ + (Scalar(1) - b1) * g;
      v_ = b2 * v_ + (Scalar(1) - b2) * g.cwiseProduct(g);
      const auto bc1 = static_cast<Scalar>(1.0 - std::pow(o_.beta1, ctx.step));
      const auto bc2 = static_cast<Scalar>(1.0 - std::pow(o_.beta2, ctx.step));
      g.array() = (m_.array() / bc1) / ((v_.array() / bc2).sqrt() + static_cast<Scalar>(o_.eps));
    }
    prev_ = g;  // d_t
    g *= static_cast<Scalar>(-alpha_ * ctx.lr / o_.lr);
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "alpha", alpha_, "prev", prev_, "m", m_, "v", v_);
  }

 private:
  HdOptions o_;
  double alpha_ = 0.0;
  Vec prev_, m_, v_;
};

ParamSpec hypergrad_lr(double def) {
  return log_real("hypergrad_lr", def, 1e-12, 1.0,
                  "beta: the learning rate of the learning rate (hypergradient step).");
}

Citation hd_citation() {
  return {"Online Learning Rate Adaptation with Hypergradient Descent",
          "Baydin, Cornish, Martinez Rubio, Schmidt, Wood", 2018, "ICLR 2018"};
}

}  // namespace

OptimizerInfo sgd_hd_info() {
  OptimizerInfo info = describe("sgd_hd", "SGD-HD", family::kStepSize);
  info.description =
      "SGD whose learning rate grows while consecutive gradients agree and shrinks when they "
      "oppose: alpha += beta g_t . d_{t-1}, a gradient step on the learning rate itself.";
  info.citation = hd_citation();
  info.params = {hp::lr(0.001), hypergrad_lr(0.001), hp::momentum(0.0),
                 boolean("nesterov", false, "Use Nesterov momentum."), hp::weight_decay(0.0)};
  info.params[0].description = "Initial learning rate alpha_0 (then learned).";
  info.make = [](const ParamValues& p) {
    HdOptions o;
    o.base = HdBase::Sgd;
    o.lr = p.get("lr");
    o.hypergrad_lr = p.get("hypergrad_lr");
    o.momentum = p.get("momentum");
    o.nesterov = p.get_bool("nesterov");
    return chain_optimizer(make_transform<AddL2>(p.get("weight_decay")),
                           make_transform<HypergradientDescent>(o));
  };
  info.check = [](const ParamValues& p) {
    std::vector<FieldError> errors;
    if (p.get_bool("nesterov") && p.get("momentum") <= 0) {
      errors.push_back({"nesterov", "Nesterov momentum requires momentum > 0"});
    }
    return errors;
  };
  return info;
}

OptimizerInfo adam_hd_info() {
  OptimizerInfo info = describe("adam_hd", "Adam-HD", family::kStepSize);
  info.description =
      "Adam whose learning rate is learned online by hypergradient descent on the dot product "
      "of the gradient with the previous Adam direction.";
  info.citation = hd_citation();
  info.params = {hp::lr(0.001), hypergrad_lr(1e-7), hp::beta1(),
                 hp::beta2(),   hp::eps(1e-8),      hp::weight_decay(0.0)};
  info.params[0].description = "Initial learning rate alpha_0 (then learned).";
  info.make = [](const ParamValues& p) {
    HdOptions o;
    o.base = HdBase::Adam;
    o.lr = p.get("lr");
    o.hypergrad_lr = p.get("hypergrad_lr");
    o.beta1 = p.get("beta1");
    o.beta2 = p.get("beta2");
    o.eps = p.get("eps");
    return chain_optimizer(make_transform<AddL2>(p.get("weight_decay")),
                           make_transform<HypergradientDescent>(o));
  };
  return info;
}

}  // namespace descent
