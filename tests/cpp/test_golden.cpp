// Every optimizer PyTorch has, against trajectories recorded from PyTorch 1.13
// (tests/golden/generate.py; CI replays the committed files and needs no torch).
//
// Two checks per case:
// - teacher-forced: each step starts from the golden parameters and gradient, so the
//   optimizer alone is compared and rounding cannot compound. Tolerance 2e-6 relative to
//   max(1, |p|): float32 has a 6e-8 unit roundoff, and our expressions associate a few
//   operations differently from torch's kernels (which also fuse multiply-adds), a few ulps
//   per step, amplified when a denominator sqrt(v) + eps is small.
// - free run: the whole 200-step trajectory with our own gradients (2-D functions evaluated
//   by the core in double, least squares in float32). Rounding differences compound along
//   the trajectory, so the tolerance is the case's own sensitivity: 100x the deviation
//   between torch's float32 and float64 runs of the same case (f64_max_dev), at least 2e-5.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "optim/optimizer.h"
#include "run/config.h"
#include "run/run.h"

namespace descent {
namespace {

using nlohmann::json;

json load(const std::string& name) {
  std::ifstream in(std::string(DESCENT_SOURCE_DIR) + "/tests/golden/" + name + ".json");
  EXPECT_TRUE(in) << name;
  return json::parse(in);
}

// The optimizer section of a golden case, validated by the same code as a user's config.
RunConfig config_for(const json& problem, const json& optimizer, int steps) {
  json config = {{"schema", 1}, {"optimizer", optimizer}, {"steps", steps}};
  if (problem["kind"] == "function") {
    config["problem"] = {
        {"kind", "function"}, {"name", problem["name"]}, {"start", problem["start"]}};
  } else {
    config["problem"] = {{"kind", "function"}, {"name", "booth"}};
  }
  ParsedConfig parsed = parse_config(config);
  EXPECT_TRUE(parsed.ok()) << optimizer.dump() << (parsed.ok() ? "" : parsed.errors[0].message);
  return *parsed.config;
}

std::unique_ptr<Optimizer> make_optimizer(const RunConfig& c, int n) {
  auto optimizer = find_optimizer(c.optimizer.name)->make(c.optimizer.params);
  optimizer->init(ParamLayout::single_vector(n, "w", TensorRole::Weight));
  return optimizer;
}

Vec vec_of(const json& values) {
  Vec v(static_cast<int>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i) v[static_cast<int>(i)] = values[i].get<float>();
  return v;
}

double relative_error(const Vec& got, const Vec& want) {
  double scale = std::max(1.0, static_cast<double>(want.cwiseAbs().maxCoeff()));
  return static_cast<double>((got - want).cwiseAbs().maxCoeff()) / scale;
}

// Returns the golden gradient of the current step, whatever the parameters.
class ReplayedGradient final : public Objective {
 public:
  Vec grad;
  double value_and_grad(ConstVecRef, VecRef g) override {
    g = grad;
    return 0.0;
  }
  double value(ConstVecRef) override { return 0.0; }
};

// 0.5 * mean((A w - b)^2) in float32, as in the golden file.
class LeastSquares final : public Objective {
 public:
  explicit LeastSquares(const json& problem) {
    const auto& rows = problem["A"];
    a_.resize(static_cast<int>(rows.size()), static_cast<int>(rows[0].size()));
    for (int i = 0; i < a_.rows(); ++i) a_.row(i) = vec_of(rows[i]).transpose();
    b_ = vec_of(problem["b"]);
  }
  double value_and_grad(ConstVecRef w, VecRef g) override {
    Vec r = a_ * w - b_;
    g = a_.transpose() * r / static_cast<Scalar>(a_.rows());
    return 0.5 * static_cast<double>(r.squaredNorm()) / a_.rows();
  }
  double value(ConstVecRef w) override {
    return 0.5 * static_cast<double>((a_ * w - b_).squaredNorm()) / a_.rows();
  }

 private:
  Mat a_;
  Vec b_;
};

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, TeacherForcedStepsMatchPyTorch) {
  json file = load(GetParam());
  std::set<std::string> optimizers;
  for (const auto& c : file["cases"]) {
    RunConfig config = config_for(file["problem"], c["optimizer"], c["steps"]);
    optimizers.insert(config.optimizer.name);
    const auto& params = c["params"];
    const int n = static_cast<int>(params[0].size());
    auto optimizer = make_optimizer(config, n);
    ReplayedGradient objective;
    Vec update(n);
    double worst = 0;
    for (int k = 0; k < c["steps"].get<int>(); ++k) {
      objective.grad = vec_of(c["grad"][k]);
      Vec p = vec_of(params[k]);
      StepContext ctx;
      ctx.step = k + 1;
      ctx.lr = config.optimizer.params.get("lr");
      optimizer->step(objective, p, update, ctx);
      worst = std::max(worst, relative_error(p + update, vec_of(params[k + 1])));
    }
    EXPECT_LT(worst, 2e-6) << c["id"];
  }
  EXPECT_GE(optimizers.size(), 10u) << "every PyTorch optimizer has cases";
}

TEST_P(Golden, FreeRunsFollowPyTorch) {
  json file = load(GetParam());
  const json& problem = file["problem"];
  for (const auto& c : file["cases"]) {
    const int steps = c["steps"];
    RunConfig config = config_for(problem, c["optimizer"], steps);
    const double tolerance = std::max(2e-5, 100 * c["f64_max_dev"].get<double>());
    double worst = 0, worst_loss = 0;
    if (problem["kind"] == "function") {
      descent::Run run(config);
      run.step(steps);
      ASSERT_EQ(run.status(), RunStatus::Ok) << c["id"] << run.message();
      auto rows = run.take_metrics();
      ASSERT_EQ(rows.size(), static_cast<std::size_t>(steps + 1));
      for (int k = 0; k <= steps; ++k) {
        Vec p(2);
        p << static_cast<Scalar>(rows[k].x), static_cast<Scalar>(rows[k].y);
        worst = std::max(worst, relative_error(p, vec_of(c["params"][k])));
        double want = c["loss"][k];
        worst_loss =
            std::max(worst_loss, std::abs(rows[k].loss - want) / std::max(1.0, std::abs(want)));
      }
    } else {
      LeastSquares objective(problem);
      Vec w = vec_of(problem["w0"]);
      auto optimizer = make_optimizer(config, static_cast<int>(w.size()));
      Vec update(w.size());
      for (int k = 0; k < steps; ++k) {
        StepContext ctx;
        ctx.step = k + 1;
        ctx.lr = config.optimizer.params.get("lr");
        double loss = optimizer->step(objective, w, update, ctx).loss;
        double want = c["loss"][k];
        worst_loss = std::max(worst_loss, std::abs(loss - want) / std::max(1.0, std::abs(want)));
        w += update;
        worst = std::max(worst, relative_error(w, vec_of(c["params"][k + 1])));
      }
    }
    EXPECT_LT(worst, tolerance) << c["id"];
    EXPECT_LT(worst_loss, 10 * tolerance) << c["id"];
  }
}

INSTANTIATE_TEST_SUITE_P(PyTorch, Golden,
                         ::testing::Values("rosenbrock", "beale", "himmelblau", "least_squares"));

}  // namespace
}  // namespace descent
