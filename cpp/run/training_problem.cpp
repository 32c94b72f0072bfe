#include "run/training_problem.h"

#include "problems/datasets/dataset.h"
#include "problems/functions/function2d.h"
#include "run/function_problem.h"
#include "run/network_problem.h"

namespace descent {

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

std::unique_ptr<TrainingProblem> make_training_problem(const RunConfig& config) {
  if (config.is_function()) {
    const FunctionInfo* info = find_function(config.problem.name);
    return std::make_unique<FunctionProblem>(info->make(config.problem.params),
                                             config.problem.start);
  }
  const DatasetInfo* info = find_dataset(config.problem.name);
  Rng data_rng(config.seed, Stream::Data);
  Dataset data = info->make(config.problem.params, data_rng);
  if (data.n_train() == 0) {
    throw ConfigError{{{"problem", "the training set is empty: lower test_fraction or raise n"}}};
  }
  if (config.model.spec.loss == LossKind::Logistic && data.output_dim != 2) {
    throw ConfigError{{{"model.loss", "model.loss = \"logistic\" needs exactly 2 classes; '" +
                                          config.problem.name + "' has " +
                                          std::to_string(data.output_dim)}}};
  }
  const int outputs = config.model.spec.loss == LossKind::Logistic ? 1 : data.output_dim;
  const long params = count_params(data.input_dim, outputs, config.model.spec);
  if (params > Limits::max_params) {
    throw ConfigError{{{"model.hidden", "the model has " + std::to_string(params) +
                                            " parameters; the limit is " +
                                            std::to_string(Limits::max_params)}}};
  }
  return std::make_unique<NetworkProblem>(config, std::move(data));
}

}  // namespace descent
