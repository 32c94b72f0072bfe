#pragma once
// Building a whole run from a config the test expects to be valid, and reading its metric rows:
// the scaffolding of the tests that check runs end to end.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "run/config.h"
#include "run/run.h"

namespace descent::test_run {

// The parsed config; a failed expectation names the field and the message when it is invalid.
inline RunConfig config_of(const nlohmann::json& j) {
  ParsedConfig parsed = parse_config(j);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok()
                                   ? ""
                                   : parsed.errors[0].field + ": " + parsed.errors[0].message);
  return *parsed.config;
}

// Every metric row of the run, stepped to its end `chunk` steps at a time (the chunking must
// not change the rows); a failed expectation when it ends with another status than `expected`.
inline std::vector<MetricRow> run_rows(const nlohmann::json& j, int chunk = 50,
                                       RunStatus expected = RunStatus::Ok) {
  descent::Run run(config_of(j));
  std::vector<MetricRow> rows = run.take_metrics();
  while (run.status() == RunStatus::Running) {
    run.step(chunk);
    for (const auto& r : run.take_metrics()) rows.push_back(r);
  }
  EXPECT_EQ(run.status(), expected) << run.message();
  return rows;
}

}  // namespace descent::test_run
