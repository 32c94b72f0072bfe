// precision "float64": double master weights behind the float32 parameters the optimizer
// sees (see Float64 in run/network_problem.h).
#include "run/network_problem.h"

namespace descent {

void NetworkProblem::apply_update(VecRef params, ConstVecRef update) {
  const int n = static_cast<int>(params.size()) - frozen_;
  if (!f64_) {
    params.tail(n) += update.tail(n);
    return;
  }
  f64_->master.tail(n) += update.tail(n).cast<double>();
  f64_->rounded = f64_->master.cast<Scalar>();
  params = f64_->rounded;
}

const Eigen::VectorXd& NetworkProblem::point_of(ConstVecRef params) {
  f64_->point = f64_->master + (params - f64_->rounded).cast<double>();
  return f64_->point;
}

}  // namespace descent
