// Adadelta: AdaGrad's step with units fixed by a running average of past updates.
#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

// s <- rho s + (1-rho) g^2;  d = sqrt(a + eps) / sqrt(s + eps) * g;  a <- rho a + (1-rho) d^2
class ScaleByAdadelta final : public Transform {
 public:
  ScaleByAdadelta(double rho, double eps)
      : rho_(static_cast<Scalar>(rho)), eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override {
    square_avg_ = Vec::Zero(layout.size);
    acc_delta_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef, const StepContext&) override {
    const Scalar one_minus = Scalar(1) - rho_;
    square_avg_ = rho_ * square_avg_ + one_minus * g.cwiseProduct(g);
    g.array() =
        (acc_delta_.array() + eps_).sqrt() / (square_avg_.array() + eps_).sqrt() * g.array();
    acc_delta_ = rho_ * acc_delta_ + one_minus * g.cwiseProduct(g);
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "square_avg", square_avg_, "acc_delta", acc_delta_);
  }

 private:
  Scalar rho_, eps_;
  Vec square_avg_, acc_delta_;
};

}  // namespace

OptimizerInfo adadelta_info() {
  OptimizerInfo info = describe("adadelta", "Adadelta", family::kAdaptive);
  info.description =
      "Scales each step by the ratio of running RMS of past updates to running RMS of "
      "gradients, so the step has the units of the parameters.";
  info.citation = {"ADADELTA: An Adaptive Learning Rate Method", "Zeiler", 2012, "arXiv:1212.5701"};
  info.params = {hp::lr(1.0),
                 real("rho", 0.9, 0.0, 0.999999, "Decay rate of the running averages."),
                 hp::eps(1e-6), hp::weight_decay(0.0)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<AddL2>(p.get("weight_decay")),
                           make_transform<ScaleByAdadelta>(p.get("rho"), p.get("eps")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
