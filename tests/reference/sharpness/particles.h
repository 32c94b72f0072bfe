#pragma once
// Reference CBO and ES for 2-D functions, plain loops.
// CBO: "A consensus-based model for global optimization and its mean-field limit" (Pinnau et
// al., 2017), Eqs. 1-2 by Euler-Maruyama (dt = lr), H = 1: v = sum x_i w_i / sum w_i with
// w_i = exp(-alpha (f_i - min f)); x_i <- x_i - lambda dt (x_i - v) + sigma sqrt(dt) |x_i - v|
// xi_i; the parameters become v. Particles are kept in float, as the core keeps them.
// ES: "Evolution Strategies as a Scalable Alternative to Reinforcement Learning" (Salimans et
// al., 2017), Algorithm 1 with mirrored sampling: g = sum (f(x+s e)-f(x-s e)) e / (2 n s).
//
// To compare trajectories the draws must be the run's: the optimizer stream is PCG32
// (O'Neill 2014, pcg32_srandom_r with initstate = seed, initseq = 4), uniforms with 53 bits
// (27 + 26 of two outputs), normals by Box-Muller (cos first, sin kept as the spare):
// tests/reference/pcg32.h, an independent implementation of that documented contract.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/pcg32.h"

namespace descent::reference::sharpness {

class Cbo final : public zoo::ReferenceOptimizer {
 public:
  Cbo(int n, double lambda, double sigma, double alpha, double init_std, std::uint64_t seed)
      : n_(n), lambda_(lambda), sigma_(sigma), alpha_(alpha), init_std_(init_std), rng_(seed, 4) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const std::size_t d = p.size();
    if (t == 1) {
      x_.assign(static_cast<std::size_t>(n_), zoo::Params(d));
      for (auto& xi : x_)
        for (std::size_t k = 0; k < d; ++k)
          xi[k] = static_cast<float>(p[k] + init_std_ * rng_.normal());
    }
    std::vector<double> f(x_.size());
    for (std::size_t i = 0; i < x_.size(); ++i) f[i] = oracle.loss(x_[i]);
    const double fmin = *std::min_element(f.begin(), f.end());
    std::vector<double> v(d, 0.0);
    double wsum = 0;
    for (std::size_t i = 0; i < x_.size(); ++i) {
      double w = std::exp(-alpha_ * (f[i] - fmin));
      wsum += w;
      for (std::size_t k = 0; k < d; ++k) v[k] += w * x_[i][k];
    }
    for (double& vk : v) vk /= wsum;
    for (auto& xi : x_) {
      double dist = 0;
      for (std::size_t k = 0; k < d; ++k) dist += (xi[k] - v[k]) * (xi[k] - v[k]);
      dist = std::sqrt(dist);
      for (std::size_t k = 0; k < d; ++k)
        xi[k] = static_cast<float>(xi[k] - lambda_ * lr * (xi[k] - v[k]) +
                                   sigma_ * std::sqrt(lr) * dist * rng_.normal());
    }
    for (std::size_t k = 0; k < d; ++k) p[k] = static_cast<float>(v[k]);
  }

 private:
  int n_;
  double lambda_, sigma_, alpha_, init_std_;
  Pcg32 rng_;
  std::vector<zoo::Params> x_;
};

class Es final : public zoo::ReferenceOptimizer {
 public:
  Es(int pairs, double sigma, std::uint64_t seed) : n_(pairs), sigma_(sigma), rng_(seed, 4) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    const std::size_t d = p.size();
    std::vector<double> g(d, 0.0), e(d);
    zoo::Params plus(d), minus(d);
    for (int k = 0; k < n_; ++k) {
      for (std::size_t i = 0; i < d; ++i) {
        e[i] = static_cast<float>(rng_.normal());  // the core keeps eps in float
        plus[i] = static_cast<float>(p[i] + sigma_ * e[i]);
        minus[i] = static_cast<float>(p[i] - sigma_ * e[i]);
      }
      const double diff = oracle.loss(plus) - oracle.loss(minus);
      for (std::size_t i = 0; i < d; ++i) g[i] += diff / (2.0 * n_ * sigma_) * e[i];
    }
    for (std::size_t i = 0; i < d; ++i) p[i] = static_cast<float>(p[i] - lr * g[i]);
  }

 private:
  int n_;
  double sigma_;
  Pcg32 rng_;
};

}  // namespace descent::reference::sharpness
