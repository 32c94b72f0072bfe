// Neural collapse of the last hidden layer on the probe set (diagnostics/neural_collapse.h):
// the features are that layer's outputs h (the output layer computes W h + b from them), in
// the run's precision: the float32 network, or the float64 shadow at its master weights.
#include "diagnostics/neural_collapse.h"

#include <string>

#include "run/network_problem.h"

namespace descent {

namespace {

// The output layer's weight matrix (outputs x last hidden width), column-major in params.
template <class S>
Eigen::Map<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>> classifier_of(
    const ParamLayout& layout, const S* params, int layers) {
  const std::string name = "layer" + std::to_string(layers) + ".weight";
  for (const TensorSlice& t : layout.tensors) {
    if (t.name == name) return {params + t.offset, t.rows, t.cols};
  }
  return {params, 0, 0};
}

}  // namespace

NeuralCollapse NetworkProblem::neural_collapse(ConstVecRef params, int probe_batch,
                                               Rng& probe_rng) {
  const int hidden = mlp_.hidden_layers();
  if (!classification() || hidden == 0) return {};
  prepare_probe(probe_batch, probe_rng);
  const int* labels = probe_targets().labels;
  const int classes = data_.output_dim;
  const Eigen::Index n = forward_probe(params);
  if (f64_) {
    return descent::neural_collapse<double>(
        f64_->mlp.hidden_output(hidden).leftCols(n), labels, classes,
        classifier_of(layout(), f64_->point.data(), hidden + 1));
  }
  return descent::neural_collapse<Scalar>(mlp_.hidden_output(hidden).leftCols(n), labels, classes,
                                          classifier_of(layout(), params.data(), hidden + 1));
}

}  // namespace descent
