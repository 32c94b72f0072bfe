#pragma once
// Helpers for claim checks: run a demo config to its end and read figures off its metrics.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gallery/demo.h"
#include "run/metrics.h"
#include "run/run.h"

namespace descent {

struct RunOutcome {
  std::vector<MetricRow> rows;
  RunStatus status = RunStatus::Running;
  int steps_done = 0;
  std::string message;
  bool diverged() const { return status == RunStatus::Diverged; }
  const MetricRow& last() const { return rows.back(); }
};

// Validates (throws std::runtime_error naming the field on an invalid config) and runs to
// the end.
RunOutcome run_config(const nlohmann::json& config);

using RunOutcomes = std::vector<RunOutcome>;

// Runs every run of a demo, in order.
RunOutcomes run_all(const Demo& demo);

// The claim check of a demo whose figures are read off its own runs: runs them all, in order
// (run_all), and hands their outcomes to `measure`, which adds the figures to the report.
std::function<ClaimReport(const Demo&)> check_runs(
    std::function<void(const RunOutcomes& outs, ClaimReport& report)> measure);

// The last training loss, or 1e300 for a diverged run (so that a requirement on it, or on a
// ratio against it, fails rather than reads a loss from before the blow-up).
double final_loss(const RunOutcome& out);

// Per-step factor of the distance to the minimum of a quadratic, from f = |x|_H^2 / 2 logged
// at steps a and b: (f_b / f_a)^(1 / (2 (b - a))) (below 1: contraction, above 1: growth).
double per_step_factor(const std::vector<MetricRow>& rows, int a, int b);

// Returns config with the value at a dotted path ("optimizer.lr") replaced.
nlohmann::json with_value(nlohmann::json config, const std::string& path,
                          const nlohmann::json& value);

// Values of one metric column (by name) over rows with step in [from, to], NaN skipped.
std::vector<double> column(const std::vector<MetricRow>& rows, const std::string& name,
                           double from = 0, double to = 1e300);

// Number of rows where loss rose compared with the previous row.
int loss_increases(const std::vector<MetricRow>& rows, double from = 0, double to = 1e300);

// One metric of a row by column name (throws std::invalid_argument for an unknown name).
double metric_value(const MetricRow& row, const std::string& name);

double max_of(const std::vector<double>& values);
double min_of(const std::vector<double>& values);
// First step whose `name` column reaches at least `threshold` (NaN if never).
double first_step_at_least(const std::vector<MetricRow>& rows, const std::string& name,
                           double threshold);

}  // namespace descent
