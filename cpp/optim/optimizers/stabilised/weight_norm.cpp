// Weight normalisation ("Weight Normalization: A Simple Reparameterization to Accelerate
// Training of Deep Neural Networks", Salimans, Kingma, 2016), as an optimizer on the weights.
//
// Each unit (the fan-in row of a weight matrix; the whole point of a 2-D function) is
// reparameterised as w = g v / ||v|| with a scalar g and a vector v, and SGD with heavy-ball
// momentum (PyTorch convention) steps on g and v instead of w. The gradients follow from
// grad_w L by the chain rule (the paper's eq. 3):
//   grad_g L = grad_w L . v / ||v||,   grad_v L = (g / ||v||) (I - w w^T / ||w||^2) grad_w L
// so the norm of a unit, |g|, moves only with grad_g (the gradient's component along w), and
// its direction only with grad_v (the component orthogonal to w, scaled by g / ||v||). The
// network itself is unchanged: the layer computes with w, which is what the run stores.
// Initialisation: v = w and g = ||w|| (w unchanged), as PyTorch's weight_norm does; the paper's
// data-dependent initialisation of g and the bias is not included. A unit that starts at zero
// has no direction and is trained as plain SGD with momentum, as are biases and gains.
// The state is per unit: g, ||v|| and the momentum buffers; v itself is recovered from the
// current weights (v = ||v|| w / g), so post-stage changes to the weights (decoupled decay)
// carry into the reparameterisation instead of being undone. The default rate suits SGD with
// momentum on the playground's problems (the paper trains with Adam; the reparameterisation
// does not depend on the optimizer).
#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/stabilised.h"

namespace descent {
namespace {

class WeightNormSgd final : public Transform {
 public:
  explicit WeightNormSgd(double momentum) : momentum_(momentum) {}
  void init(const ParamLayout& layout) override {
    units_.clear();
    buf_ = Vec::Zero(layout.size);
    next_ = Vec::Zero(layout.size);
  }
  void update(VecRef grad, ConstVecRef params, const StepContext& ctx) override {
    const bool first = ctx.step == 1 || units_.empty();
    if (first) units_.clear();
    const auto mu = static_cast<Scalar>(momentum_);
    std::size_t index = 0;
    stabilised::for_each_tensor(ctx, static_cast<int>(grad.size()), [&](const TensorSlice& t) {
      if (!stabilised::layer_adapted(t)) {  // biases and gains: SGD with momentum
        auto b = buf_.segment(t.offset, t.size());
        const auto gs = grad.segment(t.offset, t.size());
        b = first ? Vec(gs) : Vec(mu * b + gs);
        grad.segment(t.offset, t.size()) = static_cast<Scalar>(-ctx.lr) * b;
        return;
      }
      stabilised::for_each_unit(t, [&](int, int start, int count, int stride) {
        auto w = stabilised::unit(params, start, count, stride);
        auto gw = stabilised::unit(grad, start, count, stride);
        auto bv = stabilised::unit(VecRef(buf_), start, count, stride);
        auto next = stabilised::unit(VecRef(next_), start, count, stride);
        if (first) units_.push_back(Unit{stabilised::norm(w), stabilised::norm(w), 0.0});
        Unit& u = units_[index++];
        if (u.g == 0.0) {  // no direction to keep: plain SGD with momentum
          bv = first ? Vec(gw) : Vec(mu * bv + gw);
          gw = static_cast<Scalar>(-ctx.lr) * bv;
          return;
        }
        // v = (||v|| / g) w; grad_g = grad_w . v / ||v|| = grad_w . w / g.
        const double along = static_cast<double>(gw.dot(w));
        const double grad_g = along / u.g;
        const double w2 = static_cast<double>(w.squaredNorm());
        // grad_v = (g / ||v||) (grad_w - (grad_w . w / ||w||^2) w)
        next = static_cast<Scalar>(u.g / u.v_norm) *
               (gw - static_cast<Scalar>(along / w2) * w);  // grad_v, for now
        u.buf_g = first ? grad_g : momentum_ * u.buf_g + grad_g;
        bv = first ? Vec(next) : Vec(mu * bv + next);
        const double g_new = u.g - ctx.lr * u.buf_g;
        // v_new = v - lr buf_v, then w_new = g_new v_new / ||v_new||.
        next = static_cast<Scalar>(u.v_norm / u.g) * w - static_cast<Scalar>(ctx.lr) * bv;
        const double v_norm = stabilised::norm(next);
        u.g = g_new;
        u.v_norm = v_norm;
        gw = static_cast<Scalar>(g_new / v_norm) * next - w;  // the update w_new - w
      });
    });
  }

  void visit_state(StateVisitor& v) override {
    std::int64_t n = static_cast<std::int64_t>(units_.size());
    v.slot("units.count", n);
    v.check_count("units.count", n);
    units_.resize(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < units_.size(); ++i) {
      const std::string k = "units." + std::to_string(i);
      v.slot(k + ".g", units_[i].g);
      v.slot(k + ".v_norm", units_[i].v_norm);
      v.slot(k + ".buf_g", units_[i].buf_g);
    }
    v.slot("buf", buf_);
  }

 private:
  struct Unit {
    double g, v_norm, buf_g;
  };
  double momentum_;
  std::vector<Unit> units_;
  Vec buf_, next_;
};

}  // namespace

OptimizerInfo weight_norm_info() {
  OptimizerInfo info = describe("weight_norm", "Weight normalisation", family::kStabilised);
  info.description =
      "SGD with momentum on the reparameterisation w = g v / ||v|| of every weight row (and of "
      "a 2-D point): the unit's norm |g| and its direction v are learned separately, the "
      "norm from the gradient's component along w, the direction from the orthogonal rest.";
  info.citation = {
      "Weight Normalization: A Simple Reparameterization to Accelerate Training of Deep Neural "
      "Networks",
      "Salimans, Kingma", 2016, "NeurIPS 2016"};
  info.params = {hp::lr(1e-3), hp::momentum(0.9)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<WeightNormSgd>(p.get("momentum")));
  };
  return info;
}

}  // namespace descent
