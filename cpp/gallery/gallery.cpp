#include "gallery/gallery.h"

#include <cmath>
#include <cstdio>

#include "catalog/catalog_json.h"
#include "gallery/demos/demos.h"
#include "run/config.h"

namespace descent {

using nlohmann::json;

namespace {

std::string format(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", v);
  return buffer;
}

void add(ClaimReport& report, const std::string& name, double value, double lo, double hi,
         std::string requirement) {
  const bool pass = std::isfinite(value) && value >= lo && value <= hi;
  report.figures.push_back({name, value, std::move(requirement), pass});
}

json normalised(const json& config) {
  ParsedConfig parsed = parse_config(config);
  return parsed.ok() ? to_json(*parsed.config) : config;
}

json named_state(const json& named) {
  json params = json::object();
  for (auto it = named.begin(); it != named.end(); ++it) {
    if (it.key() != "name") params[it.key()] = it.value();
  }
  return {{"name", named.at("name")}, {"params", params}};
}

// The page's AppState (web/src/state/types.ts) for the demo's runs: one problem, model and
// run length shared by all runs, each run with its own optimizer, schedule and transforms.
// `fits` is false when the runs differ in anything else (a width sweep, float32 against
// float64): then each run needs its own link.
json share_state(const Demo& demo, const std::vector<json>& configs, bool& fits) {
  const json& first = configs.front();
  fits = true;
  for (const auto& c : configs) {
    for (const char* key : {"problem", "model", "seed", "steps", "batch_size", "eval_every",
                            "diagnostics", "precision"}) {
      if (c.value(key, json()) != first.value(key, json())) fits = false;
    }
  }
  json problem = first.at("problem");
  json problem_params = json::object();
  for (auto it = problem.begin(); it != problem.end(); ++it) {
    if (it.key() != "kind" && it.key() != "name" && it.key() != "start") {
      problem_params[it.key()] = it.value();
    }
  }
  json state = {{"problem",
                 {{"kind", problem.at("kind")},
                  {"name", problem.at("name")},
                  {"params", problem_params},
                  {"start", problem.value("start", json())}}},
                {"seed", first.at("seed")},
                {"steps", first.at("steps")},
                {"batchSize", first.value("batch_size", 0)},
                {"evalEvery", first.value("eval_every", 50)}};
  if (first.contains("model")) {
    const json& m = first.at("model");
    json params = json::object();
    for (auto it = m.begin(); it != m.end(); ++it) {
      if (it.key() != "hidden" && it.key() != "activation" && it.key() != "init" &&
          it.key() != "loss") {
        params[it.key()] = it.value();
      }
    }
    state["model"] = {{"hidden", m.at("hidden")},
                      {"activation", m.at("activation")},
                      {"init", m.at("init")},
                      {"loss", m.at("loss")},
                      {"params", params}};
  }
  for (const char* key : {"diagnostics", "precision"}) {
    if (first.contains(key)) state[key] = first.at(key);
  }
  json runs = json::array();
  for (std::size_t i = 0; i < configs.size(); ++i) {
    json transforms = json::array();
    for (const auto& t : configs[i].at("transforms")) transforms.push_back(named_state(t));
    runs.push_back({{"name", demo.runs[i].label},
                    {"optimizer", named_state(configs[i].at("optimizer"))},
                    {"schedule", named_state(configs[i].at("schedule"))},
                    {"transforms", transforms}});
  }
  state["runs"] = runs;
  return state;
}

json plot_json(const DemoPlot& p) {
  return {{"title", p.title}, {"kind", p.kind},          {"y", p.y}, {"x", p.x}, {"log_x", p.log_x},
          {"log_y", p.log_y}, {"reference", p.reference}};
}

}  // namespace

void ClaimReport::require(const std::string& name, double value, double lo, double hi) {
  add(*this, name, value, lo, hi, "in [" + format(lo) + ", " + format(hi) + "]");
}
void ClaimReport::require_at_least(const std::string& name, double value, double lo) {
  add(*this, name, value, lo, INFINITY, ">= " + format(lo));
}
void ClaimReport::require_at_most(const std::string& name, double value, double hi) {
  add(*this, name, value, -INFINITY, hi, "<= " + format(hi));
}

const std::vector<Demo>& gallery_demos() {
  static const std::vector<Demo> demos = all_demos();
  return demos;
}

const Demo* find_demo(const std::string& name) {
  for (const auto& d : gallery_demos()) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

json demo_json(const Demo& demo) {
  std::vector<json> configs;
  json runs = json::array();
  for (const auto& r : demo.runs) {
    configs.push_back(normalised(r.config));
    runs.push_back({{"label", r.label}, {"config", configs.back()}});
  }
  json plots = json::array();
  for (const auto& p : demo.plots) plots.push_back(plot_json(p));
  bool fits = true;
  json state = share_state(demo, configs, fits);
  return {{"name", demo.name},
          {"title", demo.title},
          {"claim", demo.claim},
          {"paper", citation_json(demo.paper)},
          {"runs", runs},
          {"plots", plots},
          {"live_controls", demo.live_controls},
          {"check", demo.check_description},
          {"share", {{"state", state}, {"one_link", fits}}}};
}

json gallery_json() {
  json out = json::array();
  for (const auto& d : gallery_demos()) out.push_back(demo_json(d));
  return out;
}

json claim_json(const Demo& demo, const ClaimReport& report) {
  json figures = json::array();
  for (const auto& f : report.figures) {
    figures.push_back({{"name", f.name},
                       {"value", std::isfinite(f.value) ? json(f.value) : json(nullptr)},
                       {"requirement", f.requirement},
                       {"pass", f.pass}});
  }
  return {
      {"name", demo.name}, {"claim", demo.claim}, {"pass", report.pass()}, {"figures", figures}};
}

}  // namespace descent
