#include "gallery/gallery.h"

#include <algorithm>
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

// What every run on one page shares (the page's AppState holds one of each).
constexpr const char* kPageShared[] = {"problem",    "seed",       "steps",
                                       "batch_size", "eval_every", "diagnostics"};

// The page's model state: hidden, activation, init and loss by name, the rest as params.
json model_state(const json& model) {
  json params = json::object();
  for (auto it = model.begin(); it != model.end(); ++it) {
    if (it.key() != "hidden" && it.key() != "activation" && it.key() != "init" &&
        it.key() != "loss") {
      params[it.key()] = it.value();
    }
  }
  return {{"hidden", model.at("hidden")},
          {"activation", model.at("activation")},
          {"init", model.at("init")},
          {"loss", model.at("loss")},
          {"params", params}};
}

// The page's AppState (web/src/state/types.ts) for the demo's runs, less what only the page
// knows (run ids, colours, view): one problem, seed and run length shared by all runs, the
// first run's model and precision as the shared ones, and each run with its own optimizer,
// schedule and transforms, plus its own model or precision where it differs (a width sweep,
// float32 against float64). `fits` is false when the runs differ in anything else (problem,
// seed, budget, diagnostics), which one page cannot hold: then each run needs its own link.
json share_state(const std::vector<std::string>& labels, const std::vector<json>& configs,
                 bool& fits) {
  const json& first = configs.front();
  fits = true;
  for (const auto& c : configs) {
    for (const char* key : kPageShared) {
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
  if (first.contains("model")) state["model"] = model_state(first.at("model"));
  for (const char* key : {"diagnostics", "precision"}) {
    if (first.contains(key)) state[key] = first.at(key);
  }
  json runs = json::array();
  for (std::size_t i = 0; i < configs.size(); ++i) {
    const json& config = configs[i];
    json transforms = json::array();
    for (const auto& t : config.at("transforms")) transforms.push_back(named_state(t));
    json run = {{"name", labels[i]},
                {"optimizer", named_state(config.at("optimizer"))},
                {"schedule", named_state(config.at("schedule"))},
                {"transforms", transforms}};
    if (config.contains("model") && config.at("model") != first.value("model", json())) {
      run["model"] = model_state(config.at("model"));
    }
    if (config.value("precision", json()) != first.value("precision", json())) {
      run["precision"] = config.value("precision", json("float32"));
    }
    runs.push_back(run);
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
  std::vector<std::string> labels;
  json runs = json::array();
  for (const auto& r : demo.runs) {
    configs.push_back(normalised(r.config));
    labels.push_back(r.label);
    runs.push_back({{"label", r.label}, {"config", configs.back()}});
  }
  json plots = json::array();
  for (const auto& p : demo.plots) plots.push_back(plot_json(p));
  bool fits = true;
  json share = {{"state", share_state(labels, configs, fits)}, {"one_link", fits}};
  if (!fits) {
    // One state per group of runs that agree on what a page shares, in the demo's order.
    std::vector<std::string> keys;
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < configs.size(); ++i) {
      json shared = json::object();
      for (const char* key : kPageShared) shared[key] = configs[i].value(key, json());
      const std::string k = shared.dump();
      const auto at = std::find(keys.begin(), keys.end(), k);
      if (at == keys.end()) {
        keys.push_back(k);
        groups.push_back({i});
      } else {
        groups[static_cast<std::size_t>(at - keys.begin())].push_back(i);
      }
    }
    json run_states = json::array();
    for (const auto& group : groups) {
      std::vector<std::string> group_labels;
      std::vector<json> group_configs;
      for (std::size_t i : group) {
        group_labels.push_back(labels[i]);
        group_configs.push_back(configs[i]);
      }
      bool agree = true;
      run_states.push_back(share_state(group_labels, group_configs, agree));
    }
    share["run_states"] = run_states;
  }
  return {{"name", demo.name},
          {"title", demo.title},
          {"claim", demo.claim},
          {"paper", citation_json(demo.paper)},
          {"runs", runs},
          {"plots", plots},
          {"live_controls", demo.live_controls},
          {"check", demo.check_description},
          {"share", share}};
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
