// The metric table (run/metric_columns.h) is the only list of columns: every MetricRow field
// has exactly one row there, names are unique, the diagnostics catalog's columns all come from
// it, and a run's rows carry the values the table's member pointers read.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "catalog/catalog_json.h"
#include "run/config.h"
#include "run/metric_columns.h"
#include "run/run.h"

using namespace descent;

namespace {

int row_columns() {
  int n = 0;
  for (const auto& c : metric_columns()) n += c.stream == MetricStream::Rows;
  return n;
}

}  // namespace

TEST(MetricColumns, EveryRowFieldHasExactlyOneColumn) {
  // MetricRow is a plain struct of doubles: a field without a table row would make the count
  // differ, a field listed twice would repeat an offset.
  ASSERT_EQ(sizeof(MetricRow), static_cast<std::size_t>(row_columns()) * sizeof(double));
  MetricRow row;
  std::set<const double*> fields;
  for (const auto& c : metric_columns()) {
    if (c.stream != MetricStream::Rows) {
      EXPECT_EQ(c.field, nullptr) << c.name;
      continue;
    }
    ASSERT_NE(c.field, nullptr) << c.name;
    EXPECT_TRUE(fields.insert(&(row.*c.field)).second) << c.name << " shares a field";
  }
  EXPECT_EQ(metric_columns().front().name, std::string("step"));
}

TEST(MetricColumns, NamesAreUniqueAndDescribed) {
  std::set<std::string> names;
  for (const auto& c : metric_columns()) {
    EXPECT_TRUE(names.insert(c.name).second) << c.name;
    EXPECT_NE(std::string(c.title), "") << c.name;
    EXPECT_NE(std::string(c.description), "") << c.name;
    EXPECT_EQ(find_metric_column(c.name), &c);
  }
  EXPECT_EQ(find_metric_column("no_such_column"), nullptr);
}

TEST(MetricColumns, CatalogExportsTheTableAndDiagnosticsReferToIt) {
  const nlohmann::json catalog = catalog_json();
  const auto& metrics = catalog.at("metrics");
  ASSERT_EQ(metrics.size(), metric_columns().size());
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    EXPECT_EQ(metrics[i].at("name"), metric_columns()[i].name);
    const std::string scale = metrics[i].at("scale");
    EXPECT_TRUE(scale == "linear" || scale == "log") << scale;
  }
  int listed = 0;
  for (const auto& entry : catalog.at("diagnostics").at("entries")) {
    for (const auto& name : entry.at("columns")) {
      const MetricColumn* column = find_metric_column(name.get<std::string>());
      ASSERT_NE(column, nullptr) << name;
      EXPECT_EQ(column->diagnostic, entry.at("name").get<std::string>());
      ++listed;
    }
  }
  int with_diagnostic = 0;
  for (const auto& c : metric_columns()) with_diagnostic += *c.diagnostic != '\0';
  EXPECT_EQ(listed, with_diagnostic) << "a column names a diagnostic the catalog lacks";
}

TEST(MetricColumns, RowsReadThroughTheTableMatchTheStruct) {
  const char* text = R"({"schema": 1, "steps": 3,
    "problem": {"kind": "function", "name": "rosenbrock"},
    "optimizer": {"name": "sgd", "lr": 0.001}})";
  ParsedConfig parsed = parse_config_text(text);
  ASSERT_TRUE(parsed.ok());
  descent::Run run(*parsed.config);
  run.step(3);
  const auto rows = run.take_metrics();
  ASSERT_FALSE(rows.empty());
  const MetricRow& last = rows.back();
  EXPECT_EQ(last.*find_metric_column("step")->field, last.step);
  EXPECT_EQ(last.*find_metric_column("loss")->field, last.loss);
  EXPECT_EQ(last.*find_metric_column("x")->field, last.x);
  EXPECT_EQ(last.*find_metric_column("y")->field, last.y);
  EXPECT_TRUE(std::isnan(last.*find_metric_column("sharpness")->field));
}
