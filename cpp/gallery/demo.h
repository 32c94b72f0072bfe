#pragma once
// A gallery demo: a phenomenon from a paper, the runs that show it, the plots that make the
// point, and a claim check that measures the phenomenon and can fail. Defined once here;
// `descent gallery` and the page (through the gallery() binding) read the same list.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/spec.h"

namespace descent {

// One run of a demo: a schema-1 config (omitted fields take their defaults).
struct DemoRun {
  std::string label;
  nlohmann::json config;
};

// A chart that makes the demo's point.
struct DemoPlot {
  std::string title;
  std::string kind = "metric";  // "metric": columns against x; "landscape": a loss slice;
                                // "final": one value per run (sweeps) against `x`
  std::vector<std::string> y;   // metric columns plotted (one line per run)
  std::string x = "step";       // a metric column, or for "final" a run-config path
  bool log_x = false;
  bool log_y = false;
  std::string reference;  // a reference line: "2/lr" (edge of stability), or ""
};

// One measured figure behind a claim, with the requirement it is checked against.
struct Figure {
  std::string name;
  double value = 0.0;
  std::string requirement;  // e.g. ">= 0.9", "in [1.5, 2.6] x 2/lr"
  bool pass = false;
};

struct ClaimReport {
  std::vector<Figure> figures;
  bool pass() const {
    if (figures.empty()) return false;
    for (const auto& f : figures) {
      if (!f.pass) return false;
    }
    return true;
  }
  // Adds a figure checked against lo <= value <= hi (either bound may be +-infinity).
  void require(const std::string& name, double value, double lo, double hi);
  void require_at_least(const std::string& name, double value, double lo);
  void require_at_most(const std::string& name, double value, double hi);
};

struct Demo {
  std::string name;   // config-style id: "edge_of_stability"
  std::string title;  // "Edge of stability"
  std::string claim;  // one sentence, what the check measures
  Citation paper;
  std::vector<DemoRun> runs;
  std::vector<DemoPlot> plots;
  // Settings that stay live when the demo is embedded with locked controls, as run-config
  // paths ("optimizer.lr", "seed", "model.l2", ...); everything else is locked.
  std::vector<std::string> live_controls;
  std::string check_description;  // how the claim is measured, in words
  std::function<ClaimReport(const Demo&)> check;
};

}  // namespace descent
