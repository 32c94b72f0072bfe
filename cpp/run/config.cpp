#include "run/config.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "nn/model_catalog.h"
#include "optim/transforms/transform_catalog.h"
#include "problems/datasets/dataset.h"
#include "problems/functions/function2d.h"
#include "problems/sensing/matrix_sensing.h"
#include "run/run_params.h"
#include "run/table_config.h"
#include "schedule/schedule.h"

namespace descent {
namespace {

using nlohmann::json;

std::string format_number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", v);
  return buffer;
}

std::string describe(const json& value) {
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string allowed_range(const ParamSpec& spec) {
  if (spec.kind == ParamKind::Boolean) return "true or false";
  if (spec.kind == ParamKind::Choice) return "one of " + join(spec.choices);
  if (spec.kind == ParamKind::Series) {
    return "a list of " + std::to_string(spec.min_length) + " to " +
           std::to_string(spec.max_length) + " numbers, each from " + format_number(spec.min) +
           " to " + format_number(spec.max);
  }
  std::string what = spec.kind == ParamKind::Integer ? "an integer" : "a number";
  return what + " from " + format_number(spec.min) + " to " + format_number(spec.max);
}

// Collects errors with the path of the object being read.
class Reader {
 public:
  explicit Reader(std::vector<FieldError>& errors) : errors_(errors) {}

  void error(const std::string& field, const std::string& message) {
    errors_.push_back({field, message});
  }
  std::size_t error_count() const { return errors_.size(); }

  // Reads one parameter into `out`; reports type and range errors.
  void read_param(const ParamSpec& spec, const json& value, const std::string& field,
                  ParamValues& out) {
    const std::string got = field + " = " + describe(value) + ": expected " + allowed_range(spec);
    switch (spec.kind) {
      case ParamKind::Boolean:
        if (!value.is_boolean()) return error(field, got);
        out.numbers[spec.name] = value.get<bool>() ? 1.0 : 0.0;
        return;
      case ParamKind::Choice: {
        if (!value.is_string()) return error(field, got);
        const auto s = value.get<std::string>();
        for (const auto& c : spec.choices) {
          if (c == s) {
            out.choices[spec.name] = s;
            return;
          }
        }
        return error(field, got);
      }
      case ParamKind::Series: {
        if (!value.is_array() || value.size() < static_cast<std::size_t>(spec.min_length) ||
            value.size() > static_cast<std::size_t>(spec.max_length)) {
          return error(field, field + " (" +
                                  (value.is_array() ? std::to_string(value.size()) + " entries"
                                                    : describe(value)) +
                                  "): expected " + allowed_range(spec));
        }
        std::vector<double> list;
        list.reserve(value.size());
        for (std::size_t i = 0; i < value.size(); ++i) {
          const json& item = value[i];
          const double v = item.is_number() ? item.get<double>() : std::nan("");
          if (!std::isfinite(v) || v < spec.min || v > spec.max) {
            const std::string at = field + "[" + std::to_string(i) + "]";
            return error(at, at + " = " + describe(item) + ": expected " + allowed_range(spec));
          }
          list.push_back(v);
        }
        out.series[spec.name] = std::move(list);
        return;
      }
      case ParamKind::Real:
      case ParamKind::Integer: {
        if (!value.is_number()) return error(field, got);
        const double v = value.get<double>();
        if (!std::isfinite(v) || v < spec.min || v > spec.max) return error(field, got);
        if (spec.kind == ParamKind::Integer && v != std::floor(v)) return error(field, got);
        out.numbers[spec.name] = v;
        return;
      }
    }
  }

  // Reads `specs` from the object `obj` (under `path`), skipping the keys in `skip`; rejects
  // keys that are neither. Missing parameters take their defaults.
  ParamValues read_params(const json& obj, const std::string& path,
                          const std::vector<ParamSpec>& specs, const std::set<std::string>& skip) {
    ParamValues values;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (skip.count(it.key())) continue;
      const ParamSpec* spec = nullptr;
      for (const auto& s : specs) {
        if (s.name == it.key()) spec = &s;
      }
      if (!spec) {
        std::vector<std::string> allowed(skip.begin(), skip.end());
        for (const auto& s : specs) allowed.push_back(s.name);
        error(path + "." + it.key(),
              "unknown field '" + it.key() + "' in " + path + "; allowed: " + join(allowed));
        continue;
      }
      read_param(*spec, it.value(), path + "." + it.key(), values);
    }
    for (const auto& s : specs) {
      // A series has no default: a required one must be given.
      if (s.kind == ParamKind::Series && s.min_length > 0 && !obj.contains(s.name)) {
        error(path + "." + s.name,
              "missing field '" + path + "." + s.name + "': expected " + allowed_range(s));
      }
    }
    return with_defaults(specs, std::move(values));
  }

  const json* object(const json& parent, const std::string& key, const std::string& path,
                     bool required) {
    if (!parent.contains(key)) {
      if (required) error(path, "missing field '" + path + "' (an object)");
      return nullptr;
    }
    const json& value = parent.at(key);
    if (!value.is_object()) {
      error(path, path + " = " + describe(value) + ": expected an object");
      return nullptr;
    }
    return &value;
  }

  std::string name(const json& obj, const std::string& path,
                   const std::vector<std::string>& known) {
    if (!obj.contains("name")) {
      error(path + ".name", "missing field '" + path + ".name'; one of " + join(known));
      return {};
    }
    const json& v = obj.at("name");
    if (!v.is_string()) {
      error(path + ".name",
            path + ".name = " + describe(v) + ": expected a string, one of " + join(known));
      return {};
    }
    auto s = v.get<std::string>();
    for (const auto& k : known) {
      if (k == s) return s;
    }
    error(path + ".name", "unknown " + path + " '" + s + "'; one of " + join(known));
    return {};
  }

 private:
  std::vector<FieldError>& errors_;
};

template <class Catalog>
std::vector<std::string> names_of(const Catalog& catalog) {
  std::vector<std::string> names;
  names.reserve(catalog.size());
  for (const auto& entry : catalog) names.push_back(entry.name);
  return names;
}

void read_task_switches(Reader& r, const json& problem, RunConfig& config) {
  if (!problem.contains("task_switches")) return;
  const json& list = problem.at("task_switches");
  if (!list.is_array() || list.size() > static_cast<std::size_t>(kMaxTaskSwitches)) {
    r.error("problem.task_switches",
            "problem.task_switches = " + describe(list) + ": expected a list of at most " +
                std::to_string(kMaxTaskSwitches) + " switches {step, kind}");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = "problem.task_switches[" + std::to_string(i) + "]";
    if (!list[i].is_object()) {
      r.error(at, at + " = " + describe(list[i]) + ": expected an object {step, kind}");
      continue;
    }
    if (!list[i].contains("step")) r.error(at + ".step", "missing field '" + at + ".step'");
    const std::size_t before = r.error_count();
    ParamValues values = r.read_params(list[i], at, task_switch_params(), {});
    if (r.error_count() == before) config.problem.task_switches.push_back(task_switch_from(values));
  }
}

void read_problem(Reader& r, const json& root, RunConfig& config) {
  const json* problem = r.object(root, "problem", "problem", true);
  if (!problem) return;
  if (!problem->contains("kind") || !problem->at("kind").is_string() ||
      (problem->at("kind") != "function" && problem->at("kind") != "dataset" &&
       problem->at("kind") != "table" && problem->at("kind") != "sensing")) {
    r.error("problem.kind",
            "problem.kind must be \"function\", \"dataset\", \"table\" or \"sensing\"");
    return;
  }
  config.problem.kind = problem->at("kind").get<std::string>();
  if (config.is_table()) {
    config.problem.name = "table";
    for (const FieldError& e : read_table_problem(*problem, config.problem.table)) {
      r.error(e.field, e.message);
    }
    return;
  }
  if (config.is_sensing()) {
    config.problem.name = r.name(*problem, "problem", names_of(sensing_catalog()));
    const SensingInfo* info = find_sensing(config.problem.name);
    if (!info) return;
    const std::size_t before = r.error_count();
    config.problem.params = r.read_params(*problem, "problem", info->params, {"kind", "name"});
    if (r.error_count() == before) {  // each field in its range: now their combination
      for (const FieldError& e : sensing_param_errors(config.problem.params)) {
        r.error("problem." + e.field, "problem." + e.message);
      }
    }
    return;
  }
  if (config.is_function()) {
    config.problem.name = r.name(*problem, "problem", names_of(function_catalog()));
    const FunctionInfo* info = find_function(config.problem.name);
    if (!info) return;
    config.problem.params =
        r.read_params(*problem, "problem", info->params, {"kind", "name", "start"});
    config.problem.start = {info->start.x(), info->start.y()};
    if (problem->contains("start")) {
      const json& s = problem->at("start");
      bool ok = s.is_array() && s.size() == 2 && s[0].is_number() && s[1].is_number();
      if (ok) {
        double x = s[0].get<double>(), y = s[1].get<double>();
        ok = std::isfinite(x) && std::isfinite(y) && std::abs(x) <= 1e6 && std::abs(y) <= 1e6;
        if (ok) config.problem.start = {x, y};
      }
      if (!ok) {
        r.error("problem.start", "problem.start = " + describe(s) +
                                     ": expected [x, y], two finite numbers within ±1e6");
      }
    }
    if (info->feasible) {
      const PlotBox& b = *info->feasible;
      const auto& p = config.problem.start;
      if (p[0] < b.xmin || p[0] > b.xmax || p[1] < b.ymin || p[1] > b.ymax) {
        r.error("problem.start", "problem.start = [" + format_number(p[0]) + ", " +
                                     format_number(p[1]) + "]: '" + info->name +
                                     "' is constrained to x in [" + format_number(b.xmin) + ", " +
                                     format_number(b.xmax) + "], y in [" + format_number(b.ymin) +
                                     ", " + format_number(b.ymax) + "]");
      }
    }
  } else {
    config.problem.name = r.name(*problem, "problem", names_of(dataset_catalog()));
    const DatasetInfo* info = find_dataset(config.problem.name);
    if (!info) return;
    config.problem.params =
        r.read_params(*problem, "problem", info->params, {"kind", "name", "task_switches"});
    read_task_switches(r, *problem, config);
  }
}

// The switches' steps strictly increase within [1, steps); relabelling needs classes;
// float64 (whose master weights and data copies the switch would have to follow as well) is
// refused. The transform shrink_perturb acts at the switches: it needs some, and is refused
// with random features (it would move their frozen layers) and twice.
void check_task_switches(Reader& r, const RunConfig& config) {
  const auto& switches = config.problem.task_switches;
  const DatasetInfo* info = config.is_function() || config.is_sensing() || config.is_table()
                                ? nullptr
                                : find_dataset(config.problem.name);
  for (std::size_t i = 0; i < switches.size(); ++i) {
    const TaskSwitch& s = switches[i];
    const std::string at = "problem.task_switches[" + std::to_string(i) + "]";
    const int lo = i == 0 ? 1 : switches[i - 1].step + 1;
    if (s.step < lo || s.step >= config.steps) {
      r.error(at + ".step", at + ".step = " + std::to_string(s.step) +
                                ": expected an integer from " + std::to_string(lo) + " to " +
                                std::to_string(config.steps - 1) +
                                " (after the previous switch, before the last step)");
    }
    if (find_task_switch_kind(s.kind)->classification_only && info &&
        info->task != Task::Classification) {
      r.error(at + ".kind", at + ".kind = \"" + s.kind + "\": '" + config.problem.name +
                                "' is a regression data set; relabel needs classes (allowed: "
                                "permute_inputs)");
    }
  }
  if (!switches.empty() && config.float64) {
    r.error("problem.task_switches",
            "problem.task_switches run in float32 only; allowed with precision \"float32\"");
  }
  int shrink_perturbs = 0;
  for (std::size_t i = 0; i < config.transforms.size(); ++i) {
    if (config.transforms[i].name != "shrink_perturb") continue;
    const std::string at = "transforms[" + std::to_string(i) + "].name";
    if (switches.empty()) {
      r.error(at,
              "transform 'shrink_perturb' acts at task switches; the problem has none "
              "(problem.task_switches)");
    } else if (config.model.random_features) {
      r.error(at,
              "transform 'shrink_perturb' would move the frozen layers of random features "
              "(model.random_features)");
    } else if (++shrink_perturbs > 1) {
      r.error(at, "transform 'shrink_perturb' is allowed once per run");
    }
  }
}

// Reads an enum-valued model field (activation, init, loss) through its parse function.
template <class Enum>
void read_enum(Reader& r, const json& model, const char* key,
               std::optional<Enum> (*parse)(const std::string&),
               std::vector<std::string> (*all_names)(), Enum& out) {
  if (!model.contains(key)) return;
  const json& v = model.at(key);
  if (v.is_string()) {
    if (auto parsed = parse(v.get<std::string>())) {
      out = *parsed;
      return;
    }
  }
  const std::string path = std::string("model.") + key;
  r.error(path, path + " = " + describe(v) + ": expected one of " + join(all_names()));
}

void read_model(Reader& r, const json& root, RunConfig& config) {
  const json* model = r.object(root, "model", "model", false);
  if (!model) return;
  ModelSpec& spec = config.model.spec;
  static const std::set<std::string> known = {
      "hidden", "activation", "init", "init_gain",       "layer_norm",  "residual",
      "loss",   "l1",         "l2",   "random_features", "output_scale"};
  for (auto it = model->begin(); it != model->end(); ++it) {
    if (!known.count(it.key())) {
      r.error("model." + it.key(), "unknown field '" + it.key() + "' in model; allowed: " +
                                       join({known.begin(), known.end()}));
    }
  }
  if (model->contains("hidden")) {
    const json& h = model->at("hidden");
    std::string allowed = "a list of at most " + std::to_string(Limits::max_layers) +
                          " integer widths from 1 to " + std::to_string(Limits::max_width);
    bool ok = h.is_array() && h.size() <= static_cast<std::size_t>(Limits::max_layers);
    std::vector<int> widths;
    for (std::size_t i = 0; ok && i < h.size(); ++i) {
      ok = h[i].is_number_integer() && h[i].get<double>() >= 1 &&
           h[i].get<double>() <= Limits::max_width;
      if (ok) widths.push_back(h[i].get<int>());
    }
    if (ok) {
      spec.hidden = widths;
    } else {
      r.error("model.hidden", "model.hidden = " + describe(h) + ": expected " + allowed);
    }
  }
  read_enum(r, *model, "activation", parse_activation, activation_names, spec.activation);
  read_enum(r, *model, "init", parse_init, init_names, spec.init);
  read_enum(r, *model, "loss", parse_loss, loss_names, spec.loss);
  ParamValues values;
  for (const auto& p : model_params()) {
    if (model->contains(p.name)) r.read_param(p, model->at(p.name), "model." + p.name, values);
  }
  values = with_defaults(model_params(), values);
  spec.init_gain = values.get("init_gain");
  spec.layer_norm = values.get_bool("layer_norm");
  spec.residual = values.get_bool("residual");
  spec.output_scale = values.get("output_scale");
  config.model.l1 = values.get("l1");
  config.model.l2 = values.get("l2");
  config.model.random_features = values.get_bool("random_features");
  if (config.model.random_features && spec.hidden.empty()) {
    r.error("model.random_features",
            "model.random_features needs at least one hidden layer (the random features); "
            "model.hidden is empty");
  }
}

void check_model_fits_task(Reader& r, RunConfig& config, bool has_model) {
  if (config.is_function() || config.is_sensing()) return;
  const DatasetInfo* info = find_dataset(config.problem.name);
  if (!info && !config.is_table()) return;
  const Task task = !config.is_table()                          ? info->task
                    : config.problem.table.task == "regression" ? Task::Regression
                                                                : Task::Classification;
  const LossKind loss = config.model.spec.loss;
  if (!has_model) {
    // No model given: a default that suits the task.
    config.model.spec.loss = task == Task::Regression ? LossKind::Mse : LossKind::CrossEntropy;
    return;
  }
  if (task == Task::Regression && loss != LossKind::Mse) {
    r.error("model.loss", "model.loss: '" + config.problem.name +
                              "' is a regression data set: the loss must be mse");
  }
  if (task == Task::Classification && loss == LossKind::Mse) {
    r.error("model.loss", "model.loss: '" + config.problem.name +
                              "' is a classification data set: use cross_entropy, stablemax or "
                              "logistic");
  }
}

void read_named(Reader& r, const json& root, const char* key, bool required,
                const std::vector<std::string>& known, const std::string& default_name,
                const std::function<const std::vector<ParamSpec>*(const std::string&)>& specs_of,
                NamedConfig& out) {
  const json* obj = r.object(root, key, key, required);
  if (!obj) {
    if (!required && specs_of(default_name)) {
      out.name = default_name;
      out.params = with_defaults(*specs_of(default_name));
    }
    return;
  }
  out.name = r.name(*obj, key, known);
  if (const auto* specs = specs_of(out.name)) {
    out.params = r.read_params(*obj, key, *specs, {"name"});
  }
}

void read_transforms(Reader& r, const json& root, RunConfig& config) {
  if (!root.contains("transforms")) return;
  const json& list = root.at("transforms");
  if (!list.is_array() || list.size() > static_cast<std::size_t>(Limits::max_transforms)) {
    r.error("transforms", "transforms = " + describe(list) + ": expected a list of at most " +
                              std::to_string(Limits::max_transforms) + " transform objects");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "transforms[" + std::to_string(i) + "]";
    if (!list[i].is_object()) {
      r.error(path, path + " = " + describe(list[i]) + ": expected an object");
      continue;
    }
    NamedConfig t;
    t.name = r.name(list[i], path, names_of(transform_catalog()));
    if (const TransformInfo* info = find_transform(t.name)) {
      t.params = r.read_params(list[i], path, info->params, {"name"});
      config.transforms.push_back(std::move(t));
    }
  }
}

// The phenomena lab's run settings: "diagnostics" and "averaging" (objects of catalog specs)
// and "precision".
void read_lab_settings(Reader& r, const json& root, RunConfig& config) {
  if (const json* d = r.object(root, "diagnostics", "diagnostics", false)) {
    config.diagnostics =
        diagnostics_from(r.read_params(*d, "diagnostics", diagnostics_params(), {}));
    if (!config.diagnostics.enabled()) config.diagnostics = DiagnosticsConfig{};
    // A game's products are J v with J its field's Jacobian, not symmetric: Lanczos' top
    // eigenvalues (sharpness) are undefined there; Hutchinson's trace J stays meaningful.
    const FunctionInfo* f = config.is_function() ? find_function(config.problem.name) : nullptr;
    if (f && f->game && config.diagnostics.top_k > 0) {
      r.error("diagnostics.top_k",
              "diagnostics.top_k = " + std::to_string(config.diagnostics.top_k) + ": '" + f->name +
                  "' is a game, whose Jacobian is not symmetric, so it has no sharpness; "
                  "allowed: 0 (hutchinson_probes measures its trace)");
    }
  }
  if (const json* a = r.object(root, "averaging", "averaging", false)) {
    config.averaging = averaging_from(r.read_params(*a, "averaging", averaging_params(), {}));
    if (!config.averaging.enabled()) config.averaging = AveragingConfig{};
    if (config.averaging.enabled() && (config.is_function() || config.is_sensing())) {
      r.error("averaging",
              "averaging applies to networks (it reports the test loss of the averaged "
              "weights); 2-D functions have no test split");
    }
    if (config.averaging.swa() && config.averaging.swa_start > config.steps) {
      r.error("averaging.swa_start",
              "averaging.swa_start = " + std::to_string(config.averaging.swa_start) +
                  ": must not exceed steps (" + std::to_string(config.steps) + ")");
    }
  }
  if (root.contains("precision")) {
    const json& p = root.at("precision");
    if (p == "float32" || p == "float64") {
      config.float64 = p == "float64";
    } else {
      r.error("precision", "precision = " + describe(p) + ": expected \"float32\" or \"float64\"");
    }
    if (config.float64 && config.is_function()) {
      r.error("precision",
              "precision = \"float64\" applies to networks; 2-D functions are "
              "already evaluated in double");
    }
  }
}

}  // namespace

ParsedConfig parse_config(const json& root) {
  ParsedConfig result;
  Reader r(result.errors);
  if (!root.is_object()) {
    r.error("", "the config must be a JSON object");
    return result;
  }
  RunConfig config;
  static const std::set<std::string> known = {
      "schema",     "seed",        "problem",    "model",      "optimizer", "schedule",
      "transforms", "steps",       "batch_size", "eval_every", "data_seed", "init_seed",
      "batch_seed", "diagnostics", "precision",  "averaging"};
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (!known.count(it.key())) {
      r.error(it.key(),
              "unknown field '" + it.key() + "'; allowed: " + join({known.begin(), known.end()}));
    }
  }
  if (!root.contains("schema")) {
    r.error("schema", "missing field 'schema' (this core reads schema " +
                          std::to_string(kSchemaVersion) + ")");
  } else if (root.at("schema") != kSchemaVersion) {
    r.error("schema", "schema = " + describe(root.at("schema")) + ": this core reads schema " +
                          std::to_string(kSchemaVersion));
  }

  ParamValues run_values = r.read_params(root, "run", run_params(),
                                         {"schema", "problem", "model", "optimizer", "schedule",
                                          "transforms", "diagnostics", "precision", "averaging"});
  // Run-level fields are top-level keys; rewrite "run.x" paths that read_params produced.
  for (auto& e : result.errors) {
    if (e.field.rfind("run.", 0) == 0) {
      e.field = e.field.substr(4);
      auto pos = e.message.find("run.");
      if (pos != std::string::npos) e.message.erase(pos, 4);
    }
  }
  config.seed = static_cast<std::uint32_t>(run_values.get("seed"));
  config.data_seed = static_cast<std::int64_t>(run_values.get("data_seed"));
  config.init_seed = static_cast<std::int64_t>(run_values.get("init_seed"));
  config.batch_seed = static_cast<std::int64_t>(run_values.get("batch_seed"));
  config.steps = run_values.get_int("steps");
  config.batch_size = run_values.get_int("batch_size");
  config.eval_every = run_values.get_int("eval_every");

  read_problem(r, root, config);
  const bool has_model = root.contains("model");
  if ((config.is_function() || config.is_sensing()) && has_model) {
    // Accepted so that one UI state can switch problem kinds; functions have no model.
  } else {
    read_model(r, root, config);
  }
  check_model_fits_task(r, config, has_model);

  read_named(
      r, root, "optimizer", true, names_of(optimizer_catalog()), "",
      [](const std::string& n) -> const std::vector<ParamSpec>* {
        const OptimizerInfo* info = find_optimizer(n);
        return info ? &info->params : nullptr;
      },
      config.optimizer);
  if (const OptimizerInfo* info = find_optimizer(config.optimizer.name)) {
    if (info->check && result.errors.empty()) {
      for (auto e : info->check(config.optimizer.params)) {
        e.field = "optimizer." + e.field;
        result.errors.push_back(e);
      }
    }
  }
  read_named(
      r, root, "schedule", false, names_of(schedule_catalog()), "constant",
      [](const std::string& n) -> const std::vector<ParamSpec>* {
        const ScheduleInfo* info = find_schedule(n);
        return info ? &info->params : nullptr;
      },
      config.schedule);
  read_transforms(r, root, config);
  read_lab_settings(r, root, config);
  if (result.errors.empty()) check_task_switches(r, config);

  if (result.errors.empty() && config.schedule.params.get_int("warmup_steps") > config.steps) {
    r.error("schedule.warmup_steps",
            "schedule.warmup_steps = " + format_number(config.schedule.params.get("warmup_steps")) +
                ": must not exceed steps (" + std::to_string(config.steps) + ")");
  }
  if (result.errors.empty()) {
    config.privacy = privacy_from_transforms(config.transforms);
    for (const FieldError& e : privacy_errors(config)) r.error(e.field, e.message);
  }
  if (result.errors.empty()) result.config = std::move(config);
  return result;
}

ParsedConfig parse_config_text(const std::string& text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    ParsedConfig result;
    result.errors.push_back({"", "the config is not valid JSON"});
    return result;
  }
  return parse_config(root);
}

namespace {
json params_to_json(const ParamValues& values, const std::vector<ParamSpec>& specs) {
  json out = json::object();
  for (const auto& s : specs) {
    switch (s.kind) {
      case ParamKind::Boolean:
        out[s.name] = values.get_bool(s.name);
        break;
      case ParamKind::Choice:
        out[s.name] = values.choice(s.name);
        break;
      case ParamKind::Integer:
        out[s.name] = static_cast<long long>(values.get(s.name));
        break;
      case ParamKind::Real:
        out[s.name] = values.get(s.name);
        break;
      case ParamKind::Series:
        out[s.name] = values.get_series(s.name);
        break;
    }
  }
  return out;
}

json named_to_json(const NamedConfig& named, const std::vector<ParamSpec>& specs) {
  json out = params_to_json(named.params, specs);
  out["name"] = named.name;
  return out;
}
}  // namespace

json to_json(const RunConfig& c) {
  json out;
  out["schema"] = c.schema;
  out["seed"] = c.seed;
  // Written only when set, so configs that never use them normalise as before.
  if (c.data_seed >= 0) out["data_seed"] = c.data_seed;
  if (c.init_seed >= 0) out["init_seed"] = c.init_seed;
  if (c.batch_seed >= 0) out["batch_seed"] = c.batch_seed;
  json problem;
  if (c.is_sensing()) {
    problem = params_to_json(c.problem.params, find_sensing(c.problem.name)->params);
  } else if (c.is_function()) {
    problem = params_to_json(c.problem.params, find_function(c.problem.name)->params);
    problem["start"] = {c.problem.start[0], c.problem.start[1]};
  } else if (c.is_table()) {
    problem = table_problem_to_json(c.problem.table);
  } else {
    problem = params_to_json(c.problem.params, find_dataset(c.problem.name)->params);
    // Written only when there are switches, so that older configs normalise as before.
    if (!c.problem.task_switches.empty()) {
      json switches = json::array();
      for (const TaskSwitch& s : c.problem.task_switches) {
        switches.push_back(params_to_json(task_switch_values(s), task_switch_params()));
      }
      problem["task_switches"] = switches;
    }
  }
  problem["kind"] = c.problem.kind;
  if (!c.is_table()) problem["name"] = c.problem.name;
  out["problem"] = problem;
  if (!c.is_function() && !c.is_sensing()) {
    const ModelSpec& m = c.model.spec;
    out["model"] = {{"hidden", m.hidden},         {"activation", name(m.activation)},
                    {"init", name(m.init)},       {"init_gain", m.init_gain},
                    {"layer_norm", m.layer_norm}, {"residual", m.residual},
                    {"loss", name(m.loss)},       {"l1", c.model.l1},
                    {"l2", c.model.l2},           {"random_features", c.model.random_features}};
    // Written only where it is not 1, so that the canonical form of older configs is unchanged.
    if (m.output_scale != 1.0) out["model"]["output_scale"] = m.output_scale;
    out["batch_size"] = c.batch_size;
    out["eval_every"] = c.eval_every;
  }
  out["optimizer"] = named_to_json(c.optimizer, find_optimizer(c.optimizer.name)->params);
  out["schedule"] = named_to_json(c.schedule, find_schedule(c.schedule.name)->params);
  json transforms = json::array();
  for (const auto& t : c.transforms) {
    transforms.push_back(named_to_json(t, find_transform(t.name)->params));
  }
  out["transforms"] = transforms;
  out["steps"] = c.steps;
  if (c.diagnostics.enabled()) {
    out["diagnostics"] = params_to_json(diagnostics_values(c.diagnostics), diagnostics_params());
  }
  if (c.float64) out["precision"] = "float64";
  if (c.averaging.enabled()) {
    out["averaging"] = params_to_json(averaging_values(c.averaging), averaging_params());
  }
  return out;
}

json errors_to_json(const std::vector<FieldError>& errors) {
  json out = json::array();
  for (const auto& e : errors) out.push_back({{"field", e.field}, {"message", e.message}});
  return out;
}

}  // namespace descent
