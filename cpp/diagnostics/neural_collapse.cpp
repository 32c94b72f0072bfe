#include "diagnostics/neural_collapse.h"

#include <Eigen/Eigenvalues>
#include <cmath>

namespace descent {

namespace {

template <class S>
using MatRef = Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>>;

constexpr double kNullSpace = 1e-12;  // relative eigenvalue threshold of the pseudo-inverse

}  // namespace

template <class S>
ClassMeans class_means(const MatRef<S>& h, const int* labels, int classes) {
  ClassMeans m;
  m.means = Eigen::MatrixXd::Zero(h.rows(), classes);
  m.global = Eigen::VectorXd::Zero(h.rows());
  m.counts.assign(static_cast<std::size_t>(classes), 0);
  for (Eigen::Index i = 0; i < h.cols(); ++i) {
    m.means.col(labels[i]) += h.col(i).template cast<double>();
    ++m.counts[static_cast<std::size_t>(labels[i])];
  }
  for (int c = 0; c < classes; ++c) m.global += m.means.col(c);
  if (h.cols() > 0) m.global /= static_cast<double>(h.cols());
  for (int c = 0; c < classes; ++c) {
    if (m.counts[c] > 0) m.means.col(c) /= static_cast<double>(m.counts[c]);
  }
  return m;
}

Eigen::MatrixXd centred_means(const ClassMeans& m) {
  int present = 0;
  for (long n : m.counts) present += n > 0;
  Eigen::MatrixXd out(m.means.rows(), present);
  int k = 0;
  for (std::size_t c = 0; c < m.counts.size(); ++c) {
    if (m.counts[c] > 0) out.col(k++) = m.means.col(static_cast<Eigen::Index>(c)) - m.global;
  }
  return out;
}

template <class S>
double nc1(const MatRef<S>& h, const int* labels, const ClassMeans& m) {
  const Eigen::MatrixXd centred = centred_means(m);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> gram(centred.transpose() * centred);
  const Eigen::VectorXd& lambda = gram.eigenvalues();  // increasing
  const double largest = lambda.size() > 0 ? lambda[lambda.size() - 1] : 0.0;
  if (!(largest > 0.0)) return MetricRow::none;
  // A = Ave_i P_i P_i^T with P_i = M^T (h_i - mu_yi), in the eigenbasis of M^T M.
  const Eigen::MatrixXd basis = centred * gram.eigenvectors();  // M V
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(basis.cols(), basis.cols());
  Eigen::VectorXd p(basis.cols());
  for (Eigen::Index i = 0; i < h.cols(); ++i) {
    p.noalias() = basis.transpose() * (h.col(i).template cast<double>() - m.means.col(labels[i]));
    a.noalias() += p * p.transpose();
  }
  a /= static_cast<double>(h.cols());
  double sum = 0.0;
  for (Eigen::Index k = 0; k < lambda.size(); ++k) {
    if (lambda[k] > kNullSpace * largest) sum += a(k, k) / (lambda[k] * lambda[k]);
  }
  return sum;
}

double equinorm(const Eigen::MatrixXd& centred) {
  const Eigen::VectorXd norms = centred.colwise().norm().transpose();
  const double mean = norms.mean();
  if (!(mean > 0.0)) return MetricRow::none;
  const double variance = (norms.array() - mean).square().mean();
  return std::sqrt(variance) / mean;
}

double equiangularity(const Eigen::MatrixXd& centred) {
  const Eigen::Index c = centred.cols();
  if (c < 2) return MetricRow::none;
  const Eigen::VectorXd norms = centred.colwise().norm().transpose();
  if (!(norms.minCoeff() > 0.0)) return MetricRow::none;
  const double simplex = -1.0 / static_cast<double>(c - 1);
  double sum = 0.0;
  for (Eigen::Index a = 0; a < c; ++a) {
    for (Eigen::Index b = a + 1; b < c; ++b) {
      const double cosine = centred.col(a).dot(centred.col(b)) / (norms[a] * norms[b]);
      sum += std::abs(cosine - simplex);
    }
  }
  const double pairs = 0.5 * static_cast<double>(c) * static_cast<double>(c - 1);
  return sum / pairs;
}

double self_duality(const Eigen::MatrixXd& w, const ClassMeans& m, const Eigen::MatrixXd& centred) {
  if (w.rows() != static_cast<Eigen::Index>(m.counts.size()) || w.cols() != centred.rows()) {
    return MetricRow::none;
  }
  Eigen::MatrixXd rows(centred.rows(), centred.cols());  // W^T restricted to present classes
  int k = 0;
  for (std::size_t c = 0; c < m.counts.size(); ++c) {
    if (m.counts[c] > 0) rows.col(k++) = w.row(static_cast<Eigen::Index>(c)).transpose();
  }
  const double wn = rows.norm(), mn = centred.norm();
  if (!(wn > 0.0) || !(mn > 0.0)) return MetricRow::none;
  return (rows / wn - centred / mn).squaredNorm();
}

template <class S>
NeuralCollapse neural_collapse(const MatRef<S>& h, const int* labels, int classes,
                               const MatRef<S>& classifier) {
  NeuralCollapse out;
  const ClassMeans m = class_means<S>(h, labels, classes);
  const Eigen::MatrixXd centred = centred_means(m);
  if (centred.cols() < 2) return out;
  out.nc1 = nc1<S>(h, labels, m);
  if (std::isnan(out.nc1)) return out;  // every class mean at the global mean
  out.equinorm = equinorm(centred);
  out.equiangularity = equiangularity(centred);
  out.self_duality = self_duality(classifier.template cast<double>(), m, centred);
  return out;
}

template ClassMeans class_means<float>(const MatRef<float>&, const int*, int);
template ClassMeans class_means<double>(const MatRef<double>&, const int*, int);
template double nc1<float>(const MatRef<float>&, const int*, const ClassMeans&);
template double nc1<double>(const MatRef<double>&, const int*, const ClassMeans&);
template NeuralCollapse neural_collapse<float>(const MatRef<float>&, const int*, int,
                                               const MatRef<float>&);
template NeuralCollapse neural_collapse<double>(const MatRef<double>&, const int*, int,
                                                const MatRef<double>&);

}  // namespace descent
