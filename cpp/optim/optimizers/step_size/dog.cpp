// DoG and L-DoG: step size = distance travelled / root of the summed squared gradient norms.
//
// "DoG is SGD's Best Friend: A Parameter-Free Dynamic Step Size Schedule" (Ivgi, Hinder,
// Carmon, 2023), Algorithm 1, with the initialisation of the authors' code (formll/dog):
//   r_0 = reps_rel (1 + ||x_0||),   G_0 = eps + ||g_0||^2
//   r_t = max(r_{t-1}, ||x_t - x_0||),   G_t = G_{t-1} + ||g_t||^2
//   x_{t+1} = x_t - lr * (r_t / sqrt(G_t)) g_t
// lr is the paper's multiplier c (1 = the method as published, no tuning); the run's schedule
// scales it. weight_decay adds weight_decay * x to the gradient first (as in the authors'
// code), so the decayed gradient also enters G.
// L-DoG applies the same rule to each tensor of the layout separately (each weight matrix,
// bias and gain has its own r and G), like the authors' LDoG over a model's parameter
// tensors; on a 2-D function (one tensor) it is DoG.
// The authors recommend iterate averaging with DoG; the playground shows the raw iterates.
// In float32 the first move r_eps must exceed the weights' rounding resolution (~1.2e-7
// relative), or x_1 = x_0, the distance stays 0 and DoG never starts: reps_rel >= 1e-6.
#include <algorithm>
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

class ScaleByDog final : public Transform {
 public:
  ScaleByDog(bool layerwise, double reps_rel, double eps)
      : layerwise_(layerwise), reps_rel_(reps_rel), eps_(eps) {}

  void init(const ParamLayout& layout) override {
    x0_ = Vec::Zero(layout.size);
    groups_.clear();
    if (layerwise_) {
      for (const auto& t : layout.tensors) groups_.push_back({t.offset, t.size()});
    } else {
      groups_.push_back({0, layout.size});
    }
    first_ = true;
  }

  void update(VecRef g, ConstVecRef params, const StepContext&) override {
    if (first_) x0_ = params;
    for (auto& group : groups_) {
      auto gs = g.segment(group.offset, group.size);
      const double g2 = gs.cast<double>().squaredNorm();
      if (first_) {
        group.rbar =
            reps_rel_ * (1.0 + x0_.segment(group.offset, group.size).cast<double>().norm());
        group.g2_sum = eps_ + g2;
      } else {
        const double distance =
            (params.segment(group.offset, group.size) - x0_.segment(group.offset, group.size))
                .cast<double>()
                .norm();
        group.rbar = std::max(group.rbar, distance);
        group.g2_sum += g2;
      }
      gs *= static_cast<Scalar>(group.rbar / std::sqrt(group.g2_sum));
    }
    first_ = false;
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "first", first_, "x0", x0_);
    for (std::size_t i = 0; i < groups_.size(); ++i) {
      v.slot("group." + std::to_string(i) + ".rbar", groups_[i].rbar);
      v.slot("group." + std::to_string(i) + ".g2_sum", groups_[i].g2_sum);
    }
  }

 private:
  struct Group {
    int offset = 0, size = 0;
    double rbar = 0.0, g2_sum = 0.0;
  };
  bool layerwise_;
  double reps_rel_, eps_;
  bool first_ = true;
  Vec x0_;
  std::vector<Group> groups_;
};

std::vector<ParamSpec> dog_params() {
  return {log_real("lr", 1.0, 1e-3, 10.0,
                   "Multiplier c of the DoG step size; 1 is the method as published."),
          log_real("reps_rel", 1e-6, 1e-6, 1.0,
                   "Initial movement r_eps = reps_rel (1 + ||x_0||): the first step's length "
                   "(at least 1e-6: smaller first moves are lost to float32 rounding)."),
          hp::eps(1e-8), hp::weight_decay(0.0)};
}

OptimizerInfo dog_like(const char* name, const char* title, bool layerwise) {
  OptimizerInfo info = describe(name, title, family::kStepSize);
  info.citation = {"DoG is SGD's Best Friend: A Parameter-Free Dynamic Step Size Schedule",
                   "Ivgi, Hinder, Carmon", 2023, "ICML 2023"};
  info.params = dog_params();
  info.params[2].description = "Added to the sum of squared gradient norms.";
  info.make = [layerwise](const ParamValues& p) {
    return chain_optimizer(make_transform<AddL2>(p.get("weight_decay")),
                           make_transform<ScaleByDog>(layerwise, p.get("reps_rel"), p.get("eps")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace

OptimizerInfo dog_info() {
  OptimizerInfo info = dog_like("dog", "DoG", false);
  info.description =
      "Parameter-free SGD: the step size is the largest distance from the starting point so "
      "far divided by the root of the summed squared gradient norms; no learning rate to tune.";
  return info;
}

OptimizerInfo l_dog_info() {
  OptimizerInfo info = dog_like("l_dog", "L-DoG", true);
  info.description =
      "Layer-wise DoG: each tensor (weight matrix, bias) gets its own distance-over-gradients "
      "step size.";
  return info;
}

}  // namespace descent
