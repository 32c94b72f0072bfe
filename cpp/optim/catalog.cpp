#include "optim/optimizers/optimizers.h"

namespace descent {

const std::vector<OptimizerInfo>& optimizer_catalog() {
  static const std::vector<OptimizerInfo> catalog = {
      sgd_info(),  adagrad_info(), rmsprop_info(), adadelta_info(), adam_info(),
      adamw_info(), amsgrad_info(), adamax_info(), nadam_info(),   radam_info(),
  };
  return catalog;
}

const OptimizerInfo* find_optimizer(const std::string& name) {
  for (const auto& info : optimizer_catalog()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace descent
