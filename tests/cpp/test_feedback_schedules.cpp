// Loss-feedback and refined schedules (cpp/schedule/feedback_schedules.cpp, refined.cpp):
// reduce_on_plateau against PyTorch 1.13's ReduceLROnPlateau (tests/golden/
// reduce_on_plateau.json) and inside a run; refined against the plain reference
// (tests/reference/schedules/refined.h) and the paper's statement that constant gradient
// norms refine to linear decay.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "run/config.h"
#include "run/run.h"
#include "schedule/feedback_schedules.h"
#include "schedule/refined.h"
#include "tests/cpp/run_rows.h"
#include "tests/reference/schedules/refined.h"

namespace descent {
namespace {

using nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

SchedulePtr plateau_from(const json& torch_params) {
  const ScheduleInfo* info = find_schedule("reduce_on_plateau");
  EXPECT_NE(info, nullptr);
  EXPECT_TRUE(info->needs_feedback);
  ParamValues p;
  p.numbers["factor"] = torch_params["factor"].get<double>();
  p.numbers["patience"] = torch_params["patience"].get<double>();
  p.numbers["threshold"] = torch_params["threshold"].get<double>();
  p.choices["threshold_mode"] = torch_params["threshold_mode"].get<std::string>();
  p.numbers["cooldown"] = torch_params["cooldown"].get<double>();
  p.numbers["min_factor"] = torch_params["min_lr"].get<double>();  // lr = 1 in the golden
  return make_schedule(*info, with_defaults(info->params, p), 1000);
}

TEST(PlateauSchedule, MatchesPyTorchReduceLROnPlateau) {
  std::ifstream in(std::string(DESCENT_SOURCE_DIR) + "/tests/golden/reduce_on_plateau.json");
  ASSERT_TRUE(in);
  const json golden = json::parse(in);
  const auto losses = golden["losses"].get<std::vector<double>>();
  ASSERT_GE(golden["cases"].size(), 5u);
  for (const auto& c : golden["cases"]) {
    SCOPED_TRACE(c["params"].dump());
    auto schedule = plateau_from(c["params"]);
    const auto lr = c["lr"].get<std::vector<double>>();
    for (int pass = 0; pass < 2; ++pass) {  // reset() must give the same sequence again
      EXPECT_EQ(schedule->factor(0), 1.0);
      int reductions = 0;
      for (std::size_t k = 0; k < losses.size(); ++k) {
        const double before = schedule->factor(static_cast<int>(k));
        schedule->observe(static_cast<int>(k) + 1, losses[k], kNaN);
        // Same double arithmetic as Python's: exact equality.
        ASSERT_EQ(schedule->factor(static_cast<int>(k) + 1), lr[k]) << "evaluation " << k;
        reductions += schedule->factor(static_cast<int>(k) + 1) < before;
      }
      EXPECT_GE(reductions, 2);
      schedule->reset();
    }
  }
}

TEST(PlateauSchedule, MonitorsTheTestLossWhenAsked) {
  PlateauRule rule;
  rule.decay = 0.5;
  rule.patience = 0;
  ReduceOnPlateau on_test(rule, true), on_train(rule, false);
  // The training loss keeps falling, the test loss rises: only the test monitor reduces.
  for (int k = 0; k < 4; ++k) {
    on_test.observe(k + 1, 1.0 / (k + 1), 0.1 * (k + 1));
    on_train.observe(k + 1, 1.0 / (k + 1), 0.1 * (k + 1));
  }
  EXPECT_EQ(on_train.factor(5), 1.0);
  EXPECT_EQ(on_test.factor(5), 0.125);
  // No test split (NaN): the test monitor falls back to the training loss.
  ReduceOnPlateau fallback(rule, true);
  for (int k = 0; k < 4; ++k) fallback.observe(k + 1, 1.0 / (k + 1), kNaN);
  EXPECT_EQ(fallback.factor(5), 1.0);
}

using test_run::run_rows;

TEST(PlateauSchedule, RunReducesTheRateWhereTheLossStalls) {
  // Gradient descent on Booth's quadratic (Hessian eigenvalues 2 and 18) with lr 0.111, just
  // under 2/18: the steep direction flips sign each step and barely shrinks, so the loss
  // improves by under 5% over 6 evaluations and the schedule must cut the rate (after which
  // the steep direction is solved in one step).
  const json config = json::parse(R"({"schema": 1, "seed": 1,
      "problem": {"kind": "function", "name": "booth"},
      "optimizer": {"name": "sgd", "lr": 0.111},
      "schedule": {"name": "reduce_on_plateau", "factor": 0.5, "patience": 5,
                   "threshold": 0.05},
      "steps": 300})");
  const auto rows = run_rows(config, 97);
  ASSERT_EQ(rows.size(), 301u);
  // Replay the rule on the logged losses: row k's lr is the factor after rows 1 .. k-1.
  PlateauRule rule;
  rule.decay = 0.5;
  rule.patience = 5;
  rule.threshold = 0.05;
  ReduceOnPlateau replay(rule, false);
  int reductions = 0;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    ASSERT_EQ(rows[k].lr, 0.111 * replay.factor(0)) << "step " << k;
    if (k > 1 && rows[k].lr < rows[k - 1].lr) ++reductions;
    replay.observe(static_cast<int>(k), rows[k].loss, rows[k].test_loss);
  }
  EXPECT_GE(reductions, 1);
  EXPECT_LT(rows.back().loss, rows[6].loss * 1e-3);  // and then the loss goes down
  // Chunking does not change anything.
  const auto other = run_rows(config, 1000);
  ASSERT_EQ(other.size(), rows.size());
  for (std::size_t k = 1; k < rows.size(); ++k) ASSERT_EQ(other[k].lr, rows[k].lr);
}

TEST(PlateauSchedule, SteadyProgressNeverReduces) {
  // A well-conditioned quadratic with a small rate improves at every evaluation.
  const json config = json::parse(R"({"schema": 1, "seed": 1,
      "problem": {"kind": "function", "name": "booth"},
      "optimizer": {"name": "sgd", "lr": 0.01},
      "schedule": {"name": "reduce_on_plateau", "patience": 2},
      "steps": 200})");
  for (const auto& row : run_rows(config, 50)) {
    if (row.step > 0) {
      EXPECT_EQ(row.lr, 0.01) << "step " << row.step;
    }
  }
}

// ----- refined -----

std::vector<double> wiggly_norms(int n) {
  std::vector<double> g(n);
  for (int i = 0; i < n; ++i) {
    // Large early norms, a slow decline, an outlier every 17 entries (the median filter's job).
    g[i] = 5.0 * std::exp(-i / 8.0) + 1.0 + 0.3 * std::sin(0.7 * i) + (i % 17 == 5 ? 4.0 : 0.0);
  }
  return g;
}

void expect_matches_reference(const std::vector<double>& norms, double tau, int steps) {
  const auto core = refined_factors(norms, tau, steps);
  const auto ref = reference::schedules::refined(norms, tau, steps);
  ASSERT_EQ(core.size(), ref.size());
  for (int t = 0; t < steps; ++t) EXPECT_NEAR(core[t], ref[t], 1e-12) << "t " << t;
}

TEST(RefinedSchedule, MatchesReference) {
  expect_matches_reference(wiggly_norms(120), 0.05, 500);
  expect_matches_reference(wiggly_norms(120), 0.2, 60);  // fewer steps than norms
  expect_matches_reference(wiggly_norms(9), 0.0, 77);    // no smoothing
}

TEST(RefinedSchedule, MatchesReferenceOnANetworkRunsNorms) {
  // The grad_norm column of a real run (spiral, Adam, minibatches): the input the page uses.
  const json config = json::parse(R"({"schema": 1, "seed": 2,
      "problem": {"kind": "dataset", "name": "spiral", "n": 200},
      "model": {"hidden": [16], "activation": "tanh"},
      "optimizer": {"name": "adam", "lr": 0.01},
      "batch_size": 16, "steps": 600, "eval_every": 5})");
  std::vector<double> norms;
  for (const auto& row : run_rows(config, 600)) {
    if (row.step > 0) norms.push_back(row.grad_norm);
  }
  ASSERT_EQ(norms.size(), 120u);
  expect_matches_reference(norms, 0.05, 600);
  expect_matches_reference(norms, 0.1, 1500);
}

TEST(RefinedSchedule, ConstantNormsGiveLinearDecay) {
  // The paper: with equal gradient norms the refined schedule is linear decay,
  // w_t proportional to T - t (here t = 0 .. T-1, ending at 0).
  const std::vector<double> norms(50, 3.7);
  for (int steps : {2, 10, 1000}) {
    const auto f = refined_factors(norms, 0.1, steps);
    for (int t = 0; t < steps; ++t) {
      EXPECT_NEAR(f[t], double(steps - 1 - t) / (steps - 1), 1e-12) << steps << " " << t;
    }
  }
}

TEST(RefinedSchedule, LargeEarlyNormsGiveWarmup) {
  // Norms ten times larger over the first 10% of the previous run: the refined rate starts
  // low and rises (the warm-up the paper finds emerging), then decays to 0.
  std::vector<double> norms(100, 1.0);
  for (int i = 0; i < 10; ++i) norms[i] = 10.0;
  const auto f = refined_factors(norms, 0.05, 1000);
  EXPECT_LT(f[0], 0.15);
  const auto peak = std::max_element(f.begin(), f.end()) - f.begin();
  EXPECT_GT(peak, 90);
  EXPECT_LT(peak, 120);
  EXPECT_DOUBLE_EQ(f[peak], 1.0);
  EXPECT_EQ(f.back(), 0.0);
}

TEST(RefinedSchedule, MedianFilterRemovesIsolatedSpikes) {
  std::vector<double> x(30, 2.0);
  x[12] = 100.0;
  for (double v : median_filter(x, 3)) EXPECT_EQ(v, 2.0);
  // Edges: nearest in front, reflection (without the edge) behind.
  const std::vector<double> ramp = {1, 2, 3, 4, 5};
  const std::vector<double> expected = {1, 2, 3, 4, 4};  // windows {1,1,2} .. {4,5,4}
  EXPECT_EQ(median_filter(ramp, 3), expected);
}

TEST(RefinedSchedule, ConfigCarriesTheNormsAndPreviewsThem) {
  json j = json::parse(R"({"schema": 1, "problem": {"kind": "function", "name": "booth"},
      "optimizer": {"name": "sgd", "lr": 0.1},
      "schedule": {"name": "refined", "grad_norms": [4, 4, 4, 4], "smoothing": 0},
      "steps": 11})");
  const ParsedConfig parsed = parse_config(j);
  ASSERT_TRUE(parsed.ok()) << parsed.errors[0].message;
  const RunConfig& c = *parsed.config;
  EXPECT_EQ(c.schedule.params.get_series("grad_norms"), std::vector<double>(4, 4.0));
  // Round trip through the normalised config.
  const ParsedConfig again = parse_config(to_json(c));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(to_json(*again.config), to_json(c));
  EXPECT_FALSE(find_schedule("refined")->needs_feedback);
  const auto lr = sample_schedule(
      *make_schedule(*find_schedule("refined"), c.schedule.params, c.steps), 0.1, c.steps);
  for (int t = 0; t < 11; ++t) EXPECT_NEAR(lr[t], 0.1 * (10 - t) / 10.0, 1e-15);
}

}  // namespace
}  // namespace descent
