// RMSprop: steps divided by a running root-mean-square of recent gradients.
#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

// s <- alpha s + (1 - alpha) g^2; centered: m <- alpha m + (1 - alpha) g, s - m^2 instead of s.
// u = g / (sqrt(s) + eps), accumulated into a momentum buffer when momentum > 0.
class ScaleByRms final : public Transform {
 public:
  ScaleByRms(double alpha, double eps, double momentum, bool centered)
      : alpha_(static_cast<Scalar>(alpha)),
        eps_(static_cast<Scalar>(eps)),
        momentum_(static_cast<Scalar>(momentum)),
        centered_(centered) {}
  void init(const ParamLayout& layout) override {
    square_avg_ = Vec::Zero(layout.size);
    grad_avg_ = Vec::Zero(centered_ ? layout.size : 0);
    buf_ = Vec::Zero(momentum_ > 0 ? layout.size : 0);
  }
  void update(VecRef g, ConstVecRef, const StepContext&) override {
    const Scalar one_minus = Scalar(1) - alpha_;
    square_avg_ = alpha_ * square_avg_ + one_minus * g.cwiseProduct(g);
    if (centered_) {
      grad_avg_ = alpha_ * grad_avg_ + one_minus * g;
      divide_by(g, (square_avg_.array() - grad_avg_.array().square()).sqrt() + eps_);
    } else {
      divide_by(g, square_avg_.array().sqrt() + eps_);
    }
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "square_avg", square_avg_, "grad_avg", grad_avg_, "buf", buf_);
  }

 private:
  template <class Denominator>
  void divide_by(VecRef g, const Denominator& denom) {
    if (momentum_ > 0) {
      buf_.array() = momentum_ * buf_.array() + g.array() / denom;
      g = buf_;
    } else {
      g.array() /= denom;
    }
  }
  Scalar alpha_, eps_, momentum_;
  bool centered_;
  Vec square_avg_, grad_avg_, buf_;
};

}  // namespace

OptimizerInfo rmsprop_info() {
  OptimizerInfo info = describe("rmsprop", "RMSprop", family::kAdaptive);
  info.description =
      "Divides the gradient by a running root-mean-square of recent gradients; the centered "
      "variant divides by an estimate of their standard deviation instead.";
  info.citation = {
      "Lecture 6.5 - rmsprop: Divide the gradient by a running average of its "
      "recent magnitude",
      "Tieleman, Hinton", 2012, "COURSERA: Neural Networks for Machine Learning"};
  info.params = {hp::lr(0.01),
                 real("alpha", 0.99, 0.0, 0.999999, "Decay rate of the squared-gradient average."),
                 hp::eps(1e-8),
                 hp::weight_decay(0.0),
                 hp::momentum(0.0),
                 boolean("centered", false, "Normalise by the gradient's estimated variance.")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<AddL2>(p.get("weight_decay")),
                           make_transform<ScaleByRms>(p.get("alpha"), p.get("eps"),
                                                      p.get("momentum"), p.get_bool("centered")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
