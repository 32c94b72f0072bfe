// Weight averaging (config "averaging", run/weight_averaging.h): SWA ("Averaging Weights
// Leads to Wider Optima and Better Generalization", Izmailov et al., 2018) and an EMA of the
// weights, kept beside the raw weights. Checked against a plain reference computed from the
// iterates (a sum over the averaged steps divided by their count; the EMA's recursion), in
// float32 and float64; the training rows and parameters are bit-identical with averaging on;
// a checkpoint carries the averages, so a resumed run continues bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "run/config.h"
#include "run/run.h"

namespace descent {
namespace {

using nlohmann::json;

constexpr int kSwaStart = 12, kSwaEvery = 5, kSteps = 60;
constexpr double kDecay = 0.9;

json averaging_config(bool float64, bool averaging) {
  json j = {{"schema", 1},
            {"seed", 3},
            {"problem", {{"kind", "dataset"}, {"name", "spiral"}, {"n", 160}, {"noise", 0.2}}},
            {"model", {{"hidden", {12}}, {"activation", "tanh"}}},
            {"optimizer", {{"name", "sgd"}, {"lr", 0.3}}},
            {"batch_size", 16},
            {"eval_every", 7},
            {"steps", kSteps}};
  if (float64) j["precision"] = "float64";
  if (averaging) {
    j["averaging"] = {{"swa_start", kSwaStart}, {"swa_every", kSwaEvery}, {"ema_decay", kDecay}};
  }
  return j;
}

RunConfig parsed(const json& j) {
  ParsedConfig p = parse_config(j);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.errors[0].field + ": " + p.errors[0].message);
  return *p.config;
}

double max_abs_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return (a - b).cwiseAbs().maxCoeff();
}

class Averaging : public ::testing::TestWithParam<bool> {};

TEST_P(Averaging, MatchesAPlainAverageOfTheIterates) {
  descent::Run run(parsed(averaging_config(GetParam(), true)));
  ASSERT_NE(run.averages(), nullptr);
  Eigen::VectorXd w, sum, ema;
  run.problem().averaged_weights(run.params(), w);
  sum = Eigen::VectorXd::Zero(w.size());
  ema = w;
  int count = 0;
  for (int t = 1; t <= kSteps; ++t) {
    ASSERT_EQ(run.step(1), 1);
    run.problem().averaged_weights(run.params(), w);
    ema = kDecay * ema + (1 - kDecay) * w;
    if (t >= kSwaStart && (t - kSwaStart) % kSwaEvery == 0) {
      sum += w;
      ++count;
    }
  }
  ASSERT_EQ(count, 10);  // steps 12, 17, ..., 57
  const Eigen::VectorXd swa = sum / count;
  EXPECT_LT(max_abs_difference(run.averages()->swa(), swa), 1e-12);
  EXPECT_LT(max_abs_difference(run.averages()->ema(), ema), 1e-12);
  // The averages are not the last iterate (the run moves), so the check above can fail.
  EXPECT_GT(max_abs_difference(swa, w), 1e-3);
  EXPECT_GT(max_abs_difference(ema, w), 1e-4);

  // The last row's columns are the test split at the reference averages.
  const MetricRow last = run.take_metrics().back();
  ASSERT_EQ(last.step, kSteps);
  const auto [swa_loss, swa_accuracy] = run.problem().evaluate_test_at(swa);
  const auto [ema_loss, ema_accuracy] = run.problem().evaluate_test_at(ema);
  EXPECT_NEAR(last.swa_test_loss, swa_loss, 1e-6 * swa_loss);
  EXPECT_NEAR(last.ema_test_loss, ema_loss, 1e-6 * ema_loss);
  EXPECT_NEAR(last.swa_test_accuracy, swa_accuracy, 0.01);
  EXPECT_NEAR(last.ema_test_accuracy, ema_accuracy, 0.01);
  EXPECT_NE(last.swa_test_loss, last.test_loss);
}

TEST_P(Averaging, LeavesTheTrainingRowsUnchanged) {
  descent::Run plain(parsed(averaging_config(GetParam(), false)));
  descent::Run averaged(parsed(averaging_config(GetParam(), true)));
  plain.step(kSteps);
  averaged.step(kSteps);
  const std::vector<MetricRow> a = plain.take_metrics(), b = averaged.take_metrics();
  ASSERT_EQ(a.size(), b.size());
  int swa_rows = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    MetricRow stripped = b[i];
    if (std::isfinite(stripped.swa_test_loss)) ++swa_rows;
    EXPECT_TRUE(std::isfinite(stripped.ema_test_loss));
    EXPECT_EQ(std::isfinite(stripped.swa_test_loss), stripped.step >= kSwaStart);
    stripped.swa_test_loss = stripped.swa_test_accuracy = MetricRow::none;
    stripped.ema_test_loss = stripped.ema_test_accuracy = MetricRow::none;
    EXPECT_EQ(std::memcmp(&a[i], &stripped, sizeof(MetricRow)), 0) << "row " << i;
  }
  EXPECT_GT(swa_rows, 0);
  ASSERT_EQ(plain.params().size(), averaged.params().size());
  EXPECT_EQ(std::memcmp(plain.params().data(), averaged.params().data(),
                        sizeof(Scalar) * plain.params().size()),
            0);
}

TEST_P(Averaging, ResumesBitIdenticallyFromACheckpoint) {
  const RunConfig config = parsed(averaging_config(GetParam(), true));
  descent::Run straight(config);
  straight.step(kSteps);
  descent::Run paused(config);
  paused.step(kSteps / 2);
  std::vector<MetricRow> rows = paused.take_metrics();
  const std::string bytes = paused.checkpoint();
  descent::Run resumed(config);
  resumed.restore(bytes);
  resumed.step(kSteps);
  for (const auto& r : resumed.take_metrics()) rows.push_back(r);
  const std::vector<MetricRow> expected = straight.take_metrics();
  ASSERT_EQ(rows.size(), expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(std::memcmp(&rows[i], &expected[i], sizeof(MetricRow)), 0) << "row " << i;
  }
  EXPECT_EQ(resumed.averages()->swa(), straight.averages()->swa());
  EXPECT_EQ(resumed.averages()->ema(), straight.averages()->ema());
}

INSTANTIATE_TEST_SUITE_P(Precision, Averaging, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "float64" : "float32"; });

std::string first_error_field(const json& j) {
  ParsedConfig p = parse_config(j);
  return p.ok() ? "" : p.errors[0].field;
}

TEST(AveragingConfig, NamesTheFieldOfABadSetting) {
  json j = averaging_config(false, true);
  j["averaging"]["ema_decay"] = 1.5;
  EXPECT_EQ(first_error_field(j), "averaging.ema_decay");
  j = averaging_config(false, true);
  j["averaging"]["swa_every"] = -1;
  EXPECT_EQ(first_error_field(j), "averaging.swa_every");
  j = averaging_config(false, true);
  j["averaging"]["swa_start"] = kSteps + 1;
  EXPECT_EQ(first_error_field(j), "averaging.swa_start");
  j = averaging_config(false, true);
  j["averaging"]["typo"] = 1;
  EXPECT_EQ(first_error_field(j), "averaging.typo");
  j = averaging_config(false, true);
  j["averaging"] = 3;
  EXPECT_EQ(first_error_field(j), "averaging");
  const json function = {{"schema", 1},
                         {"problem", {{"kind", "function"}, {"name", "rosenbrock"}}},
                         {"optimizer", {{"name", "sgd"}}},
                         {"steps", 10},
                         {"averaging", {{"ema_decay", 0.9}}}};
  EXPECT_EQ(first_error_field(function), "averaging");
}

TEST(AveragingConfig, RoundTripsAndStaysOutOfConfigsWithoutIt) {
  const RunConfig on = parsed(averaging_config(false, true));
  const json text = to_json(on);
  EXPECT_EQ(text.at("averaging").at("swa_every"), kSwaEvery);
  EXPECT_EQ(to_json(parsed(text)), text);
  // Off (all zero) normalises to no section: old links and checkpoints keep their config hash.
  json off = averaging_config(false, false);
  EXPECT_FALSE(to_json(parsed(off)).contains("averaging"));
  off["averaging"] = {{"swa_every", 0}, {"ema_decay", 0}};
  EXPECT_EQ(to_json(parsed(off)), to_json(parsed(averaging_config(false, false))));
}

}  // namespace
}  // namespace descent
