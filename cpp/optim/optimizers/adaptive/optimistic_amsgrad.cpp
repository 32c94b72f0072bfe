// Optimistic AMSGrad ("An Optimistic Acceleration of AMSGrad for Nonconvex Optimization",
// Wang, Li, Zhou, Li, 2019 (arXiv; ACML 2021)), Algorithm 2 without the projection:
//   theta_t = b1 theta_{t-1} + (1 - b1) g_t            (g_t taken at w_t)
//   v_t = b2 v_{t-1} + (1 - b2) g_t^2,  vhat_t = max(vhat_{t-1}, v_t),  v_0 = vhat_0 = eps
//   w_{t+1/2} = w_{t-1/2} - lr theta_t / sqrt(vhat_t)    (the AMSGrad sequence)
//   w_{t+1}   = w_{t+1/2} - lr h_{t+1} / sqrt(vhat_t),  h_{t+1} = b1 theta_{t-1} + (1 - b1) m_{t+1}
// with w_{1/2} = w_1 and m_{t+1} the guess of the next gradient. The next gradient is taken at
// w_{t+1}: AMSGrad's point pushed one predicted step further, the optimistic-online-learning
// idea of spending a step on where the gradient is expected to point next.
// The guess here is the last gradient, m_{t+1} = g_t, so h_{t+1} = theta_t: the gradient point
// is the AMSGrad point moved once more by the same step. The paper's
// experiments extrapolate m_{t+1} from the last r gradients (regularised minimal polynomial
// extrapolation); that predictor is not implemented. eps initialises v (the paper's v_0 = eps),
// it is not added to the denominator. The learning rate of both half steps is this step's
// scheduled rate. The run's parameters are the gradient points w_t.
#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"

namespace descent {
namespace {

// Outputs the whole update w_{t+1} - w_t (the learning rate is inside: the two half steps
// start from the stored AMSGrad point, not from w_t).
class OptimisticAmsgrad final : public Transform {
 public:
  OptimisticAmsgrad(double beta1, double beta2, double eps)
      : beta1_(static_cast<Scalar>(beta1)),
        beta2_(static_cast<Scalar>(beta2)),
        eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override {
    theta_ = Vec::Zero(layout.size);
    v_ = Vec::Constant(layout.size, eps_);
    vhat_ = v_;
    half_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    if (ctx.step == 1) half_ = params;  // w_{1/2} = w_1
    theta_ = beta1_ * theta_ + (Scalar(1) - beta1_) * g;
    v_ = beta2_ * v_ + (Scalar(1) - beta2_) * g.cwiseProduct(g);
    vhat_ = vhat_.cwiseMax(v_);
    const auto lr = static_cast<Scalar>(ctx.lr);
    half_.array() -= lr * theta_.array() / vhat_.array().sqrt();
    // w_{t+1} = w_{t+1/2} - lr h_{t+1} / sqrt(vhat_t), h_{t+1} = theta_t (guess m_{t+1} = g_t).
    g.array() = half_.array() - lr * theta_.array() / vhat_.array().sqrt() - params.array();
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "theta", theta_, "v", v_, "vhat", vhat_, "half", half_);
  }

 private:
  Scalar beta1_, beta2_, eps_;
  Vec theta_, v_, vhat_, half_;
};

}  // namespace

OptimizerInfo optimistic_amsgrad_info() {
  OptimizerInfo info = describe("optimistic_amsgrad", "Optimistic AMSGrad", family::kAdaptive);
  info.description =
      "AMSGrad that takes each gradient one predicted step ahead of its own iterate: after the "
      "AMSGrad step it moves again along the guessed next momentum (the guess of the next "
      "gradient is the last one; the paper's extrapolation predictor is not implemented).";
  info.citation = {"An Optimistic Acceleration of AMSGrad for Nonconvex Optimization",
                   "Wang, Li, Zhou, Li", 2021, "ACML 2021 (arXiv 2019), Algorithm 2"};
  info.params = {hp::lr(1e-3), hp::beta1(), hp::beta2(), hp::eps(1e-8)};
  info.params.back().description = "Initial second moment v_0 (the paper's epsilon).";
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<OptimisticAmsgrad>(p.get("beta1"), p.get("beta2"), p.get("eps")));
  };
  return info;
}

}  // namespace descent
