#pragma once
// The first lines of every catalog entry, in one call: an optimizer's config name, display
// title and family; a transform's name, title and stage. The caller adds the description,
// citation, parameters and make.
#include <string>
#include <utility>

#include "optim/optimizers/families.h"

namespace descent {

inline OptimizerInfo describe(std::string name, std::string title, const OptimizerFamily& family) {
  OptimizerInfo info;
  info.name = std::move(name);
  info.title = std::move(title);
  info.family = family.name;
  return info;
}

inline TransformInfo describe(std::string name, std::string title, TransformStage stage) {
  TransformInfo info;
  info.name = std::move(name);
  info.title = std::move(title);
  info.stage = stage;
  return info;
}

}  // namespace descent
