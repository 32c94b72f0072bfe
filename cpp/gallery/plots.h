#pragma once
// Builders for a demo's charts, so a demo file names only what differs between them: the
// title, the columns and the axes' scales.
#include <string>
#include <utility>
#include <vector>

#include "gallery/demo.h"

namespace descent {

// Which axes of a chart are logarithmic.
enum class PlotScale { linear, log_y, log_x, log_xy };

// Metric columns against the step, one line per run; `reference` names a reference line
// ("2/lr"), or "" for none.
inline DemoPlot metric_plot(std::string title, std::vector<std::string> y,
                            PlotScale scale = PlotScale::linear, std::string reference = "") {
  DemoPlot p;
  p.title = std::move(title);
  p.kind = "metric";
  p.y = std::move(y);
  p.x = "step";
  p.log_x = scale == PlotScale::log_x || scale == PlotScale::log_xy;
  p.log_y = scale == PlotScale::log_y || scale == PlotScale::log_xy;
  p.reference = std::move(reference);
  return p;
}

// A sweep's chart: each run's final value of the columns against a setting of its config
// (a run-config path such as "optimizer.lr").
inline DemoPlot final_plot(std::string title, std::vector<std::string> y, std::string x_path,
                           PlotScale scale) {
  DemoPlot p = metric_plot(std::move(title), std::move(y), scale);
  p.kind = "final";
  p.x = std::move(x_path);
  return p;
}

}  // namespace descent
