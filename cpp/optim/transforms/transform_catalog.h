#pragma once
// Transforms a run can add around any optimizer ("transforms": [...] in the config).
#include <functional>
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "optim/transform.h"

namespace descent {

enum class TransformStage {
  Pre,   // acts on the gradient before the optimizer
  Post,  // acts on the optimizer's final update
};

struct TransformInfo {
  std::string name;
  std::string title;
  std::string description;
  Citation citation;
  TransformStage stage = TransformStage::Pre;
  std::vector<ParamSpec> params;
  // Needs the logits of a network with a softmax or sigmoid loss (cross_entropy, logistic):
  // the Ghosts-of-Softmax controller; rejected for other problems.
  bool needs_logits = false;
  int jvps_per_step = 0;  // Jacobian-vector products of the outputs per step (cost accounting)
  std::function<TransformPtr(const ParamValues&)> make;
};

const std::vector<TransformInfo>& transform_catalog();
const TransformInfo* find_transform(const std::string& name);

}  // namespace descent
