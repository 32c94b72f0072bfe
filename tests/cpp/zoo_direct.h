#pragma once
// Driving one catalog optimizer directly on an objective written by a test (any gradient
// field, or a prescribed gradient sequence), outside a Run: for behaviour tests that need
// gradients no built-in problem has.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "optim/optimizer.h"

namespace descent::zoo {

class TestObjective final : public Objective {
 public:
  // Writes the "gradient" (any vector field) at p and returns the value.
  std::function<double(ConstVecRef, VecRef)> fn;
  int gradient_calls = 0;
  int value_calls = 0;
  std::vector<Vec> gradient_points;  // where each gradient was asked for, in order
  double value_and_grad(ConstVecRef p, VecRef grad) override {
    ++gradient_calls;
    gradient_points.emplace_back(p);
    return fn(p, grad);
  }
  double value(ConstVecRef p) override {
    ++value_calls;
    Vec g(p.size());
    return fn(p, g);
  }
};

// f = sum_i 0.5 a_i x_i^2 with curvatures a_i log-spaced from 10^lowest to 10^(lowest +
// decades), and its exact Hessian-vector product: for curvature-using optimizers.
class LogSpacedQuadratic final : public Objective {
 public:
  LogSpacedQuadratic(int n, double lowest, double decades) : a(n) {
    for (int i = 0; i < n; ++i) a[i] = std::pow(10.0, lowest + decades * i / (n - 1));
  }
  double value_and_grad(ConstVecRef x, VecRef g) override {
    for (int i = 0; i < x.size(); ++i) g[i] = static_cast<Scalar>(a[i] * x[i]);
    return value(x);
  }
  double value(ConstVecRef x) override {
    double f = 0;
    for (int i = 0; i < x.size(); ++i) f += 0.5 * a[i] * x[i] * x[i];
    return f;
  }
  bool has_hvp() const override { return true; }
  void hvp(ConstVecRef, ConstVecRef v, VecRef out) override {
    for (int i = 0; i < v.size(); ++i) out[i] = static_cast<Scalar>(a[i] * v[i]);
  }
  std::vector<double> a;
};

struct Direct {
  ParamLayout layout;
  std::unique_ptr<Optimizer> optimizer;
  Vec params, update;
  Rng rng{7, Stream::Optimizer};
  int t = 0;
  StepResult last;

  // One vector parameter "x" starting at start.
  Direct(const std::string& name, const std::map<std::string, double>& numbers, Vec start,
         std::map<std::string, std::string> choices = {})
      : layout(ParamLayout::single_vector(static_cast<int>(start.size()), "x", TensorRole::Point)),
        params(std::move(start)) {
    make(name, numbers, std::move(choices));
  }

  // The given tensors, starting at zero.
  Direct(const std::string& name, const std::map<std::string, double>& numbers, ParamLayout l,
         std::map<std::string, std::string> choices = {})
      : layout(std::move(l)), params(Vec::Zero(layout.size)) {
    make(name, numbers, std::move(choices));
  }

  void step(Objective& objective, double lr) {
    StepContext ctx;
    ctx.step = ++t;
    ctx.lr = lr;
    ctx.layout = &layout;
    ctx.rng = &rng;
    last = optimizer->step(objective, params, update, ctx);
    params += update;
  }

 private:
  void make(const std::string& name, const std::map<std::string, double>& numbers,
            std::map<std::string, std::string> choices) {
    const OptimizerInfo* info = find_optimizer(name);
    EXPECT_NE(info, nullptr) << name;
    ParamValues given;
    given.numbers = numbers;
    given.choices = std::move(choices);
    optimizer = info->make(with_defaults(info->params, given));
    optimizer->init(layout);
    update = Vec::Zero(layout.size);
  }
};

// Not inlined: GCC 12 then sees a 3-float buffer and warns (-Warray-bounds) about Eigen's
// packet path, which never runs for so short a vector.
[[gnu::noinline]] inline Vec vec(std::initializer_list<float> v) {
  Vec out(static_cast<int>(v.size()));
  int i = 0;
  for (float x : v) out[i++] = x;
  return out;
}

// f(x) = 1/2 sum a_i (x_i - c_i)^2.
inline std::function<double(ConstVecRef, VecRef)> separable_quadratic(Vec a, Vec c) {
  return [a, c](ConstVecRef p, VecRef g) {
    g = a.cwiseProduct(p - c);
    return 0.5 * static_cast<double>((p - c).cwiseProduct(g).sum());
  };
}

}  // namespace descent::zoo
