#include "problems/sensing/matrix_sensing.h"

#include <cmath>

#include "problems/datasets/families.h"

namespace descent {

namespace {

// vec(M) of an n x n column-major matrix, as a column for the measurement products.
Eigen::Map<Eigen::VectorXd> vec_of(Eigen::MatrixXd& m) { return {m.data(), m.size()}; }

// A symmetric Gaussian matrix scaled so that E <A, Z>^2 = |Z|_F^2 for every symmetric Z:
// diagonal entries N(0, 1), off-diagonal pairs N(0, 1/2) (the Gaussian orthogonal ensemble).
void fill_symmetric_gaussian(int n, Rng& rng, Eigen::Ref<Eigen::VectorXd> vec_a) {
  const double off_diagonal = std::sqrt(0.5);
  for (int col = 0; col < n; ++col) {
    for (int row = 0; row <= col; ++row) {
      const double v = row == col ? rng.normal() : off_diagonal * rng.normal();
      vec_a[static_cast<Eigen::Index>(col) * n + row] = v;
      vec_a[static_cast<Eigen::Index>(row) * n + col] = v;
    }
  }
}

}  // namespace

SensingWork::SensingWork(const SensingInstance& s)
    : gram(s.n, s.n),
      residual(s.m()),
      weighted(s.n, s.n),
      change(s.m()),
      weighted_change(s.n, s.n) {}

const std::vector<SensingInfo>& sensing_catalog() {
  static const std::vector<SensingInfo> catalog = [] {
    SensingInfo info;
    info.name = "matrix_sensing";
    info.title = "Low-rank matrix sensing (U Uᵀ)";
    info.description =
        "Recover a PSD matrix X* (n x n, rank r*, eigenvalues top, top*ratio, top*ratio^2, ...) "
        "from m measurements y_i = <A_i, X*> with symmetric Gaussian A_i, by fitting "
        "X = U U^T with U n x r (one weight matrix) from U0 = init_scale * Gaussian. Loss "
        "(1/2m) sum_i (<A_i, U U^T> - y_i)^2. From a small init gradient descent learns the "
        "eigenvalues one at a time, largest first.";
    info.citation = {
        "Understanding Incremental Learning of Gradient Descent: A Fine-grained Analysis of "
        "Matrix Sensing",
        "Jin, Li, Lyu, Du, Lee", 2023, "ICML 2023"};
    info.params = {integer("n", 12, 2, 30, "Size of the target X* (n x n)"),
                   integer("true_rank", 3, 1, 6, "Rank r* of X* (at most n)"),
                   real("top_eigenvalue", 1.0, 0.01, 10.0, "The largest eigenvalue of X*"),
                   real("ratio", 0.5, 0.01, 1.0,
                        "Each eigenvalue of X* is ratio times the one before (1: all equal)"),
                   integer("rank", 5, 1, 30,
                           "Columns r of the factor U (at most n; r > r*: overparameterised)"),
                   integer("measurements", 200, 1, 2000, "Number m of random measurements"),
                   log_real("init_scale", 1e-3, 1e-8, 1.0,
                            "Standard deviation of U0's entries (small: incremental learning)")};
    return std::vector<SensingInfo>{info};
  }();
  return catalog;
}

const SensingInfo* find_sensing(const std::string& name) {
  for (const auto& info : sensing_catalog()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::vector<FieldError> sensing_param_errors(const ParamValues& p) {
  std::vector<FieldError> errors;
  const int n = p.get_int("n");
  for (const char* field : {"true_rank", "rank"}) {
    if (p.get_int(field) > n) {
      errors.push_back({field, std::string(field) + " = " + std::to_string(p.get_int(field)) +
                                   ": must not exceed n (" + std::to_string(n) + ")"});
    }
  }
  return errors;
}

SensingInstance make_sensing_instance(const ParamValues& p, Rng& sensing_rng) {
  SensingInstance s;
  s.n = int_param(p, "n", 2, 30);
  const int true_rank = int_param(p, "true_rank", 1, s.n);
  s.rank = int_param(p, "rank", 1, s.n);
  s.init_scale = real_param(p, "init_scale", 0.0, 1.0);
  const int m = int_param(p, "measurements", 1, 2000);
  const double top = real_param(p, "top_eigenvalue", 0.01, 10.0);
  const double ratio = real_param(p, "ratio", 0.01, 1.0);
  // The eigenvectors: an orthonormal basis of the span of a Gaussian n x r* matrix.
  Eigen::MatrixXd gaussian(s.n, true_rank);
  for (Eigen::Index c = 0; c < gaussian.cols(); ++c) {
    for (Eigen::Index r = 0; r < gaussian.rows(); ++r) gaussian(r, c) = sensing_rng.normal();
  }
  const Eigen::MatrixXd q =
      gaussian.householderQr().householderQ() * Eigen::MatrixXd::Identity(s.n, true_rank);
  s.eigenvalues.resize(true_rank);
  for (int k = 0; k < true_rank; ++k) s.eigenvalues[k] = top * std::pow(ratio, k);
  s.target = q * s.eigenvalues.asDiagonal() * q.transpose();
  s.measurements.resize(m, static_cast<Eigen::Index>(s.n) * s.n);
  Eigen::VectorXd row(static_cast<Eigen::Index>(s.n) * s.n);
  for (int i = 0; i < m; ++i) {
    fill_symmetric_gaussian(s.n, sensing_rng, row);
    s.measurements.row(i) = row.transpose();
  }
  s.y = s.measurements * vec_of(s.target);
  return s;
}

double sensing_loss(const SensingInstance& s, const Eigen::MatrixXd& u, SensingWork& work) {
  work.gram.noalias() = u * u.transpose();
  work.residual.noalias() = s.measurements * vec_of(work.gram);
  work.residual -= s.y;
  return work.residual.squaredNorm() / (2.0 * s.m());
}

double sensing_loss_and_grad(const SensingInstance& s, const Eigen::MatrixXd& u, SensingWork& work,
                             Eigen::MatrixXd& grad) {
  const double loss = sensing_loss(s, u, work);
  vec_of(work.weighted).noalias() = s.measurements.transpose() * work.residual;
  grad.noalias() = (2.0 / s.m()) * work.weighted * u;
  return loss;
}

void sensing_hvp(const SensingInstance& s, const Eigen::MatrixXd& u, const Eigen::MatrixXd& v,
                 SensingWork& work, Eigen::MatrixXd& out) {
  sensing_loss(s, u, work);
  vec_of(work.weighted).noalias() = s.measurements.transpose() * work.residual;
  // U V^T + V U^T, in gram's buffer (the loss is done with it).
  work.gram.noalias() = u * v.transpose();
  work.weighted_change = work.gram.transpose();
  work.gram += work.weighted_change;
  work.change.noalias() = s.measurements * vec_of(work.gram);
  vec_of(work.weighted_change).noalias() = s.measurements.transpose() * work.change;
  out.noalias() = work.weighted_change * u;
  out.noalias() += work.weighted * v;
  out *= 2.0 / s.m();
}

double sensing_relative_error(const SensingInstance& s, const Eigen::MatrixXd& u,
                              SensingWork& work) {
  work.gram.noalias() = u * u.transpose();
  work.gram -= s.target;
  return work.gram.norm() / s.target.norm();
}

}  // namespace descent
