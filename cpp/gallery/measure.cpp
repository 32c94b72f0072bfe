#include "gallery/measure.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "gallery/measure_diagnostics.h"
#include "run/metric_columns.h"
#include "run/training_problem.h"

namespace descent {

RunOutcome run_config(const nlohmann::json& config) { return run_config(config, nullptr); }

RunOutcome run_config(const nlohmann::json& config, std::vector<DiagnosticRecord>* records) {
  ParsedConfig parsed = validate_config_text(config.dump());
  if (!parsed.ok()) {
    const FieldError& e = parsed.errors.front();
    throw std::runtime_error("invalid demo config: " + e.field + ": " + e.message);
  }
  RunOutcome outcome;
  Run run(*parsed.config);
  while (run.status() == RunStatus::Running) {
    run.step(1000);
    for (const auto& row : run.take_metrics()) outcome.rows.push_back(row);
    for (auto& record : run.take_diagnostics()) {
      if (records) records->push_back(std::move(record));
    }
  }
  for (const auto& row : run.take_metrics()) outcome.rows.push_back(row);
  outcome.status = run.status();
  outcome.steps_done = run.current_step();
  outcome.message = run.message();
  return outcome;
}

RunOutcomes run_all(const Demo& demo) {
  RunOutcomes outs;
  for (const auto& r : demo.runs) outs.push_back(run_config(r.config));
  return outs;
}

std::function<ClaimReport(const Demo&)> check_runs(
    std::function<void(const RunOutcomes& outs, ClaimReport& report)> measure) {
  return [measure = std::move(measure)](const Demo& demo) {
    ClaimReport report;
    measure(run_all(demo), report);
    return report;
  };
}

double final_loss(const RunOutcome& out) { return out.diverged() ? 1e300 : out.last().loss; }

double per_step_factor(const std::vector<MetricRow>& rows, int a, int b) {
  const double fa = column(rows, "loss", a, a).at(0);
  const double fb = column(rows, "loss", b, b).at(0);
  return std::pow(fb / fa, 1.0 / (2.0 * (b - a)));
}

nlohmann::json with_value(nlohmann::json config, const std::string& path,
                          const nlohmann::json& value) {
  nlohmann::json* node = &config;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (dot == std::string::npos) {
      (*node)[key] = value;
      return config;
    }
    node = &(*node)[key];
    start = dot + 1;
  }
}

std::vector<double> column(const std::vector<MetricRow>& rows, const std::string& name, double from,
                           double to) {
  std::vector<double> out;
  for (const auto& row : rows) {
    if (row.step < from || row.step > to) continue;
    const double v = metric_value(row, name);
    if (!std::isnan(v)) out.push_back(v);
  }
  return out;
}

int loss_increases(const std::vector<MetricRow>& rows, double from, double to) {
  const std::vector<double> loss = column(rows, "loss", from, to);
  int count = 0;
  for (std::size_t i = 1; i < loss.size(); ++i) count += loss[i] > loss[i - 1];
  return count;
}

double max_of(const std::vector<double>& values) {
  return values.empty() ? std::nan("") : *std::max_element(values.begin(), values.end());
}
double min_of(const std::vector<double>& values) {
  return values.empty() ? std::nan("") : *std::min_element(values.begin(), values.end());
}

double metric_value(const MetricRow& row, const std::string& name) {
  const MetricColumn* column = find_metric_column(name);
  if (column && column->field) return row.*column->field;
  throw std::invalid_argument("unknown metric column " + name);
}

double first_step_at_least(const std::vector<MetricRow>& rows, const std::string& name,
                           double threshold) {
  for (const auto& row : rows) {
    if (metric_value(row, name) >= threshold) return row.step;
  }
  return std::nan("");
}

}  // namespace descent
