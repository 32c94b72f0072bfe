#pragma once
// Shared harness of the optimizer-zoo tests: run a catalog optimizer through the core and an
// independent reference implementation (tests/reference/, plain loops on std::vector<float>,
// no Eigen and no core code) in lockstep on the same problem, and report how far apart
// their parameter trajectories get.
//
// The gradient oracle (the problem's loss and gradient, and Hessian-vector products where the
// problem has them) is shared: it is the thing being optimized, not the optimizer under test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run/config.h"
#include "run/run.h"

namespace descent::zoo {

using Params = std::vector<float>;

// What a reference optimizer may ask about the problem.
struct Oracle {
  const ParamLayout* layout = nullptr;  // tensor shapes, for per-matrix optimizers
  std::function<double(const Params& p, Params& grad)> loss_and_grad;
  std::function<double(const Params& p)> loss;
  std::function<void(const Params& p, const Params& v, Params& out)> hvp;  // may be empty
};

class ReferenceOptimizer {
 public:
  virtual ~ReferenceOptimizer() = default;
  // One step from p (updated in place). t is 1-based; lr is the scheduled rate.
  virtual void step(Params& p, const Oracle& oracle, int t, double lr) = 0;
};

// A small problem, built through a normal run config so that the core runs exactly as users
// run it: {"problem": ..., "model": ...} fragments; optimizer and steps are added per test.
struct Problem {
  std::string name;
  nlohmann::json fragment;
};

inline Problem rosenbrock() {
  return {"rosenbrock",
          {{"problem", {{"kind", "function"}, {"name", "rosenbrock"}, {"start", {-1.5, 2.0}}}}}};
}
inline Problem quadratic() {
  return {"quadratic",
          {{"problem",
            {{"kind", "function"},
             {"name", "quadratic"},
             {"condition_number", 10},
             {"angle", 30},
             {"start", {1.5, -1.0}}}}}};
}
inline Problem booth() {
  return {"booth",
          {{"problem", {{"kind", "function"}, {"name", "booth"}, {"start", {-4.0, 4.0}}}}}};
}
// A 2-8-8-3 tanh network on 60 blobs points, full batch (deterministic gradients), with weight
// matrices of several shapes for optimizers that act per matrix.
inline Problem network() {
  return {
      "network",
      {{"problem",
        {{"kind", "dataset"}, {"name", "blobs"}, {"n", 60}, {"classes", 3}, {"test_fraction", 0}}},
       {"model",
        {{"hidden", {8, 8}},
         {"activation", "tanh"},
         {"init", "xavier_uniform"},
         {"loss", "cross_entropy"}}},
       {"batch_size", 0},
       {"eval_every", 1000}}};
}

inline nlohmann::json config_json(const Problem& problem, const nlohmann::json& optimizer,
                                  int steps,
                                  const nlohmann::json& extra = nlohmann::json::object()) {
  nlohmann::json c = problem.fragment;
  c["schema"] = 1;
  c["seed"] = 5;
  c["optimizer"] = optimizer;
  c["steps"] = steps;
  for (auto it = extra.begin(); it != extra.end(); ++it) c[it.key()] = it.value();
  return c;
}

inline RunConfig parse_or_fail(const nlohmann::json& j) {
  ParsedConfig parsed = parse_config(j);
  if (!parsed.ok()) {
    ADD_FAILURE() << j.dump() << ": " << parsed.errors[0].field << ": " << parsed.errors[0].message;
    return RunConfig{};
  }
  return *parsed.config;
}

inline Params to_params(ConstVecRef v) { return Params(v.data(), v.data() + v.size()); }

inline Oracle oracle_of(descent::Run& run) {
  Oracle o;
  o.layout = &run.problem().layout();
  TrainingProblem* problem = &run.problem();
  o.loss_and_grad = [problem](const Params& p, Params& g) {
    Vec pv = Eigen::Map<const Vec>(p.data(), static_cast<int>(p.size()));
    Vec gv(pv.size());
    double loss = problem->value_and_grad(pv, gv);
    g.assign(gv.data(), gv.data() + gv.size());
    return loss;
  };
  o.loss = [problem](const Params& p) {
    Vec pv = Eigen::Map<const Vec>(p.data(), static_cast<int>(p.size()));
    return problem->value(pv);
  };
  if (problem->has_hvp()) {
    o.hvp = [problem](const Params& p, const Params& v, Params& out) {
      Vec pv = Eigen::Map<const Vec>(p.data(), static_cast<int>(p.size()));
      Vec vv = Eigen::Map<const Vec>(v.data(), static_cast<int>(v.size()));
      Vec ov(pv.size());
      problem->hvp(pv, vv, ov);
      out.assign(ov.data(), ov.data() + ov.size());
    };
  }
  return o;
}

struct Comparison {
  double max_relative_deviation = 0;  // max over steps of max_i |core - ref| / max(1, |ref|_inf)
  int steps = 0;
  Params core_final, reference_final;
};

// Runs `steps` steps of the catalog optimizer (through descent::Run, including its schedule
// and transforms) and of the reference from the same start.
inline Comparison compare(const Problem& problem, const nlohmann::json& optimizer,
                          ReferenceOptimizer& reference, int steps,
                          const nlohmann::json& extra = nlohmann::json::object()) {
  RunConfig config = parse_or_fail(config_json(problem, optimizer, steps, extra));
  descent::Run run(config);
  Oracle oracle = oracle_of(run);
  auto schedule =
      make_schedule(*find_schedule(config.schedule.name), config.schedule.params, config.steps);
  const double lr =
      config.optimizer.params.numbers.count("lr") ? config.optimizer.params.get("lr") : 1.0;
  Params ref = to_params(run.params());
  Comparison result;
  for (int t = 1; t <= steps; ++t) {
    reference.step(ref, oracle, t, lr * schedule->factor(t - 1));
    run.step(1);
    EXPECT_EQ(run.status(), t == steps ? RunStatus::Ok : RunStatus::Running) << run.message();
    Params core = to_params(run.params());
    double scale = 1.0, diff = 0.0;
    for (std::size_t i = 0; i < ref.size(); ++i) {
      scale = std::max(scale, static_cast<double>(std::abs(ref[i])));
      const double gap = std::abs(static_cast<double>(core[i]) - static_cast<double>(ref[i]));
      // A NaN on either side is a failure, not a gap that std::max would silently skip.
      diff = std::isnan(gap) ? std::numeric_limits<double>::infinity() : std::max(diff, gap);
    }
    result.max_relative_deviation = std::max(result.max_relative_deviation, diff / scale);
    result.steps = t;
    if (run.status() == RunStatus::Diverged) break;
  }
  result.core_final = to_params(run.params());
  result.reference_final = ref;
  return result;
}

// The zoo tests' usual assertion: the core and the reference ran all `steps` steps and stayed
// within `tol` of each other (relative to the largest reference coordinate, at least 1).
// ZOO_VERBOSE=1 prints each deviation, for choosing tolerances.
inline void expect_lockstep(const Problem& problem, const nlohmann::json& optimizer,
                            ReferenceOptimizer& reference, int steps, double tol = 1e-4) {
  const Comparison c = compare(problem, optimizer, reference, steps);
  if (std::getenv("ZOO_VERBOSE"))
    std::printf("%-70s %-12s %.3g\n", optimizer.dump().c_str(), problem.name.c_str(),
                c.max_relative_deviation);
  EXPECT_EQ(c.steps, steps) << problem.name;
  EXPECT_LT(c.max_relative_deviation, tol) << optimizer.dump() << " on " << problem.name;
}

}  // namespace descent::zoo
