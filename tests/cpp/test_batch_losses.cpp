// The per-step minibatch loss series and the automatic evaluation cadence (eval_every 0).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "run/config.h"
#include "run/run.h"
#include "run/run_params.h"
#include "tests/cpp/run_rows.h"

namespace descent {
namespace {

using nlohmann::json;

using test_run::config_of;

json spiral(int steps, int batch_size, int eval_every) {
  json j = json::parse(R"({"schema": 1, "seed": 5,
    "problem": {"kind": "dataset", "name": "spiral", "n": 200, "noise": 0.1, "test_fraction": 0.25},
    "model": {"hidden": [8], "activation": "tanh", "init": "xavier_uniform", "loss": "cross_entropy"},
    "optimizer": {"name": "sgd", "lr": 0.1}})");
  j["steps"] = steps;
  j["batch_size"] = batch_size;
  j["eval_every"] = eval_every;
  return j;
}

struct Taken {
  std::vector<MetricRow> rows;
  BatchLosses batch;
};

Taken run_all(const json& j, int chunk) {
  Run run(config_of(j));
  Taken out{run.take_metrics(), run.take_batch_losses()};
  while (run.status() == RunStatus::Running) {
    run.step(chunk);
    for (const auto& r : run.take_metrics()) out.rows.push_back(r);
    BatchLosses b = run.take_batch_losses();
    out.batch.step.insert(out.batch.step.end(), b.step.begin(), b.step.end());
    out.batch.loss.insert(out.batch.loss.end(), b.loss.begin(), b.loss.end());
  }
  EXPECT_EQ(run.status(), RunStatus::Ok) << run.message();
  return out;
}

TEST(BatchLosses, OneEntryPerStepInOrder) {
  const Taken t = run_all(spiral(123, 16, 50), 7);
  ASSERT_EQ(t.batch.step.size(), 123u);
  ASSERT_EQ(t.batch.loss.size(), 123u);
  for (std::size_t i = 0; i < t.batch.step.size(); ++i) {
    EXPECT_EQ(t.batch.step[i], static_cast<double>(i + 1));
    EXPECT_TRUE(std::isfinite(t.batch.loss[i]) && t.batch.loss[i] > 0);
  }
  // Rows stay at the configured cadence: 0, 50, 100 and the last step.
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[3].step, 123);
}

// Full batch: step t's minibatch is the whole training set at the weights that row t-1
// evaluated, so the minibatch loss of step t is the full training loss logged at step t-1.
TEST(BatchLosses, FullBatchLossIsThePreviousRowsTrainingLoss) {
  const Taken t = run_all(spiral(40, 0, 1), 40);
  ASSERT_EQ(t.rows.size(), 41u);
  ASSERT_EQ(t.batch.loss.size(), 40u);
  for (std::size_t i = 0; i < 40; ++i) {
    EXPECT_NEAR(t.batch.loss[i], t.rows[i].loss, 1e-6 * std::abs(t.rows[i].loss))
        << "step " << i + 1;
  }
}

// The minibatch series is an addition: rows are bit-identical to a run that never takes it.
TEST(BatchLosses, TakingThemLeavesTheRowsUnchanged) {
  const json j = spiral(200, 16, 25);
  const Taken with = run_all(j, 13);
  descent::Run without(config_of(j));
  std::vector<MetricRow> rows = without.take_metrics();
  while (without.status() == RunStatus::Running) {
    without.step(200);
    for (const auto& r : without.take_metrics()) rows.push_back(r);
  }
  ASSERT_EQ(rows.size(), with.rows.size());
  EXPECT_EQ(std::memcmp(rows.data(), with.rows.data(), rows.size() * sizeof(MetricRow)), 0);
}

TEST(BatchLosses, FunctionsHaveNoneTheirRowsAreEveryStep) {
  json fn =
      json::parse(R"({"schema": 1, "seed": 1, "problem": {"kind": "function", "name": "rosenbrock"},
                            "optimizer": {"name": "adam", "lr": 0.02}, "steps": 30})");
  const Taken t = run_all(fn, 30);
  EXPECT_TRUE(t.batch.step.empty());
  EXPECT_EQ(t.rows.size(), 31u);
}

TEST(EvalCadence, AutomaticGivesAboutTwoHundredRowsAtAnyLength) {
  for (int steps : {1, 150, 500, 2000, 12345}) {
    const RunConfig c = config_of(spiral(steps, 16, 0));
    const int every = evaluation_interval(c.eval_every, c.steps);
    EXPECT_EQ(every, std::max(1, (steps + 199) / 200)) << steps;
    // Step 0, every `every` steps, and the last one: at most 202 rows, at least 100 for long runs.
    const int rows = 1 + steps / every + (steps % every != 0 ? 1 : 0);
    EXPECT_LE(rows, 202) << steps;
    if (steps >= 200) {
      EXPECT_GE(rows, 100) << steps;
    }
  }
  const Taken t = run_all(spiral(500, 16, 0), 64);
  // ceil(500 / 200) = 3: steps 0, 3, ..., 498 and the last, 500.
  ASSERT_EQ(t.rows.size(), 1u + 166u + 1u);
  EXPECT_EQ(t.rows[1].step, 3);
  EXPECT_EQ(t.rows.back().step, 500);
  EXPECT_EQ(t.batch.loss.size(), 500u);
}

TEST(EvalCadence, ExplicitCadenceIsKeptAndZeroRoundTrips) {
  EXPECT_EQ(config_of(spiral(500, 16, 50)).eval_every, 50);
  EXPECT_EQ(evaluation_interval(50, 500), 50);
  EXPECT_EQ(evaluation_interval(0, 500), 3);
  const RunConfig automatic = config_of(spiral(500, 16, 0));
  EXPECT_EQ(to_json(automatic)["eval_every"], 0);
  // Omitted, it stays 50 (command-line configs written before the automatic cadence).
  json omitted = spiral(500, 16, 50);
  omitted.erase("eval_every");
  EXPECT_EQ(config_of(omitted).eval_every, 50);
  json negative = spiral(500, 16, -1);
  EXPECT_FALSE(parse_config(negative).ok());
}

}  // namespace
}  // namespace descent
