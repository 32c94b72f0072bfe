#pragma once
// The versioned run config (schema 1): parsed from JSON, validated against the catalog, with
// every omitted setting filled from its default. Share links and the CLI carry this.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "diagnostics/diagnostics_config.h"
#include "nn/mlp.h"
#include "optim/optimizer.h"
#include "problems/table/table_choice.h"
#include "run/privacy.h"
#include "run/task_switches.h"
#include "run/weight_averaging.h"

namespace descent {

constexpr int kSchemaVersion = 1;

// Sizes chosen so that one run cannot exhaust a browser tab's memory or freeze it for long.
struct Limits {
  static constexpr int max_steps = 1'000'000;
  static constexpr int max_layers = 8;
  static constexpr int max_width = 1024;
  static constexpr int max_params = 1'000'000;
  static constexpr int max_batch = 8192;
  static constexpr int max_transforms = 8;
  static constexpr double max_seed = 4294967295.0;
};

struct NamedConfig {
  std::string name;
  ParamValues params;
};

struct ProblemConfig {
  std::string kind;  // "function" | "dataset" | "table" | "sensing"
  std::string name;  // "table" for a table
  ParamValues params;
  std::array<double, 2> start{0, 0};  // functions
  TableChoice table;                  // tables (run/table_config.h)
  // Data sets: the task changes at these steps (run/task_switches.h); empty: one task.
  std::vector<TaskSwitch> task_switches;
};

struct ModelConfig {
  ModelSpec spec;
  double l1 = 0.0;  // penalty on weight matrices (not biases)
  double l2 = 0.0;
  // Random features: only the output layer is trained, from zero; the hidden layers stay at
  // their random initial weights (see NetworkProblem).
  bool random_features = false;
};

struct RunConfig {
  int schema = kSchemaVersion;
  std::uint32_t seed = 0;
  // Optional per-stream seeds (-1: use `seed`), so that a comparison over seeds can vary the
  // data, the initial weights or the batch order alone while the rest stays fixed.
  std::int64_t data_seed = -1;
  std::int64_t init_seed = -1;
  std::int64_t batch_seed = -1;
  ProblemConfig problem;
  ModelConfig model;  // datasets only
  NamedConfig optimizer;
  NamedConfig schedule;
  std::vector<NamedConfig> transforms;
  int steps = 0;
  int batch_size = 0;  // 0: full batch
  int eval_every = 0;
  DiagnosticsConfig diagnostics;  // "diagnostics": {...}; off unless every > 0
  // "averaging": {...}: SWA and an EMA of the weights, evaluated beside them (networks only).
  AveragingConfig averaging;
  // From the transforms "dp_sgd" / "dice_sgd" (run/privacy.h): not a field of its own.
  PrivacyConfig privacy;
  // "precision": "float32" (default) or "float64": a network's forward and backward pass,
  // loss and master weights in double (see docs/lab.md).
  bool float64 = false;
  bool is_function() const { return problem.kind == "function"; }
  bool is_table() const { return problem.kind == "table"; }
  // Matrix sensing (problems/sensing/): a factor U, no network, no data set.
  bool is_sensing() const { return problem.kind == "sensing"; }
  // The seed a stream is drawn from: its own if set, else the run seed.
  std::uint32_t stream_seed(std::int64_t own) const {
    return own >= 0 ? static_cast<std::uint32_t>(own) : seed;
  }
};

struct ParsedConfig {
  std::optional<RunConfig> config;
  std::vector<FieldError> errors;
  bool ok() const { return errors.empty(); }
};

ParsedConfig parse_config(const nlohmann::json& json);
ParsedConfig parse_config_text(const std::string& text);

// The normalised config: every field explicit. parse_config(to_json(c)) == c.
nlohmann::json to_json(const RunConfig& config);

// Errors as JSON: [{"field": ..., "message": ...}].
nlohmann::json errors_to_json(const std::vector<FieldError>& errors);

}  // namespace descent
