#pragma once
// Reference DoG and L-DoG, from "DoG is SGD's Best Friend: A Parameter-Free Dynamic Step Size
// Schedule" (Ivgi, Hinder, Carmon, 2023), Algorithm 1 (DoG) and its layer-wise variant,
// initialised as in the authors' code: r_0 = reps_rel (1 + ||x_0||), G_0 = eps + ||g_0||^2,
// r_t = max(r_{t-1}, ||x_t - x_0||), G_t = G_{t-1} + ||g_t||^2, x <- x - c r_t / sqrt(G_t) g
// with c the run's lr (1 by default) and g including weight_decay * x.
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

class Dog final : public zoo::ReferenceOptimizer {
 public:
  Dog(bool layerwise, double reps_rel, double eps, double weight_decay = 0.0)
      : layerwise_(layerwise), reps_rel_(reps_rel), eps_(eps), wd_(weight_decay) {}

  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    for (std::size_t i = 0; i < p.size(); ++i) g[i] += static_cast<float>(wd_ * p[i]);
    if (t == 1) {
      x0_.assign(p.begin(), p.end());
      if (layerwise_) {
        for (const auto& ts : oracle.layout->tensors) groups_.push_back({ts.offset, ts.size()});
      } else {
        groups_.push_back({0, static_cast<int>(p.size())});
      }
    }
    for (auto& grp : groups_) {
      double g2 = 0, x0n = 0, dist = 0;
      for (int i = grp.begin; i < grp.begin + grp.size; ++i) {
        g2 += static_cast<double>(g[i]) * g[i];
        x0n += x0_[i] * x0_[i];
        dist += (p[i] - x0_[i]) * (p[i] - x0_[i]);
      }
      if (t == 1) {
        grp.rbar = reps_rel_ * (1 + std::sqrt(x0n));
        grp.sum = eps_ + g2;
      } else {
        grp.rbar = std::max(grp.rbar, std::sqrt(dist));
        grp.sum += g2;
      }
      const double eta = lr * grp.rbar / std::sqrt(grp.sum);
      for (int i = grp.begin; i < grp.begin + grp.size; ++i) {
        p[i] = static_cast<float>(p[i] - eta * g[i]);
      }
    }
  }

 private:
  struct Group {
    int begin, size;
    double rbar = 0, sum = 0;
  };
  bool layerwise_;
  double reps_rel_, eps_, wd_;
  std::vector<double> x0_;
  std::vector<Group> groups_;
};

}  // namespace descent::reference
