// Weight averaging's part of a network problem: which weights a run averages and the test
// split at an average (run/weight_averaging.h). A float32 network evaluates the float32
// rounding of the average; a float64 one averages and evaluates its double master weights.
#include "run/network/evaluate_split.h"
#include "run/network_problem.h"

namespace descent {

void NetworkProblem::averaged_weights(ConstVecRef params, Eigen::VectorXd& out) const {
  if (f64_) {
    out = f64_->master;
  } else {
    out = params.cast<double>();
  }
}

std::pair<double, double> NetworkProblem::evaluate_test_at(const Eigen::VectorXd& weights) {
  if (data_.n_test() == 0) return {MetricRow::none, MetricRow::none};
  const bool c = classification();
  if (f64_) {
    return evaluate_split(f64_->mlp, weights, f64_->x_test, f64_->y_test, data_.label_test, c,
                          f64_->chunk_y, kEvalChunk);
  }
  averaged_ = weights.cast<Scalar>();
  return evaluate_split(mlp_, averaged_, data_.x_test, data_.y_test, data_.label_test, c, chunk_y_,
                        kEvalChunk);
}

}  // namespace descent
