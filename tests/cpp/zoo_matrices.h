#pragma once
// Lockstep comparison of a catalog optimizer with its reference on a problem made of weight
// matrices only (several shapes, square, tall, wide, narrow), for per-matrix optimizers:
//   f(X) = sum_k 0.5 a_k (x_k - c_k)^2 + 0.25 b_k (x_k - c_k)^4
// with fixed positive curvatures a_k spread over two decades, b_k small, targets c_k and a
// random start. The quartic term keeps the curvature changing along the run.
#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "core/rng.h"
#include "optim/optimizer.h"
#include "tests/cpp/zoo_harness.h"

namespace descent::zoo {

inline ParamLayout matrix_layout() {
  ParamLayout l;
  l.add("square.weight", 6, 6, TensorRole::Weight);
  l.add("tall.weight", 9, 4, TensorRole::Weight);
  l.add("wide.weight", 3, 7, TensorRole::Weight);
  l.add("narrow.weight", 5, 2, TensorRole::Weight);
  return l;
}

class MatrixProblem final : public Objective {
 public:
  explicit MatrixProblem(int n) : a(n), b(n), c(n) {
    Rng rng(17, Stream::Data);
    for (int k = 0; k < n; ++k) {
      a[k] = std::pow(10.0, 2.0 * rng.uniform() - 1.0);
      b[k] = 0.1 * rng.uniform();
      c[k] = rng.normal();
    }
  }
  double value_and_grad(ConstVecRef x, VecRef grad) override {
    double f = 0;
    for (int k = 0; k < x.size(); ++k) {
      const double d = x[k] - c[k];
      f += 0.5 * a[k] * d * d + 0.25 * b[k] * d * d * d * d;
      grad[k] = static_cast<Scalar>(a[k] * d + b[k] * d * d * d);
    }
    return f;
  }
  double value(ConstVecRef x) override {
    Vec g(x.size());
    return value_and_grad(x, g);
  }
  bool has_hvp() const override { return true; }
  void hvp(ConstVecRef x, ConstVecRef v, VecRef out) override {
    for (int k = 0; k < x.size(); ++k) {
      const double d = x[k] - c[k];
      out[k] = static_cast<Scalar>((a[k] + 3 * b[k] * d * d) * v[k]);
    }
  }
  std::vector<double> a, b, c;
};

// Steps the catalog optimizer (built from `numbers` over its defaults, no transforms) and the
// reference from the same random start; returns the largest deviation over max(1, |ref|_inf).
inline double compare_on_matrices(const std::string& name,
                                  const std::map<std::string, double>& numbers,
                                  ReferenceOptimizer& reference, int steps, double lr,
                                  const ParamLayout& layout = matrix_layout()) {
  MatrixProblem problem(layout.size);
  const OptimizerInfo* info = find_optimizer(name);
  EXPECT_NE(info, nullptr) << name;
  ParamValues given;
  given.numbers = numbers;
  auto optimizer = info->make(with_defaults(info->params, given));
  optimizer->set_stages(Chain(), Chain());
  optimizer->init(layout);
  Rng start(23, Stream::Init), rng(5, Stream::Optimizer);
  Vec x(layout.size), update(layout.size);
  for (int k = 0; k < layout.size; ++k) x[k] = static_cast<Scalar>(start.normal());
  Params ref(x.data(), x.data() + x.size());
  Oracle oracle;
  oracle.layout = &layout;
  oracle.loss_and_grad = [&](const Params& p, Params& g) {
    Vec pv = Eigen::Map<const Vec>(p.data(), static_cast<int>(p.size()));
    Vec gv(pv.size());
    const double f = problem.value_and_grad(pv, gv);
    g.assign(gv.data(), gv.data() + gv.size());
    return f;
  };
  oracle.loss = [&](const Params& p) {
    return problem.value(Eigen::Map<const Vec>(p.data(), static_cast<int>(p.size())));
  };
  oracle.hvp = [&](const Params& p, const Params& v, Params& out) {
    Vec o(static_cast<int>(p.size()));
    problem.hvp(Eigen::Map<const Vec>(p.data(), static_cast<int>(p.size())),
                Eigen::Map<const Vec>(v.data(), static_cast<int>(v.size())), o);
    out.assign(o.data(), o.data() + o.size());
  };
  double worst = 0;
  for (int t = 1; t <= steps; ++t) {
    StepContext ctx;
    ctx.step = t;
    ctx.total_steps = steps;
    ctx.lr = lr;
    ctx.layout = &layout;
    ctx.rng = &rng;
    ctx.objective = &problem;
    optimizer->step(problem, x, update, ctx);
    x += update;
    reference.step(ref, oracle, t, lr);
    double scale = 1, diff = 0;
    for (int k = 0; k < layout.size; ++k) {
      scale = std::max(scale, static_cast<double>(std::abs(ref[k])));
      diff = std::max(diff, static_cast<double>(std::abs(x[k] - ref[k])));
    }
    worst = std::max(worst, diff / scale);
  }
  return worst;
}

}  // namespace descent::zoo
