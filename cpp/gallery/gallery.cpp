#include "gallery/gallery.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include "catalog/catalog_json.h"
#include "catalog/page_limits.h"
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

// The run-config settings one page holds once for all its runs (the page's state has one
// problem, seed, run length, evaluation cadence and diagnostics section; each run has its own
// optimizer, schedule, transforms, and may have its own model, precision and batch size).
constexpr const char* kPageShared[] = {"problem", "seed", "steps", "eval_every", "diagnostics"};

// Groups of runs (indices, in the demo's order) that agree on every kPageShared setting, each
// cut in the demo's order into pages of at most PageLimits::max_runs: one page, and one link,
// per group.
json share_groups(const std::vector<json>& configs) {
  std::vector<std::string> keys;
  std::vector<std::vector<std::size_t>> agreeing;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    json shared = json::object();
    for (const char* key : kPageShared) shared[key] = configs[i].value(key, json());
    const std::string k = shared.dump();
    const auto at = std::find(keys.begin(), keys.end(), k);
    if (at == keys.end()) {
      keys.push_back(k);
      agreeing.push_back({i});
    } else {
      agreeing[static_cast<std::size_t>(at - keys.begin())].push_back(i);
    }
  }
  const auto page = static_cast<std::size_t>(PageLimits::max_runs);
  json groups = json::array();
  for (const auto& runs : agreeing) {
    for (std::size_t from = 0; from < runs.size(); from += page) {
      const auto to = std::min(runs.size(), from + page);
      groups.push_back(std::vector<std::size_t>(runs.begin() + static_cast<std::ptrdiff_t>(from),
                                                runs.begin() + static_cast<std::ptrdiff_t>(to)));
    }
  }
  return groups;
}

// True when `path` ("optimizer.lr", "seed") names a setting (not a section) of `config`.
bool names_a_setting(const json& config, const std::string& path) {
  const json* at = &config;
  std::size_t from = 0;
  while (from <= path.size()) {
    const std::size_t dot = path.find('.', from);
    const std::string key = path.substr(from, dot == std::string::npos ? dot : dot - from);
    if (!at->is_object() || !at->contains(key)) return false;
    at = &at->at(key);
    if (dot == std::string::npos) break;
    from = dot + 1;
  }
  return !at->is_object();
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
  json share = {{"settings", kPageShared}, {"groups", share_groups(configs)}};
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
std::vector<std::string> demo_problems(const Demo& demo) {
  std::vector<std::string> problems;
  std::vector<json> configs;
  for (const auto& r : demo.runs) {
    ParsedConfig parsed = parse_config(r.config);
    if (!parsed.ok()) {
      problems.push_back(demo.name + ": run '" + r.label + "' has an invalid config: " +
                         parsed.errors.front().field + ": " + parsed.errors.front().message);
    } else {
      configs.push_back(to_json(*parsed.config));
    }
  }
  for (const auto& path : demo.live_controls) {
    const bool known = std::any_of(configs.begin(), configs.end(),
                                   [&](const json& c) { return names_a_setting(c, path); });
    if (!known) {
      problems.push_back(demo.name + ": live control '" + path +
                         "' is not a setting of any of its runs' configs");
    }
  }
  if (demo.runs.empty()) problems.push_back(demo.name + ": no runs");
  return problems;
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
