// RAdam: Adam with its adaptive step switched on only once the variance is tractable.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/moments.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

// "On the Variance of the Adaptive Learning Rate and Beyond" (Liu et al., 2020), Algorithm 2:
//   rho_inf = 2/(1-b2) - 1;  rho_t = rho_inf - 2 t b2^t / (1 - b2^t)
//   rho_t > 5: u = r_t * m_hat * sqrt(1-b2^t) / (sqrt(v) + eps), with the rectifier
//              r_t = sqrt((rho_t-4)(rho_t-2) rho_inf / ((rho_inf-4)(rho_inf-2) rho_t));
//   otherwise: u = m_hat (plain momentum SGD).
class ScaleByRadam final : public Transform {
 public:
  ScaleByRadam(double beta1, double beta2, double eps)
      : beta1_(beta1), beta2_(beta2), eps_(static_cast<Scalar>(eps)) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    const double t = ctx.step;
    update_moments(g, beta1_, beta2_, m_, v_);
    const double bc1 = 1.0 - std::pow(beta1_, t);
    const double bc2 = 1.0 - std::pow(beta2_, t);
    const double rho_inf = 2.0 / (1.0 - beta2_) - 1.0;
    const double rho_t = rho_inf - 2.0 * t * std::pow(beta2_, t) / bc2;
    const auto inv_bc1 = static_cast<Scalar>(1.0 / bc1);
    if (rho_t > 5.0) {
      const double rect =
          std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
      const auto scale = static_cast<Scalar>(rect * std::sqrt(bc2));
      g.array() = inv_bc1 * m_.array() * (scale / (v_.array().sqrt() + eps_));
    } else {
      g = inv_bc1 * m_;
    }
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m", m_, "v", v_); }

 private:
  double beta1_, beta2_;
  Scalar eps_;
  Vec m_, v_;
};

}  // namespace

OptimizerInfo radam_info() {
  OptimizerInfo info = describe("radam", "RAdam", family::kAdaptive);
  info.description =
      "Rectified Adam: plain momentum while the second-moment estimate is too noisy, then "
      "Adam scaled by a variance rectifier; a warm-up without a schedule.";
  info.citation = {"On the Variance of the Adaptive Learning Rate and Beyond", "Liu et al.", 2020,
                   "ICLR 2020"};
  info.params = {hp::lr(1e-3), hp::beta1(), hp::beta2(), hp::eps(1e-8), hp::weight_decay(0.0)};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<AddL2>(p.get("weight_decay")),
        make_transform<ScaleByRadam>(p.get("beta1"), p.get("beta2"), p.get("eps")),
        make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
