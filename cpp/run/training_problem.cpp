#include "run/training_problem.h"

#include "diagnostics/diagnostics.h"
#include "diagnostics/neural_collapse.h"
#include "diagnostics/plasticity.h"
#include "problems/datasets/dataset.h"
#include "problems/functions/function2d.h"
#include "problems/table/table_store.h"
#include "run/function_problem.h"
#include "run/network_problem.h"
#include "run/sensing_problem.h"

namespace descent {

ActivationFigures TrainingProblem::activation_figures(ConstVecRef, int, Rng&) { return {}; }
NeuralCollapse TrainingProblem::neural_collapse(ConstVecRef, int, Rng&) { return {}; }
Plasticity TrainingProblem::plasticity(ConstVecRef, int, Rng&, double) { return {}; }

namespace {

long count_params(int input_dim, int outputs, const ModelSpec& spec) {
  long total = 0;
  int in = input_dim;
  for (int width : spec.hidden) {
    total += static_cast<long>(width) * in + width + (spec.layer_norm ? 2L * width : 0L);
    in = width;
  }
  return total + static_cast<long>(outputs) * in + outputs;
}

}  // namespace

namespace {

// Errors that only show once the data set is known (its dimensions and classes).
std::vector<FieldError> network_errors(const RunConfig& config, const Dataset& data) {
  std::vector<FieldError> errors;
  if (data.n_train() == 0) {
    errors.push_back({"problem", "the training set is empty: lower test_fraction or raise n"});
  }
  if (config.model.spec.loss == LossKind::Logistic && data.output_dim != 2) {
    errors.push_back({"model.loss", "model.loss = \"logistic\" needs exactly 2 classes; '" +
                                        config.problem.name + "' has " +
                                        std::to_string(data.output_dim)});
  }
  const int outputs = config.model.spec.loss == LossKind::Logistic ? 1 : data.output_dim;
  const long params = count_params(data.input_dim, outputs, config.model.spec);
  if (params > Limits::max_params) {
    errors.push_back({"model.hidden", "the model has " + std::to_string(params) +
                                          " parameters; the limit is " +
                                          std::to_string(Limits::max_params)});
  }
  return errors;
}

// A table that cannot be encoded (a missing value, one class, ...) is a config error on
// "problem", with the reader's message naming the row and the column.
Dataset build_dataset(const RunConfig& config) {
  Rng data_rng(config.stream_seed(config.data_seed), Stream::Data);
  if (config.is_table()) {
    const auto table = find_table(config.problem.table.sha256);
    if (!table) {
      throw ConfigError{{{"problem.sha256", "no table with this SHA-256 is loaded"}}};
    }
    try {
      return encode_table(*table, config.problem.table, data_rng);
    } catch (const TableError& e) {
      throw ConfigError{{{"problem", e.message}}};
    }
  }
  return find_dataset(config.problem.name)->make(config.problem.params, data_rng);
}

}  // namespace

std::vector<FieldError> problem_errors(const RunConfig& config) {
  if (config.is_function() || config.is_sensing()) return {};
  try {
    return network_errors(config, build_dataset(config));
  } catch (const ConfigError& e) {
    return e.errors;
  }
}

ParsedConfig validate_config_text(const std::string& text) {
  ParsedConfig parsed = parse_config_text(text);
  if (parsed.ok()) {
    parsed.errors = problem_errors(*parsed.config);
    if (!parsed.ok()) parsed.config.reset();
  }
  return parsed;
}

std::unique_ptr<TrainingProblem> make_training_problem(const RunConfig& config) {
  if (config.is_function()) {
    const FunctionInfo* info = find_function(config.problem.name);
    return std::make_unique<FunctionProblem>(info->make(config.problem.params),
                                             config.problem.start, info->feasible);
  }
  if (config.is_sensing()) return std::make_unique<SensingProblem>(config);
  Dataset data = build_dataset(config);
  if (auto errors = network_errors(config, data); !errors.empty()) throw ConfigError{errors};
  return std::make_unique<NetworkProblem>(config, std::move(data));
}

}  // namespace descent
