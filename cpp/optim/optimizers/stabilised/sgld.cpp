// Stochastic gradient Langevin dynamics ("Bayesian Learning via Stochastic Gradient Langevin
// Dynamics", Welling, Teh, 2011, eq. 4), with the minibatch loss as the potential U and a
// temperature T:
//   theta_{t+1} = theta_t - (eps_t / 2) grad U(theta_t) + eta_t,   eta_t ~ N(0, eps_t T),
// eps_t the scheduled learning rate. At T = 1 the iterates sample exp(-U) once eps is small
// (the paper's posterior, with U the negative log posterior); T scales the noise, so the
// stationary law is exp(-U / T); T = 0 is gradient descent at lr / 2. The normals come from the
// run's optimizer stream (ctx.rng), one per coordinate in index order; without a stream the
// step is noiseless.
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/stabilised.h"

namespace descent {
namespace {

class ScaleByLangevin final : public Transform {
 public:
  explicit ScaleByLangevin(double temperature) : temperature_(temperature) {}
  void init(const ParamLayout&) override {}
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    const double sigma = std::sqrt(ctx.lr * temperature_);
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      const double noise = ctx.rng != nullptr && sigma > 0 ? sigma * ctx.rng->normal() : 0.0;
      g[i] = static_cast<Scalar>(-0.5 * ctx.lr * static_cast<double>(g[i]) + noise);
    }
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  double temperature_;
};

}  // namespace

OptimizerInfo sgld_info() {
  OptimizerInfo info = describe("sgld", "SGLD", family::kStabilised);
  info.description =
      "Stochastic gradient Langevin dynamics: a half gradient step plus Gaussian noise of "
      "variance lr x temperature per coordinate, so the iterates sample exp(-loss / "
      "temperature) instead of converging to a point.";
  info.citation = {"Bayesian Learning via Stochastic Gradient Langevin Dynamics", "Welling, Teh",
                   2011, "ICML 2011"};
  // Defaults: a cold posterior (T = 0.01) at lr 0.003, so a default run still descends in
  // 50 steps on the zoo's quadratic (2.8 -> 2.6) and spiral; at T = 1 the noise dominates
  // that many steps and the loss wanders up, and at lr 0.01 Rosenbrock's curvature diverges.
  info.params = {hp::lr(3e-3), real("temperature", 0.01, 0.0, 100.0,
                                    "Scales the injected noise's variance (1: the posterior; "
                                    "below 1: a cold posterior; 0: gradient descent at "
                                    "lr / 2).")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<ScaleByLangevin>(p.get("temperature")));
  };
  return info;
}

}  // namespace descent
