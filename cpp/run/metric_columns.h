#pragma once
// The metric columns a run reports, defined once: the CLI's rows, the WASM module's
// takeMetrics(), the gallery's measurements and the page's charts, tables, CSV and JSON
// exports all read this table (the catalog exports it under "metrics"). Adding a column is a
// row here, a field in MetricRow (run/metrics.h) and the code that fills it.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run/metrics.h"

namespace descent {

// How a chart draws the column's values: "log" follows the page's log-y toggle (positive
// values spanning decades), "linear" never goes logarithmic.
enum class AxisScale { Linear, Log };

// Which runs report a finite value in the column.
enum class ProducedBy {
  All,             // every run
  Functions,       // 2-D test functions
  Datasets,        // neural networks on data sets
  Classification,  // data sets with a classification task
  Measured,  // only runs that measure it (a diagnostic, or the condition the description names)
};

// Whether the column is a row of takeMetrics() or of the per-step minibatch stream
// (takeBatchLosses(): step and batch_loss).
enum class MetricStream { Rows, Batch };

struct MetricColumn {
  const char* name;
  const char* title;  // a chart's title
  const char* label;  // the legend entry when a chart draws several columns
  const char* chart;  // columns sharing a chart id are drawn together; "" for the x axis
  AxisScale scale;
  ProducedBy produced_by;
  const char* diagnostic;   // the diagnostics entry that measures it, or ""
  const char* unit;         // "", "fraction" (0..1), "degrees" or "count"
  bool smoothable;          // noisy training measurements the page may smooth (EMA)
  const char* reference;    // a reference line the chart can draw ("2/lr"), or ""
  const char* description;  // one line, shown as the chart's tooltip
  MetricStream stream;
  double MetricRow::*field;  // where a row keeps it (nullptr for the batch stream)
};

const std::vector<MetricColumn>& metric_columns();

// The column of that name, or nullptr.
const MetricColumn* find_metric_column(const std::string& name);

// Columns that the diagnostics entry of that name measures, in table order.
std::vector<std::string> diagnostic_columns(const std::string& diagnostic);

nlohmann::json metric_columns_json();

}  // namespace descent
