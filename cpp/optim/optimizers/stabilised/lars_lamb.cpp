// Layer-wise trust ratios for large batches, per tensor ("layer"): weights and 2-D points are
// adapted; biases and gains are excluded from the trust ratio and from weight decay, as in the
// large-batch practice both papers build on (see stabilised.h). On a 2-D function the point is
// one layer.
//
// LARS ("Large Batch Training of Convolutional Networks", You, Gitman, Ginsburg, 2017,
// Algorithm 1), with the global rate inside the momentum as in the paper:
//   lambda_l = eta |w_l| / (|g_l| + beta |w_l|)    (1 when |w_l| = 0 or the denominator is 0)
//   v_l <- m v_l + lr lambda_l (g_l + beta w_l);   w_l <- w_l - v_l
// (the paper's polynomial decay of lr is left to the run's schedule).
//
// LAMB ("Large Batch Optimization for Deep Learning: Training BERT in 76 minutes", You et al.,
// 2020, Algorithm 2, with phi the identity):
//   m, v as Adam, bias-corrected; r = m_hat / (sqrt(v_hat) + eps)
//   w_l <- w_l - lr (|w_l| / |r_l + lambda w_l|) (r_l + lambda w_l)   (ratio 1 if a norm is 0)
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/stabilised.h"
#include "optim/transforms/moments.h"

namespace descent {
namespace {

double tensor_norm(ConstVecRef x) { return std::sqrt(static_cast<double>(x.squaredNorm())); }

class Lars final : public Transform {
 public:
  Lars(double momentum, double weight_decay, double trust_coefficient)
      : momentum_(momentum), wd_(weight_decay), eta_(trust_coefficient) {}
  void init(const ParamLayout& layout) override { v_ = Vec::Zero(layout.size); }
  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    stabilised::for_each_tensor(ctx, static_cast<int>(g.size()), [&](const TensorSlice& t) {
      auto gs = g.segment(t.offset, t.size());
      const auto w = params.segment(t.offset, t.size());
      auto v = v_.segment(t.offset, t.size());
      double local = 1.0, wd = 0.0;
      if (stabilised::layer_adapted(t)) {
        wd = wd_;
        const double w_norm = tensor_norm(w);
        const double denom = tensor_norm(gs) + wd_ * w_norm;
        if (w_norm > 0 && denom > 0) local = eta_ * w_norm / denom;
      }
      const auto c = static_cast<Scalar>(ctx.lr * local);
      v = static_cast<Scalar>(momentum_) * v + c * (gs + static_cast<Scalar>(wd) * w);
      gs = -v;
    });
  }

  void visit_state(StateVisitor& v) override { v.slot("v", v_); }

 private:
  double momentum_, wd_, eta_;
  Vec v_;
};

class Lamb final : public Transform {
 public:
  Lamb(double beta1, double beta2, double eps, double weight_decay)
      : beta1_(beta1), beta2_(beta2), eps_(eps), wd_(weight_decay) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    update_moments(g, beta1_, beta2_, m_, v_);
    const auto bc1 = static_cast<Scalar>(1 - std::pow(beta1_, ctx.step));
    const auto bc2 = static_cast<Scalar>(1 - std::pow(beta2_, ctx.step));
    g.array() = (m_.array() / bc1) / ((v_.array() / bc2).sqrt() + static_cast<Scalar>(eps_));
    stabilised::for_each_tensor(ctx, static_cast<int>(g.size()), [&](const TensorSlice& t) {
      auto r = g.segment(t.offset, t.size());
      double ratio = 1.0;
      if (stabilised::layer_adapted(t)) {
        const auto w = params.segment(t.offset, t.size());
        r += static_cast<Scalar>(wd_) * w;
        const double w_norm = tensor_norm(w);
        const double r_norm = tensor_norm(r);
        if (w_norm > 0 && r_norm > 0) ratio = w_norm / r_norm;
      }
      r *= static_cast<Scalar>(-ctx.lr * ratio);
    });
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m", m_, "v", v_); }

 private:
  double beta1_, beta2_, eps_, wd_;
  Vec m_, v_;
};

}  // namespace

OptimizerInfo lars_info() {
  OptimizerInfo info = describe("lars", "LARS", family::kLayerWise);
  info.description =
      "Momentum SGD with a local rate per layer, trust_coefficient * |w| / (|g| + wd |w|): "
      "every layer moves by a similar fraction of its own norm, whatever its gradient scale.";
  info.citation = {"Large Batch Training of Convolutional Networks", "You, Gitman, Ginsburg", 2017,
                   "arXiv:1708.03888"};
  info.params = {hp::lr(1.0), hp::momentum(0.9), hp::weight_decay(5e-4),
                 log_real("trust_coefficient", 1e-3, 1e-6, 1.0,
                          "eta: scales each layer's step relative to its weight norm.")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<Lars>(p.get("momentum"), p.get("weight_decay"), p.get("trust_coefficient")));
  };
  return info;
}

OptimizerInfo lamb_info() {
  OptimizerInfo info = describe("lamb", "LAMB", family::kLayerWise);
  info.description =
      "Adam step plus decoupled decay, rescaled per layer by |w| / |step|: each layer moves by "
      "lr times its own weight norm.";
  info.citation = {"Large Batch Optimization for Deep Learning: Training BERT in 76 minutes",
                   "You, Li, Reddi, Hseu, Kumar, Bhojanapalli, Song, Demmel, Keutzer, Hsieh", 2020,
                   "ICLR 2020"};
  info.params = {hp::lr(1e-3), hp::beta1(0.9), hp::beta2(0.999), hp::eps(1e-6),
                 hp::weight_decay(0.01)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<Lamb>(p.get("beta1"), p.get("beta2"), p.get("eps"), p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
