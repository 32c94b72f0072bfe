#include "diagnostics/ntk.h"

#include <cmath>

#include "nn/mlp.h"
#include "run/metrics.h"

namespace descent {

namespace {

double cosine_of_kernels(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  const double scale = std::sqrt(frobenius_inner(a, a)) * std::sqrt(frobenius_inner(b, b));
  return scale > 0 ? frobenius_inner(a, b) / scale : MetricRow::none;
}

}  // namespace

template <class S>
void empirical_ntk(BasicMlp<S>& mlp, nn::ConstVecRef<S> params, const nn::MatX<S>& x, int n,
                   int frozen, Eigen::MatrixXd& kernel) {
  const int outputs = mlp.output_dim();
  Eigen::MatrixXd jacobian(mlp.num_params(), n);
  nn::MatX<S> cotangent(outputs, 1);
  nn::VecX<S> row(mlp.num_params());
  kernel.setZero(n, n);
  for (int k = 0; k < outputs; ++k) {
    for (int j = 0; j < n; ++j) {
      cotangent.setZero();
      cotangent(k, 0) = S(1);
      mlp.output_vjp(params, x.col(j), cotangent, row);
      jacobian.col(j) = row.template cast<double>();
      jacobian.col(j).head(frozen).setZero();
    }
    add_gram(jacobian, kernel);
  }
}

template void empirical_ntk<float>(BasicMlp<float>&, nn::ConstVecRef<float>, const nn::MatX<float>&,
                                   int, int, Eigen::MatrixXd&);
template void empirical_ntk<double>(BasicMlp<double>&, nn::ConstVecRef<double>,
                                    const nn::MatX<double>&, int, int, Eigen::MatrixXd&);

double frobenius_inner(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  double sum = 0.0;
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) sum += a(i, j) * b(i, j);
  }
  return sum;
}

void add_gram(const Eigen::MatrixXd& jacobian, Eigen::MatrixXd& kernel) {
  const Eigen::Index n = jacobian.cols();
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i <= j; ++i) {
      double sum = 0.0;
      for (Eigen::Index p = 0; p < jacobian.rows(); ++p) sum += jacobian(p, i) * jacobian(p, j);
      kernel(i, j) += sum;
      if (i != j) kernel(j, i) += sum;
    }
  }
}

Eigen::MatrixXd centred_one_hot(const int* labels, int n, int classes) {
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(n, classes);
  for (int i = 0; i < n; ++i) {
    if (labels[i] >= 0 && labels[i] < classes) y(i, labels[i]) = 1.0;
  }
  centre_columns(y);
  return y;
}

void centre_columns(Eigen::MatrixXd& targets) {
  const Eigen::Index n = targets.rows();
  if (n == 0) return;
  for (Eigen::Index c = 0; c < targets.cols(); ++c) {
    double sum = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) sum += targets(i, c);
    const double mean = sum / static_cast<double>(n);
    for (Eigen::Index i = 0; i < n; ++i) targets(i, c) -= mean;
  }
}

double ntk_distance(const Eigen::MatrixXd& initial, const Eigen::MatrixXd& current) {
  return 1.0 - cosine_of_kernels(initial, current);
}

double ntk_alignment(const Eigen::MatrixXd& kernel, const Eigen::MatrixXd& targets) {
  // Y Y^T, entry by entry in a fixed order.
  const Eigen::Index n = targets.rows();
  Eigen::MatrixXd target_gram(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      double sum = 0.0;
      for (Eigen::Index c = 0; c < targets.cols(); ++c) sum += targets(i, c) * targets(j, c);
      target_gram(i, j) = sum;
    }
  }
  return cosine_of_kernels(kernel, target_gram);
}

}  // namespace descent
