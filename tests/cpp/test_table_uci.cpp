// The UCI tables read as ordinary CSV files (tests/fixtures/tables/, a header row added to
// data/'s copies) give exactly the built-in data sets: the same features, labels and split,
// and so the same runs, bit for bit. Also the run config's table problem.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "problems/datasets/dataset.h"
#include "problems/table/table_store.h"
#include "run/config.h"
#include "run/run.h"
#include "run/training_problem.h"

namespace descent {
namespace {

using nlohmann::json;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(DESCENT_SOURCE_DIR) + "/tests/fixtures/tables/" + name,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string registered(const std::string& file) {
  const TableRegistration r = register_table(fixture(file));
  EXPECT_TRUE(r.table) << file << ": " << r.error;
  return r.table ? r.table->sha256 : std::string();
}

struct Uci {
  const char* file;
  const char* builtin;
  const char* label;
};

const Uci kUci[] = {{"iris.csv", "iris", "label"},
                    {"wine.csv", "wine", "label"},
                    {"breast_cancer.csv", "breast_cancer", "label"},
                    {"digits.csv", "digits", "digit"}};

TEST(TableUci, CsvGivesTheBuiltInDataSetExactly) {
  for (const Uci& u : kUci) {
    const std::string hash = registered(u.file);
    TableChoice choice;
    choice.sha256 = hash;
    choice.label = u.label;
    choice.test_fraction = 0.25;
    for (std::uint32_t seed : {0u, 7u}) {
      Rng table_rng(seed, Stream::Data), builtin_rng(seed, Stream::Data);
      const Dataset t = encode_table(*find_table(hash), choice, table_rng);
      ParamValues p = with_defaults(find_dataset(u.builtin)->params);
      p.numbers["test_fraction"] = 0.25;
      const Dataset b = find_dataset(u.builtin)->make(p, builtin_rng);
      EXPECT_EQ(t.task, Task::Classification) << u.file;
      EXPECT_EQ(t.output_dim, b.output_dim) << u.file;
      EXPECT_TRUE(t.x_train == b.x_train) << u.file;
      EXPECT_TRUE(t.x_test == b.x_test) << u.file;
      EXPECT_EQ(t.label_train, b.label_train) << u.file;
      EXPECT_EQ(t.label_test, b.label_test) << u.file;
    }
  }
}

json run_config(const json& problem) {
  return {{"schema", 1},
          {"seed", 5},
          {"data_seed", 11},
          {"problem", problem},
          {"model",
           {{"hidden", {16}},
            {"activation", "tanh"},
            {"init", "xavier_uniform"},
            {"loss", "cross_entropy"}}},
          {"optimizer", {{"name", "adam"}, {"lr", 0.01}}},
          {"batch_size", 16},
          {"steps", 120},
          {"eval_every", 20}};
}

std::vector<MetricRow> run_all(const json& j) {
  ParsedConfig parsed = validate_config_text(j.dump());
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.errors[0].message);
  if (!parsed.ok()) return {};
  Run run(*parsed.config);
  std::vector<MetricRow> rows = run.take_metrics();
  while (run.status() == RunStatus::Running) {
    run.step(50);
    for (const auto& r : run.take_metrics()) rows.push_back(r);
  }
  return rows;
}

TEST(TableUci, CsvRunsAreTheBuiltInRunsBitForBit) {
  for (const Uci& u : kUci) {
    if (std::string(u.builtin) == "digits") continue;  // same data as above; the runs are slow
    const std::string hash = registered(u.file);
    const auto table = run_all(run_config(
        {{"kind", "table"}, {"sha256", hash}, {"label", u.label}, {"test_fraction", 0.25}}));
    const auto builtin =
        run_all(run_config({{"kind", "dataset"}, {"name", u.builtin}, {"test_fraction", 0.25}}));
    ASSERT_EQ(table.size(), builtin.size()) << u.file;
    ASSERT_GT(table.size(), 3u);
    EXPECT_EQ(std::memcmp(table.data(), builtin.data(), table.size() * sizeof(MetricRow)), 0)
        << u.file;
  }
}

TEST(TableConfig, NormalFormAndRefusals) {
  const std::string hash = registered("iris.csv");
  json problem = {{"kind", "table"}, {"sha256", hash}, {"label", "label"}};
  ParsedConfig parsed = parse_config(run_config(problem));
  ASSERT_TRUE(parsed.ok()) << parsed.errors[0].message;
  const json normal = to_json(*parsed.config);
  EXPECT_EQ(normal["problem"]["task"], "classification");  // "auto" resolved
  EXPECT_EQ(normal["problem"]["features"].size(), 4u);
  EXPECT_EQ(to_json(*parse_config(normal).config), normal);

  const auto first_error = [](const json& config) {
    ParsedConfig p = parse_config(config);
    return p.ok() ? FieldError{"", "(accepted)"} : p.errors[0];
  };
  json unknown = problem;
  unknown["sha256"] = std::string(64, '0');
  EXPECT_EQ(first_error(run_config(unknown)).field, "problem.sha256");
  EXPECT_NE(first_error(run_config(unknown)).message.find("no table with this SHA-256"),
            std::string::npos);
  json bad_label = problem;
  bad_label["label"] = "species";
  EXPECT_EQ(first_error(run_config(bad_label)).field, "problem.label");
  json bad_feature = problem;
  bad_feature["features"] = {"sepal length", "label"};
  EXPECT_EQ(first_error(run_config(bad_feature)).field, "problem.features[1]");
  json regression = problem;
  regression["task"] = "regression";
  EXPECT_EQ(first_error(run_config(regression)).field, "model.loss");  // cross_entropy
  json extra = problem;
  extra["name"] = "iris";
  EXPECT_EQ(first_error(run_config(extra)).field, "problem.name");
}

TEST(TableConfig, AnEncodingProblemIsAConfigErrorNamingTheCell) {
  const TableRegistration r = register_table("x,y\n1,0\n,1\n2,1\n");
  ASSERT_TRUE(r.table);
  const auto errors = problem_errors(
      *parse_config(run_config({{"kind", "table"}, {"sha256", r.table->sha256}, {"label", "y"}}))
           .config);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "problem");
  EXPECT_NE(errors[0].message.find("row 2 (line 3), column 'x'"), std::string::npos);
}

}  // namespace
}  // namespace descent
