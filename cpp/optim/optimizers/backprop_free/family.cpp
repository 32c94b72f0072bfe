// The backprop-free family: learning rules that train without backpropagating the loss
// gradient through the network (forward gradients from one JVP; direct feedback alignment).
// Each lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

OptimizerInfo forward_gradient_info();           // forward_gradient.cpp
OptimizerInfo direct_feedback_alignment_info();  // direct_feedback_alignment.cpp

std::vector<OptimizerInfo> backprop_free_optimizers() {
  return {forward_gradient_info(), direct_feedback_alignment_info()};
}

}  // namespace descent
