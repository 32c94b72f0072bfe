// Stochastic gradient descent with heavy-ball or Nesterov momentum, PyTorch's semantics.
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

// buf <- momentum * buf + (1 - dampening) * g (buf <- g on the first step);
// output buf, or g + momentum * buf with Nesterov ("On the importance of initialization and
// momentum in deep learning", Sutskever et al., 2013).
class SgdMomentum final : public Transform {
 public:
  SgdMomentum(double momentum, double dampening, bool nesterov)
      : momentum_(static_cast<Scalar>(momentum)),
        dampening_(static_cast<Scalar>(dampening)),
        nesterov_(nesterov) {}
  void init(const ParamLayout& layout) override { buf_ = Vec::Zero(layout.size); }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    if (momentum_ == 0) return;
    if (ctx.step == 1) {
      buf_ = g;
    } else {
      buf_ = momentum_ * buf_ + (Scalar(1) - dampening_) * g;
    }
    if (nesterov_) {
      g += momentum_ * buf_;
    } else {
      g = buf_;
    }
  }

  void visit_state(StateVisitor& v) override { v.slot("buf", buf_); }

 private:
  Scalar momentum_, dampening_;
  bool nesterov_;
  Vec buf_;
};

}  // namespace

OptimizerInfo sgd_info() {
  OptimizerInfo info = describe("sgd", "SGD", family::kClassic);
  info.description =
      "Steps against the gradient; optional heavy-ball or Nesterov momentum accumulates past "
      "gradients to speed up along consistent directions.";
  info.citation = {"A Stochastic Approximation Method", "Robbins, Monro", 1951,
                   "Annals of Mathematical Statistics"};
  info.params = {hp::lr(0.01), hp::momentum(0.0),
                 real("dampening", 0.0, 0.0, 1.0, "Dampening for momentum."),
                 boolean("nesterov", false, "Use Nesterov momentum (requires dampening 0)."),
                 hp::weight_decay(0.0)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<AddL2>(p.get("weight_decay")),
        make_transform<SgdMomentum>(p.get("momentum"), p.get("dampening"), p.get_bool("nesterov")),
        make_transform<ScaleByLearningRate>());
  };
  info.check = [](const ParamValues& p) {
    std::vector<FieldError> errors;
    if (p.get_bool("nesterov") && (p.get("momentum") <= 0 || p.get("dampening") != 0)) {
      errors.push_back({"nesterov", "Nesterov momentum requires momentum > 0 and dampening = 0"});
    }
    return errors;
  };
  return info;
}

}  // namespace descent
