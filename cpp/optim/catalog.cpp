#include <stdexcept>

#include "optim/optimizers/families.h"

namespace descent {

namespace {
std::vector<OptimizerInfo> build_catalog() {
  std::vector<OptimizerInfo> catalog;
  for (auto folder : {classic_optimizers, adaptive_optimizers, stabilised_optimizers,
                      geometry_optimizers, step_size_optimizers, curvature_optimizers,
                      sharpness_optimizers, backprop_free_optimizers}) {
    for (auto& info : folder()) {
      // A family outside the list would be a picker group without a title.
      if (find_family(info.family) == nullptr) {
        throw std::logic_error("optimizer '" + info.name + "' names an unknown family");
      }
      catalog.push_back(std::move(info));
    }
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
