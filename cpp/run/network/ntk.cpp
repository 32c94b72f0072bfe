// The empirical NTK on the probe set (diagnostics/ntk.h), in the run's precision: the float32
// network, or the float64 shadow at its master weights. Frozen parameters (random features)
// are not trained and do not count in the kernel.
#include "diagnostics/ntk.h"

#include <algorithm>

#include "run/network_problem.h"

namespace descent {

bool NetworkProblem::empirical_ntk(ConstVecRef params, int probe_batch, Rng& probe_rng,
                                   int examples, Eigen::MatrixXd& kernel,
                                   Eigen::MatrixXd& targets) {
  prepare_probe(probe_batch, probe_rng);
  const Mat& x = probe_all_ ? data_.x_train : probe_x_;
  const int n = std::min(examples, static_cast<int>(x.cols()));
  if (n <= 0) return false;
  const Targets t = probe_targets();
  if (classification()) {
    targets = centred_one_hot(t.labels, n, data_.output_dim);
  } else {
    targets = t.values->leftCols(n).transpose().cast<double>();
    centre_columns(targets);
  }
  if (f64_) {
    const Eigen::MatrixXd x64 = x.leftCols(n).cast<double>();
    descent::empirical_ntk<double>(f64_->mlp, point_of(params), x64, n, frozen_, kernel);
  } else {
    descent::empirical_ntk<Scalar>(mlp_, params, x, n, frozen_, kernel);
  }
  return true;
}

}  // namespace descent
