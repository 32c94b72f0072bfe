// Linear logistic models on separable data: the angle between the parameters (w, b) and
// the max-margin direction of the training set (diagnostics/max_margin.h).
#include <algorithm>

#include "diagnostics/max_margin.h"
#include "run/network_problem.h"

namespace descent {

void NetworkProblem::prepare_max_margin() {
  // Once per run: points with a constant 1 appended (the bias), signs from the labels
  // (label 1 is the positive logit).
  const int n = data_.n_train();
  Eigen::MatrixXd z(data_.input_dim + 1, n);
  z.topRows(data_.input_dim) = data_.x_train.cast<double>();
  z.row(data_.input_dim).setOnes();
  std::vector<int> signs(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) signs[i] = data_.label_train[i] == 1 ? 1 : -1;
  // At most ~2e7 coordinate updates, so a large non-separable set cannot stall the start.
  const MaxMargin mm =
      max_margin_direction(z, signs, 1e-10, std::max(100, 20'000'000 / std::max(n, 1)));
  if (mm.separable) max_margin_ = mm.direction;
  linear_params_.resize(data_.input_dim + 1);
}

double NetworkProblem::margin_angle(ConstVecRef params) {
  if (max_margin_.size() == 0) return MetricRow::none;
  // A linear model's layout is the weight row (1 x d) then the bias.
  const TensorSlice& w = mlp_.layout().tensors[0];
  const TensorSlice& b = mlp_.layout().tensors[1];
  const int d = data_.input_dim;
  for (int j = 0; j < d; ++j) {
    linear_params_[j] =
        f64_ ? f64_->master[w.offset + j] : static_cast<double>(params[w.offset + j]);
  }
  linear_params_[d] = f64_ ? f64_->master[b.offset] : static_cast<double>(params[b.offset]);
  return angle_degrees(linear_params_, max_margin_);
}

}  // namespace descent
