#include "nn/init.h"

#include <Eigen/Householder>
#include <algorithm>
#include <cmath>

namespace descent {
namespace nn {
namespace {

// A fan_out x fan_in matrix with orthonormal columns (fan_out >= fan_in) or rows: the Q factor
// of a Gaussian matrix, with column j multiplied by sign(R_jj) so that the factorisation is
// unique and Q is uniformly (Haar) distributed (Saxe et al. 2014; Mezzadri 2007).
Eigen::MatrixXd orthogonal(int fan_out, int fan_in, Rng& rng) {
  const int tall = std::max(fan_out, fan_in);
  const int thin = std::min(fan_out, fan_in);
  Eigen::MatrixXd a(tall, thin);
  for (Eigen::Index k = 0; k < a.size(); ++k) a.data()[k] = rng.normal();
  // Unblocked Householder QR (Golub & Van Loan, Alg. 5.2.1): column j of `a` keeps the
  // essential part of reflector H_j below the diagonal; r_diag holds the diagonal of R.
  // (Eigen's blocked HouseholderQR would do the same but trips -Wmaybe-uninitialized in g++ 12.)
  Eigen::VectorXd tau(thin), r_diag(thin), work(thin);
  for (int j = 0; j < thin; ++j) {
    double beta = 0.0;
    a.col(j).tail(tall - j).makeHouseholderInPlace(tau(j), beta);
    r_diag(j) = beta;
    a.bottomRightCorner(tall - j, thin - j - 1)
        .applyHouseholderOnTheLeft(a.col(j).tail(tall - j - 1), tau(j), work.data());
  }
  // Thin Q = H_0 H_1 ... H_{thin-1} [I; 0], applying the reflectors from the last one.
  Eigen::MatrixXd q = Eigen::MatrixXd::Identity(tall, thin);
  for (int j = thin - 1; j >= 0; --j) {
    q.bottomRows(tall - j).applyHouseholderOnTheLeft(a.col(j).tail(tall - j - 1), tau(j),
                                                     work.data());
  }
  for (int j = 0; j < thin; ++j) {
    if (r_diag(j) < 0.0) q.col(j) *= -1.0;
  }
  if (fan_out >= fan_in) return q;
  return q.transpose();
}

}  // namespace

bool init_is_uniform(InitScheme scheme) {
  return scheme == InitScheme::HeUniform || scheme == InitScheme::XavierUniform ||
         scheme == InitScheme::LecunUniform;
}

double init_scale(InitScheme scheme, int fan_in, int fan_out, double gain) {
  const double in = fan_in;
  const double sum = static_cast<double>(fan_in) + fan_out;
  switch (scheme) {
    case InitScheme::HeUniform:
      return gain * std::sqrt(6.0 / in);
    case InitScheme::HeNormal:
      return gain * std::sqrt(2.0 / in);
    case InitScheme::XavierUniform:
      return gain * std::sqrt(6.0 / sum);
    case InitScheme::XavierNormal:
      return gain * std::sqrt(2.0 / sum);
    case InitScheme::LecunUniform:
      return gain * std::sqrt(3.0 / in);
    case InitScheme::LecunNormal:
      return gain * std::sqrt(1.0 / in);
    case InitScheme::Orthogonal:
      return gain;
    case InitScheme::Zero:
      return 0.0;
  }
  return 0.0;
}

template <class S>
void init_weight(InitScheme scheme, double gain, MatRef<S> w, Rng& rng) {
  const int fan_out = static_cast<int>(w.rows());
  const int fan_in = static_cast<int>(w.cols());
  if (w.size() == 0) return;
  if (scheme == InitScheme::Zero) {
    w.setZero();
    return;
  }
  if (scheme == InitScheme::Orthogonal) {
    w = (gain * orthogonal(fan_out, fan_in, rng)).template cast<S>();
    return;
  }
  const double scale = init_scale(scheme, fan_in, fan_out, gain);
  const bool uniform = init_is_uniform(scheme);
  for (Eigen::Index c = 0; c < w.cols(); ++c) {
    for (Eigen::Index r = 0; r < w.rows(); ++r) {
      w(r, c) = static_cast<S>(uniform ? rng.uniform(-scale, scale) : scale * rng.normal());
    }
  }
}

template void init_weight<float>(InitScheme, double, MatRef<float>, Rng&);
template void init_weight<double>(InitScheme, double, MatRef<double>, Rng&);

}  // namespace nn
}  // namespace descent
