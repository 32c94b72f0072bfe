#pragma once
// One logged row of a run. NaN means "not measured at this row" (test metrics of a set
// without a test split, x/y of a network); a run never logs NaN as a value: it stops as
// diverged instead.
#include <array>
#include <limits>

namespace descent {

struct MetricRow {
  static constexpr double none = std::numeric_limits<double>::quiet_NaN();
  double step = 0;
  double loss = none;            // full training loss (datasets) or f(x) (functions)
  double accuracy = none;        // training accuracy (classification)
  double test_loss = none;
  double test_accuracy = none;
  double lr = none;              // learning rate of the update that produced this row
  double grad_norm = none;       // norm of that update's raw (minibatch) gradient
  double update_norm = none;     // norm of the parameter change
  double param_norm = none;
  double x = none, y = none;     // the point, for 2-D functions
};

constexpr int kMetricColumns = 11;
constexpr std::array<const char*, kMetricColumns> kMetricNames = {
    "step",     "loss",      "accuracy",    "test_loss",  "test_accuracy", "lr",
    "grad_norm", "update_norm", "param_norm", "x",         "y"};

inline std::array<double, kMetricColumns> columns_of(const MetricRow& r) {
  return {r.step, r.loss, r.accuracy, r.test_loss, r.test_accuracy, r.lr,
          r.grad_norm, r.update_norm, r.param_norm, r.x, r.y};
}

}  // namespace descent
