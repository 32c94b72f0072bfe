// Task switches (run/task_switches.h): the config's validation names the field and the
// allowed range; a switch changes the data as its kind says (features permuted on both splits,
// labels permuted), rows carry the task index and a row is measured at every switch; the
// transform shrink_perturb matches the plain implementation of Ash and Adams' equation
// (tests/reference/plasticity/shrink_perturb.h) bit for bit in the function, and acts at the
// switch inside a run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "problems/datasets/dataset.h"
#include "run/task_switches.h"
#include "tests/cpp/run_rows.h"
#include "tests/reference/plasticity/shrink_perturb.h"

namespace descent {
namespace {

using nlohmann::json;

json switching_run(const json& switches, int steps = 40) {
  return {{"schema", 1},
          {"seed", 3},
          {"problem",
           {{"kind", "dataset"},
            {"name", "gaussian_classes"},
            {"n", 80},
            {"dim", 4},
            {"classes", 3},
            {"test_fraction", 0.25},
            {"task_switches", switches}}},
          {"model", {{"hidden", {8}}, {"activation", "relu"}, {"loss", "cross_entropy"}}},
          {"optimizer", {{"name", "sgd"}, {"lr", 0.1}}},
          {"batch_size", 16},
          {"eval_every", 7},
          {"steps", steps}};
}

// The first error's field, or "" when the config is valid.
std::string first_error_field(const json& j) {
  ParsedConfig parsed = parse_config(j);
  return parsed.ok() ? "" : parsed.errors[0].field;
}

TEST(TaskSwitches, ConfigRoundTripsAndOldConfigsNormaliseAsBefore) {
  json j = switching_run(
      json::array({{{"step", 5}, {"kind", "relabel"}}, {{"step", 9}, {"kind", "permute_inputs"}}}));
  j["transforms"] = json::array({{{"name", "shrink_perturb"}, {"shrink", 0.5}}});
  const RunConfig c = test_run::config_of(j);
  ASSERT_EQ(c.problem.task_switches.size(), 2u);
  EXPECT_EQ(c.problem.task_switches[1].step, 9);
  EXPECT_EQ(c.problem.task_switches[1].kind, "permute_inputs");
  const json normal = to_json(c);
  EXPECT_EQ(normal["transforms"][0]["perturb"], 0.01);  // the catalog default filled in
  EXPECT_EQ(to_json(test_run::config_of(normal)), normal);
  json plain = switching_run(json::array());
  plain["problem"].erase("task_switches");
  EXPECT_FALSE(to_json(test_run::config_of(plain))["problem"].contains("task_switches"));
}

TEST(TaskSwitches, BadSwitchesAreRefusedWithTheFieldNamed) {
  const auto one = [](json s) { return switching_run(json::array({std::move(s)})); };
  EXPECT_EQ(first_error_field(one({{"step", 0}, {"kind", "relabel"}})),
            "problem.task_switches[0].step");
  EXPECT_EQ(first_error_field(one({{"step", 40}, {"kind", "relabel"}})),
            "problem.task_switches[0].step");  // must come before the last step
  EXPECT_EQ(first_error_field(one({{"kind", "relabel"}})), "problem.task_switches[0].step");
  EXPECT_EQ(first_error_field(one({{"step", 3}, {"kind", "shuffle"}})),
            "problem.task_switches[0].kind");
  EXPECT_EQ(first_error_field(one({{"step", 3}, {"kind", "relabel"}, {"colour", 1}})),
            "problem.task_switches[0].colour");
  EXPECT_EQ(first_error_field(switching_run(json::array(
                {{{"step", 9}, {"kind", "relabel"}}, {{"step", 9}, {"kind", "relabel"}}}))),
            "problem.task_switches[1].step");  // strictly increasing
  EXPECT_EQ(first_error_field(switching_run(json::object())), "problem.task_switches");
  json many = json::array();
  for (int i = 1; i <= kMaxTaskSwitches + 1; ++i) {
    many.push_back({{"step", i}, {"kind", "relabel"}});
  }
  EXPECT_EQ(first_error_field(switching_run(many, 100)), "problem.task_switches");
  json regression = one({{"step", 3}, {"kind", "relabel"}});
  regression["problem"] = {{"kind", "dataset"},
                           {"name", "sine"},
                           {"task_switches", json::array({{{"step", 3}, {"kind", "relabel"}}})}};
  regression["model"]["loss"] = "mse";
  EXPECT_EQ(first_error_field(regression), "problem.task_switches[0].kind");
  json f64 = one({{"step", 3}, {"kind", "relabel"}});
  f64["precision"] = "float64";
  EXPECT_EQ(first_error_field(f64), "problem.task_switches");
  // shrink_perturb acts at switches: refused without any, with random features, and twice.
  json sp = one({{"step", 3}, {"kind", "relabel"}});
  sp["transforms"] = json::array({{{"name", "shrink_perturb"}, {"shrink", 1.5}}});
  EXPECT_EQ(first_error_field(sp), "transforms[0].shrink");
  sp["transforms"] = json::array({{{"name", "shrink_perturb"}}, {{"name", "shrink_perturb"}}});
  EXPECT_EQ(first_error_field(sp), "transforms[1].name");
  json rf = sp;
  rf["transforms"] = json::array({{{"name", "shrink_perturb"}}});
  rf["model"]["random_features"] = true;
  EXPECT_EQ(first_error_field(rf), "transforms[0].name");
  json none = switching_run(json::array());
  none["transforms"] = json::array({{{"name", "shrink_perturb"}}});
  EXPECT_EQ(first_error_field(none), "transforms[0].name");
}

Dataset small_data() {
  Dataset d;
  d.input_dim = 3;
  d.output_dim = 4;
  d.x_train = Mat(3, 2);
  d.x_train << 1, 4, 2, 5, 3, 6;
  d.x_test = Mat(3, 1);
  d.x_test << 7, 8, 9;
  d.label_train = {0, 3};
  d.label_test = {2};
  return d;
}

TEST(TaskSwitches, PermuteInputsPermutesTheFeaturesOfBothSplitsAlike) {
  Dataset d = small_data();
  const Dataset before = d;
  TaskSwitch s;
  s.kind = "permute_inputs";
  Rng rng = task_switch_rng(3, 0, TaskSwitchPart::Data);
  apply_task_switch(s, d, rng);
  EXPECT_NE(d.x_train, before.x_train);
  // Row r of the new inputs is one row of the old ones, the same on train and test.
  for (int r = 0; r < 3; ++r) {
    const int from = static_cast<int>(d.x_train(r, 0)) - 1;
    EXPECT_EQ(d.x_train.row(r), before.x_train.row(from));
    EXPECT_EQ(d.x_test.row(r), before.x_test.row(from));
  }
  EXPECT_EQ(d.label_train, before.label_train);
}

TEST(TaskSwitches, RelabelPermutesTheClassesOfBothSplitsAlike) {
  // Over several switches' draws: a bijection of the classes, the same on both splits.
  int changed = 0;
  for (int index = 0; index < 6; ++index) {
    Dataset d = small_data();
    d.label_train = {0, 1, 2, 3};
    d.label_test = {3, 2, 1, 0};
    TaskSwitch s;
    s.kind = "relabel";
    Rng rng = task_switch_rng(3, index, TaskSwitchPart::Data);
    apply_task_switch(s, d, rng);
    std::vector<int> sorted = d.label_train;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<int>{0, 1, 2, 3}));
    for (int c = 0; c < 4; ++c) EXPECT_EQ(d.label_test[3 - c], d.label_train[c]);
    changed += d.label_train != std::vector<int>{0, 1, 2, 3};
    EXPECT_EQ(d.x_train, small_data().x_train);
  }
  EXPECT_GE(changed, 5);
}

TEST(TaskSwitches, ShrinkPerturbMatchesThePapersEquation) {
  Rng init(9, Stream::Init);
  Vec theta(257);
  for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = static_cast<Scalar>(init.normal());
  std::vector<float> expected(theta.data(), theta.data() + theta.size());
  for (int index : {0, 3}) {
    Rng rng = task_switch_rng(17, index, TaskSwitchPart::Weights);
    shrink_perturb(theta, 0.4, 0.01, rng);
    reference::Pcg32 ref = reference::task_switch_weights_stream(17, index);
    reference::shrink_perturb(expected, 0.4, 0.01, ref);
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
      ASSERT_EQ(theta[i], expected[static_cast<std::size_t>(i)])
          << "switch " << index << " i " << i;
    }
  }
}

// Inside a run: the update of the switch step starts from the shrunk and perturbed weights of
// the step before. At lr 1e-6 the update itself moves no weight by more than 1e-5, while
// shrinking by 0.5 moves them by half their size; before the switch the transform leaves the
// run as it is without it.
TEST(TaskSwitches, RunAppliesShrinkPerturbAtTheSwitchStep) {
  json j = switching_run(json::array({{{"step", 5}, {"kind", "relabel"}}}), 10);
  j["optimizer"]["lr"] = 1e-6;
  json with = j;
  with["transforms"] =
      json::array({{{"name", "shrink_perturb"}, {"shrink", 0.5}, {"perturb", 0.02}}});
  descent::Run run(test_run::config_of(with));
  descent::Run without(test_run::config_of(j));
  run.step(4);
  without.step(4);
  ASSERT_EQ(run.params(), without.params());
  std::vector<float> expected(run.params().data(), run.params().data() + run.params().size());
  run.step(1);
  reference::Pcg32 ref = reference::task_switch_weights_stream(3, 0);
  reference::shrink_perturb(expected, 0.5, 0.02, ref);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_NEAR(run.params()[static_cast<Eigen::Index>(i)], expected[i], 1e-5) << i;
  }
}

TEST(TaskSwitches, RowsCarryTheTaskAndOneIsMeasuredAtEverySwitch) {
  const std::vector<MetricRow> rows = test_run::run_rows(switching_run(json::array(
      {{{"step", 5}, {"kind", "relabel"}}, {{"step", 16}, {"kind", "permute_inputs"}}})));
  std::vector<double> switch_steps;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double expected = rows[i].step < 5 ? 0 : rows[i].step < 16 ? 1 : 2;
    EXPECT_EQ(rows[i].task, expected) << "step " << rows[i].step;
    if (i > 0 && rows[i].task != rows[i - 1].task) switch_steps.push_back(rows[i].step);
  }
  EXPECT_EQ(switch_steps, (std::vector<double>{5, 16}));
  const std::vector<MetricRow> none = test_run::run_rows(switching_run(json::array()));
  EXPECT_TRUE(std::isnan(none[1].task));
}

}  // namespace
}  // namespace descent
