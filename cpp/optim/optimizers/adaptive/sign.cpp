// signSGD and Signum ("signSGD: Compressed Optimisation for Non-Convex Problems", Bernstein,
// Wang, Azizzadenesheli, Anandkumar, 2018, Algorithms 1 and 2):
//   signSGD: x <- x - lr sign(g)
//   Signum:  m <- beta m + (1 - beta) g;  x <- x - lr sign(m)
// sign(0) = 0. Weight decay is coupled L2 (added to the gradient before the sign).
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

const Citation kSignSgd{"signSGD: Compressed Optimisation for Non-Convex Problems",
                        "Bernstein, Wang, Azizzadenesheli, Anandkumar", 2018, "ICML 2018"};

// u <- sign(m) with m <- beta m + (1 - beta) g (beta = 0: the sign of the gradient).
class ScaleBySignedMomentum final : public Transform {
 public:
  explicit ScaleBySignedMomentum(double beta) : beta_(beta) {}
  void init(const ParamLayout& layout) override { m_ = Vec::Zero(beta_ > 0 ? layout.size : 0); }
  void update(VecRef g, ConstVecRef, const StepContext&) override {
    if (beta_ > 0) {
      m_ = static_cast<Scalar>(beta_) * m_ + static_cast<Scalar>(1 - beta_) * g;
      for (Eigen::Index i = 0; i < g.size(); ++i) g[i] = adaptive::sign(m_[i]);
    } else {
      for (Eigen::Index i = 0; i < g.size(); ++i) g[i] = adaptive::sign(g[i]);
    }
  }

  void visit_state(StateVisitor& v) override { v.slot("m", m_); }

 private:
  double beta_;
  Vec m_;
};

}  // namespace

OptimizerInfo sign_descent_info() {
  OptimizerInfo info = describe("sign_descent", "signSGD", family::kSign);
  info.description =
      "Steps by lr against the sign of each gradient coordinate: steepest descent in the "
      "max-norm, ignoring the gradient's magnitude.";
  info.citation = kSignSgd;
  info.params = {hp::lr(1e-3), hp::weight_decay(0.0)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<AddL2>(p.get("weight_decay")),
                           make_transform<ScaleBySignedMomentum>(0.0),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

OptimizerInfo signum_info() {
  OptimizerInfo info = describe("signum", "Signum", family::kSign);
  info.description =
      "Sign of momentum: steps by lr against the sign of each coordinate of an exponential "
      "moving average of gradients.";
  info.citation = kSignSgd;
  info.params = {hp::lr(1e-3), hp::momentum(0.9), hp::weight_decay(0.0)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<AddL2>(p.get("weight_decay")),
                           make_transform<ScaleBySignedMomentum>(p.get("momentum")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
