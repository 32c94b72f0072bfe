#include "optim/optimizers/families.h"
#include "optim/optimizers/optimizers.h"

namespace descent {

namespace {
std::vector<OptimizerInfo> build_catalog() {
  std::vector<OptimizerInfo> catalog = {
      sgd_info(),   adagrad_info(), rmsprop_info(), adadelta_info(), adam_info(),
      adamw_info(), amsgrad_info(), adamax_info(),  nadam_info(),    radam_info(),
  };
  for (auto family : {adaptive_optimizers, stabilised_optimizers, geometry_optimizers, step_size_optimizers, curvature_optimizers, sharpness_optimizers, backprop_free_optimizers}) {
    for (auto& info : family()) catalog.push_back(std::move(info));
  }
  return catalog;
}
}  // namespace

const std::vector<OptimizerInfo>& optimizer_catalog() {
  static const std::vector<OptimizerInfo> catalog = build_catalog();
  return catalog;
}

const OptimizerInfo* find_optimizer(const std::string& name) {
  for (const auto& info : optimizer_catalog()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace descent
