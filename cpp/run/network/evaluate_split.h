#pragma once
// Mean loss and accuracy of a network over a whole split, in fixed-size chunks taken in
// order (a fixed reduction order, so evaluation is deterministic); one template for the
// float32 network and the float64 shadow.
#include <algorithm>
#include <utility>
#include <vector>

#include "nn/mlp.h"
#include "run/metrics.h"

namespace descent {

// Accuracy is NaN (MetricRow::none) for regression. chunk_y is the work matrix a chunk's
// regression targets are copied to (output_dim x at least chunk).
template <class S>
std::pair<double, double> evaluate_split(BasicMlp<S>& mlp, typename BasicMlp<S>::ConstVecRef params,
                                         const nn::MatX<S>& x, const nn::MatX<S>& y,
                                         const std::vector<int>& labels, bool classification,
                                         nn::MatX<S>& chunk_y, int chunk) {
  const int n = static_cast<int>(x.cols());
  double loss_sum = 0.0;
  long correct = 0;
  for (int start = 0; start < n; start += chunk) {
    const int m = std::min(chunk, n - start);
    const auto xs = x.middleCols(start, m);
    BasicTargets<S> t;
    if (classification) {
      t.labels = labels.data() + start;
    } else {
      chunk_y.leftCols(m) = y.middleCols(start, m);
      t.values = &chunk_y;
    }
    loss_sum += mlp.loss(params, xs, t) * m;
    if (classification) correct += mlp.correct(params, xs, t.labels);
  }
  const double accuracy =
      classification ? static_cast<double>(correct) / std::max(n, 1) : MetricRow::none;
  return {loss_sum / std::max(n, 1), accuracy};
}

}  // namespace descent
