#pragma once
// Driving one catalog optimizer directly on an objective written by a test (any gradient
// field, or a prescribed gradient sequence), outside a Run: for behaviour tests that need
// gradients no built-in problem has.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "optim/optimizer.h"

namespace descent::zoo {

class TestObjective final : public Objective {
 public:
  // Writes the "gradient" at p and returns the value.
  std::function<double(ConstVecRef, VecRef)> fn;
  int gradient_calls = 0;
  double value_and_grad(ConstVecRef p, VecRef grad) override {
    ++gradient_calls;
    return fn(p, grad);
  }
  double value(ConstVecRef p) override {
    Vec g(p.size());
    return fn(p, g);
  }
};

struct Direct {
  ParamLayout layout;
  std::unique_ptr<Optimizer> optimizer;
  Vec params, update;
  Rng rng{7, Stream::Optimizer};
  int t = 0;

  Direct(const std::string& name, const std::map<std::string, double>& numbers, Vec start)
      : layout(ParamLayout::single_vector(static_cast<int>(start.size()), "x", TensorRole::Point)),
        params(std::move(start)) {
    const OptimizerInfo* info = find_optimizer(name);
    EXPECT_NE(info, nullptr) << name;
    ParamValues given;
    given.numbers = numbers;
    optimizer = info->make(with_defaults(info->params, given));
    optimizer->init(layout);
    update = Vec::Zero(layout.size);
  }

  void step(Objective& objective, double lr) {
    StepContext ctx;
    ctx.step = ++t;
    ctx.lr = lr;
    ctx.layout = &layout;
    ctx.rng = &rng;
    optimizer->step(objective, params, update, ctx);
    params += update;
  }
};

// f(x) = 1/2 sum a_i (x_i - c_i)^2.
inline std::function<double(ConstVecRef, VecRef)> separable_quadratic(Vec a, Vec c) {
  return [a, c](ConstVecRef p, VecRef g) {
    g = a.cwiseProduct(p - c);
    return 0.5 * static_cast<double>((p - c).cwiseProduct(g).sum());
  };
}

}  // namespace descent::zoo
