#include "catalog/catalog_json.h"

#include <cmath>

#include "catalog/page_limits.h"
#include "diagnostics/diagnostics_config.h"
#include "nn/model_catalog.h"
#include "optim/optimizer.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/transform_catalog.h"
#include "problems/datasets/dataset.h"
#include "problems/functions/function2d.h"
#include "run/config.h"
#include "run/function_problem.h"
#include "run/metric_columns.h"
#include "run/network_problem.h"
#include "run/run_params.h"
#include "run/sensing_problem.h"
#include "schedule/schedule.h"

namespace descent {

using nlohmann::json;

json citation_json(const Citation& c) {
  json out = {{"title", c.title}, {"authors", c.authors}, {"year", c.year}};
  if (!c.venue.empty()) out["venue"] = c.venue;
  return out;
}

json params_json(const std::vector<ParamSpec>& specs) {
  json out = json::array();
  for (const auto& s : specs) {
    json p = {{"name", s.name}, {"description", s.description}};
    switch (s.kind) {
      case ParamKind::Real:
      case ParamKind::Integer:
        p["kind"] = s.kind == ParamKind::Real ? "real" : "integer";
        p["default"] = s.default_value;
        p["min"] = s.min;
        p["max"] = s.max;
        p["log"] = s.log_scale;
        break;
      case ParamKind::Boolean:
        p["kind"] = "boolean";
        p["default"] = s.default_value != 0.0;
        break;
      case ParamKind::Choice:
        p["kind"] = "choice";
        p["default"] = s.default_choice;
        p["choices"] = s.choices;
        break;
      case ParamKind::Series:
        p["kind"] = "series";
        p["default"] = json::array();
        p["min"] = s.min;
        p["max"] = s.max;
        p["min_length"] = s.min_length;
        p["max_length"] = s.max_length;
        break;
    }
    out.push_back(p);
  }
  return out;
}

namespace {

template <class Info>
json entry(const Info& info) {
  return {{"name", info.name},
          {"title", info.title},
          {"description", info.description},
          {"citation", citation_json(info.citation)},
          {"params", params_json(info.params)}};
}

const char* family_name(DatasetFamily f) {
  switch (f) {
    case DatasetFamily::Synthetic:
      return "synthetic";
    case DatasetFamily::Regression:
      return "regression";
    case DatasetFamily::Real:
      return "real";
    case DatasetFamily::Modular:
      return "modular";
  }
  return "";
}

}  // namespace

json catalog_json() {
  json out;
  out["schema"] = kSchemaVersion;
  json optimizers = json::array();
  for (const auto& info : optimizer_catalog()) {
    json e = entry(info);
    e["family"] = info.family;
    e["family_title"] = find_family(info.family)->title;
    e["cost"] = {{"gradients", info.gradients_per_step},
                 {"hvps", info.hvps_per_step},
                 {"jvps", info.jvps_per_step}};
    e["needs_hvp"] = info.needs_hvp;
    e["functions_only"] = info.functions_only;
    e["networks_only"] = info.output_space || info.layer_access;
    optimizers.push_back(e);
  }
  out["optimizers"] = optimizers;
  json transforms = json::array();
  for (const auto& info : transform_catalog()) {
    json e = entry(info);
    e["stage"] = info.stage == TransformStage::Pre ? "pre" : "post";
    if (info.jvps_per_step > 0) e["cost"] = {{"jvps", info.jvps_per_step}};
    transforms.push_back(e);
  }
  out["transforms"] = transforms;
  json schedules = json::array();
  for (const auto& info : schedule_catalog()) {
    json e = entry(info);
    e["needs_feedback"] = info.needs_feedback;
    schedules.push_back(e);
  }
  out["schedules"] = schedules;
  json functions = json::array();
  for (const auto& info : function_catalog()) {
    json e = entry(info);
    e["formula"] = info.formula;
    e["start"] = {info.start.x(), info.start.y()};
    e["box"] = {info.box.xmin, info.box.xmax, info.box.ymin, info.box.ymax};
    json minima = json::array();
    for (const auto& m : info.minima) minima.push_back({m.x(), m.y()});
    e["minima"] = minima;
    e["minimum_value"] = std::isfinite(info.minimum_value) ? json(info.minimum_value) : json();
    e["smooth"] = info.smooth;
    e["online"] = info.online;
    e["game"] = info.game;
    e["feasible"] = info.feasible ? json{info.feasible->xmin, info.feasible->xmax,
                                         info.feasible->ymin, info.feasible->ymax}
                                  : json();
    e["hvp"] = FunctionProblem::kHasHvp;
    functions.push_back(e);
  }
  out["functions"] = functions;
  json datasets = json::array();
  for (const auto& info : dataset_catalog()) {
    json e = entry(info);
    e["family"] = family_name(info.family);
    e["task"] = info.task == Task::Classification ? "classification" : "regression";
    e["plane"] = info.plane;
    e["hvp"] = NetworkProblem::kHasHvp;
    datasets.push_back(e);
  }
  out["datasets"] = datasets;
  json sensing = json::array();
  for (const auto& info : sensing_catalog()) {
    json e = entry(info);
    e["hvp"] = SensingProblem::kHasHvp;
    sensing.push_back(e);
  }
  out["sensing"] = sensing;
  out["model"] = model_catalog_json();
  out["model"]["params"] = params_json(model_params());
  out["run"] = {{"params", params_json(run_params())}};
  json switch_kinds = json::array();
  for (const auto& k : task_switch_kinds()) {
    switch_kinds.push_back({{"name", k.name},
                            {"title", k.title},
                            {"description", k.description},
                            {"classification_only", k.classification_only}});
  }
  out["task_switches"] = {{"kinds", switch_kinds},
                          {"params", params_json(task_switch_params())},
                          {"max", kMaxTaskSwitches}};
  out["diagnostics"] = diagnostics_catalog_json();
  out["metrics"] = metric_columns_json();
  out["limits"] = {{"max_steps", Limits::max_steps},  {"max_layers", Limits::max_layers},
                   {"max_width", Limits::max_width},  {"max_params", Limits::max_params},
                   {"max_batch", Limits::max_batch},  {"max_transforms", Limits::max_transforms},
                   {"max_runs", PageLimits::max_runs}};
  return out;
}

}  // namespace descent
