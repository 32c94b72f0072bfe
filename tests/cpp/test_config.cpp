// Config parsing: defaults, normalisation, and a table of malformed configs that must each
// produce a message naming the field (never a crash).
#include <gtest/gtest.h>

#include "run/config.h"

namespace descent {
namespace {

using nlohmann::json;

const char* kFunctionConfig = R"({"schema": 1, "seed": 7,
  "problem": {"kind": "function", "name": "rosenbrock", "start": [-1.5, 2.0]},
  "optimizer": {"name": "adam", "lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
  "schedule": {"name": "constant"}, "steps": 300})";

const char* kDatasetConfig = R"({"schema": 1, "seed": 7,
  "problem": {"kind": "dataset", "name": "spiral", "n": 400, "noise": 0.1, "test_fraction": 0.25},
  "model": {"hidden": [16, 16], "activation": "tanh", "init": "xavier_uniform", "loss": "cross_entropy"},
  "optimizer": {"name": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": true},
  "schedule": {"name": "cosine", "warmup_steps": 50},
  "batch_size": 32, "steps": 2000, "eval_every": 50})";

TEST(Config, TheIssueExamplesParse) {
  for (const char* text : {kFunctionConfig, kDatasetConfig}) {
    ParsedConfig parsed = parse_config_text(text);
    ASSERT_TRUE(parsed.ok()) << (parsed.errors.empty() ? "" : parsed.errors[0].message);
  }
  RunConfig c = *parse_config_text(kDatasetConfig).config;
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.model.spec.hidden, (std::vector<int>{16, 16}));
  EXPECT_EQ(c.optimizer.params.get("momentum"), 0.9);
  EXPECT_EQ(c.optimizer.params.get("dampening"), 0.0);  // default filled in
  EXPECT_EQ(c.schedule.params.get("warmup_steps"), 50);
  EXPECT_EQ(c.batch_size, 32);
}

TEST(Config, OmittedHyperparametersTakeCatalogDefaults) {
  json j = json::parse(kFunctionConfig);
  j["optimizer"] = {{"name", "adamw"}};
  j.erase("schedule");
  RunConfig c = *parse_config(j).config;
  EXPECT_EQ(c.optimizer.params.get("lr"), 1e-3);
  EXPECT_EQ(c.optimizer.params.get("weight_decay"), 0.01);
  EXPECT_EQ(c.schedule.name, "constant");
}

TEST(Config, NormalisedJsonRoundTrips) {
  for (const char* text : {kFunctionConfig, kDatasetConfig}) {
    RunConfig c = *parse_config_text(text).config;
    json once = to_json(c);
    ParsedConfig again = parse_config(once);
    ASSERT_TRUE(again.ok()) << once.dump();
    EXPECT_EQ(to_json(*again.config), once);
  }
}

struct BadCase {
  const char* what;
  std::function<void(json&)> edit;
  const char* field;
  const char* message_part;
};

class BadConfigs : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadConfigs, NameTheFieldAndWhatIsAllowed) {
  const BadCase& c = GetParam();
  json j = json::parse(kDatasetConfig);
  c.edit(j);
  ParsedConfig parsed = parse_config(j);
  ASSERT_FALSE(parsed.ok()) << c.what;
  bool found = false;
  for (const auto& e : parsed.errors) {
    if (e.field == c.field && e.message.find(c.message_part) != std::string::npos) found = true;
  }
  std::string all;
  for (const auto& e : parsed.errors) all += e.field + ": " + e.message + "\n";
  EXPECT_TRUE(found) << c.what << "\n got:\n" << all;
}

const BadCase kBadCases[] = {
    {"missing schema", [](json& j) { j.erase("schema"); }, "schema", "missing"},
    {"future schema", [](json& j) { j["schema"] = 99; }, "schema", "schema 1"},
    {"missing problem", [](json& j) { j.erase("problem"); }, "problem", "missing"},
    {"missing optimizer", [](json& j) { j.erase("optimizer"); }, "optimizer", "missing"},
    {"unknown top-level field", [](json& j) { j["colour"] = "red"; }, "colour", "unknown field"},
    {"unknown optimizer",
     [](json& j) {
       j["optimizer"] = {{"name", "adamm"}};
     },
     "optimizer.name", "unknown optimizer 'adamm'"},
    {"unknown hyperparameter",
     [](json& j) {
       j["optimizer"]["betas"] = {0.9, 0.99};
     },
     "optimizer.betas", "allowed: name, lr"},
    {"negative lr", [](json& j) { j["optimizer"]["lr"] = -0.1; }, "optimizer.lr",
     "from 1e-06 to 10"},
    {"lr as string", [](json& j) { j["optimizer"]["lr"] = "0.1"; }, "optimizer.lr", "a number"},
    {"NaN as a string", [](json& j) { j["optimizer"]["lr"] = "NaN"; }, "optimizer.lr", "\"NaN\""},
    {"infinite lr", [](json& j) { j["optimizer"]["lr"] = 1e308 * 10; }, "optimizer.lr", "number"},
    {"boolean as number", [](json& j) { j["optimizer"]["nesterov"] = 1; }, "optimizer.nesterov",
     "true or false"},
    {"nesterov without momentum", [](json& j) { j["optimizer"]["momentum"] = 0; },
     "optimizer.nesterov", "momentum > 0"},
    {"negative steps", [](json& j) { j["steps"] = -5; }, "steps", "an integer from 1"},
    {"huge steps", [](json& j) { j["steps"] = 1e12; }, "steps", "to 1000000"},
    {"fractional steps", [](json& j) { j["steps"] = 10.5; }, "steps", "an integer"},
    {"negative seed", [](json& j) { j["seed"] = -1; }, "seed", "an integer from 0"},
    {"negative n", [](json& j) { j["problem"]["n"] = -400; }, "problem.n", "from"},
    {"huge n", [](json& j) { j["problem"]["n"] = 1e9; }, "problem.n", "to"},
    {"unknown data set", [](json& j) { j["problem"]["name"] = "mnist"; }, "problem.name",
     "unknown problem 'mnist'"},
    {"bad kind", [](json& j) { j["problem"]["kind"] = "image"; }, "problem.kind",
     "\"function\", \"dataset\", \"table\" or \"sensing\""},
    {"hidden not a list", [](json& j) { j["model"]["hidden"] = 16; }, "model.hidden",
     "a list of at most 8"},
    {"too many layers", [](json& j) { j["model"]["hidden"] = std::vector<int>(9, 4); },
     "model.hidden", "at most 8"},
    {"width too large", [](json& j) { j["model"]["hidden"] = {100000}; }, "model.hidden",
     "from 1 to 1024"},
    {"zero width", [](json& j) { j["model"]["hidden"] = {0}; }, "model.hidden", "from 1"},
    {"unknown activation", [](json& j) { j["model"]["activation"] = "swish2"; }, "model.activation",
     "expected one of"},
    {"mse on classification", [](json& j) { j["model"]["loss"] = "mse"; }, "model.loss",
     "classification"},
    {"unknown model field", [](json& j) { j["model"]["dropout"] = 0.5; }, "model.dropout",
     "unknown field"},
    {"unknown schedule",
     [](json& j) {
       j["schedule"] = {{"name", "cosine_restarts"}};
     },
     "schedule.name", "unknown schedule"},
    {"warm-up longer than the run",
     [](json& j) {
       j["steps"] = 10;
       j["schedule"]["warmup_steps"] = 20;
     },
     "schedule.warmup_steps", "must not exceed steps"},
    {"transforms not a list",
     [](json& j) {
       j["transforms"] = {{"name", "clip_by_value"}};
     },
     "transforms", "a list"},
    {"bad transform param",
     [](json& j) {
       j["transforms"] = json::array({{{"name", "clip_by_global_norm"}, {"max_norm", 0}}});
     },
     "transforms[0].max_norm", "from 0.0001"},
    {"problem not an object", [](json& j) { j["problem"] = "spiral"; }, "problem",
     "expected an object"},
    {"start of wrong length",
     [](json& j) {
       j["problem"] = {{"kind", "function"}, {"name", "rosenbrock"}, {"start", {1}}};
     },
     "problem.start", "[x, y]"},
    {"batch size too large", [](json& j) { j["batch_size"] = 1e6; }, "batch_size", "to 8192"},
    {"unknown loss", [](json& j) { j["model"]["loss"] = "stable_max"; }, "model.loss", "stablemax"},
    {"plateau factor of 1",
     [](json& j) {
       j["schedule"] = {{"name", "reduce_on_plateau"}, {"factor", 1.0}};
     },
     "schedule.factor", "from 0.001 to 0.999"},
    {"plateau negative patience",
     [](json& j) {
       j["schedule"] = {{"name", "reduce_on_plateau"}, {"patience", -1}};
     },
     "schedule.patience", "an integer from 0"},
    {"plateau unknown threshold mode",
     [](json& j) {
       j["schedule"] = {{"name", "reduce_on_plateau"}, {"threshold_mode", "pct"}};
     },
     "schedule.threshold_mode", "one of rel, abs"},
    {"spike multiplier below 1",
     [](json& j) {
       j["schedule"] = {{"name", "spike"}, {"multiplier", 0.5}};
     },
     "schedule.multiplier", "from 1 to 10000"},
    {"spike of no length",
     [](json& j) {
       j["schedule"] = {{"name", "spike"}, {"length", 0}};
     },
     "schedule.length", "an integer from 1"},
    {"spike fractional start",
     [](json& j) {
       j["schedule"] = {{"name", "spike"}, {"start", 2.5}};
     },
     "schedule.start", "an integer"},
    {"refined without norms",
     [](json& j) {
       j["schedule"] = {{"name", "refined"}};
     },
     "schedule.grad_norms", "missing field"},
    {"refined norms not a list",
     [](json& j) {
       j["schedule"] = {{"name", "refined"}, {"grad_norms", 1.5}};
     },
     "schedule.grad_norms", "a list of 2 to 1000 numbers"},
    {"refined norms too long",
     [](json& j) {
       j["schedule"] = {{"name", "refined"}, {"grad_norms", std::vector<double>(1001, 1.0)}};
     },
     "schedule.grad_norms", "1001 entries"},
    {"refined norm not positive",
     [](json& j) {
       j["schedule"] = {{"name", "refined"}, {"grad_norms", {1.0, 2.0, 0.0}}};
     },
     "schedule.grad_norms[2]", "from 1e-30"},
    {"refined norm not a number",
     [](json& j) {
       j["schedule"] = {{"name", "refined"}, {"grad_norms", {1.0, "2"}}};
     },
     "schedule.grad_norms[1]", "expected a list"},
};

INSTANTIATE_TEST_SUITE_P(Table, BadConfigs, ::testing::ValuesIn(kBadCases));

TEST(Config, NotJsonAndNotAnObject) {
  EXPECT_FALSE(parse_config_text("{\"schema\": 1,").ok());
  EXPECT_FALSE(parse_config_text("[1, 2]").ok());
  EXPECT_FALSE(parse_config_text("").ok());
  EXPECT_EQ(parse_config_text("nul").errors.at(0).message, "the config is not valid JSON");
}

}  // namespace
}  // namespace descent
