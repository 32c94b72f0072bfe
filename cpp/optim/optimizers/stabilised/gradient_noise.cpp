// Annealed gradient noise ("Adding Gradient Noise Improves Learning for Very Deep Networks",
// Neelakantan, Vilnis, Le, Sutskever, Kaiser, Kurach, Martens, 2015, Section 2):
//   g_t <- g_t + N(0, sigma_t^2),   sigma_t^2 = eta / (1 + t)^gamma,
// with t the number of updates already made (0 at the first step), so the first step has
// variance eta. The samples come from the run's optimizer stream (ctx.rng), one standard
// normal per coordinate in index order; without a stream the transform does nothing.
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/stabilised.h"

namespace descent {
namespace {

class GradientNoise final : public Transform {
 public:
  GradientNoise(double eta, double gamma) : eta_(eta), gamma_(gamma) {}
  void init(const ParamLayout&) override {}
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    if (ctx.rng == nullptr || eta_ == 0) return;
    const double sigma = std::sqrt(eta_ / std::pow(static_cast<double>(ctx.step), gamma_));
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      g[i] += static_cast<Scalar>(sigma * ctx.rng->normal());
    }
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  double eta_, gamma_;
};

}  // namespace

TransformInfo gradient_noise_info() {
  TransformInfo info = describe("gradient_noise", "Annealed gradient noise", TransformStage::Pre);
  info.description =
      "Adds Gaussian noise of variance eta / (1 + t)^gamma to every gradient coordinate: "
      "exploration early in training that fades away.";
  info.citation = {"Adding Gradient Noise Improves Learning for Very Deep Networks",
                   "Neelakantan, Vilnis, Le, Sutskever, Kaiser, Kurach, Martens", 2015,
                   "arXiv:1511.06807"};
  info.params = {log_real("eta", 0.01, 1e-8, 10.0, "Initial noise variance."),
                 real("gamma", 0.55, 0.0, 2.0, "Decay exponent of the variance.")};
  info.make = [](const ParamValues& p) {
    return make_transform<GradientNoise>(p.get("eta"), p.get("gamma"));
  };
  return info;
}

}  // namespace descent
