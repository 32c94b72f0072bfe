#pragma once
// Plasticity diagnostics of a network's hidden layers on the probe set.
//   Dormant units ("The Dormant Neuron Phenomenon in Deep Reinforcement Learning", Sokar,
//   Agarwal, Castro, Evci, ICML 2023): unit i of a layer with H units has the score
//   s_i = E_x|h_i(x)| / ((1/H) sum_k E_x|h_k(x)|) and is tau-dormant when s_i <= tau; the
//   fraction counts the dormant units of every hidden layer over all hidden units. A layer
//   whose outputs are all exactly 0 has every unit dormant (its scores are 0/0).
//   Feature rank ("The effective rank: A measure of effective dimensionality", Roy, Vetterli,
//   EUSIPCO 2007): for the singular values sigma_k of the last hidden layer's feature matrix
//   (units x examples, uncentred), p_k = sigma_k / sum_j sigma_j and
//   erank = exp(-sum_k p_k log p_k), between 1 and min(units, examples); 0 for a zero matrix.
// Sums are in double, in a fixed order; the singular values are the square roots of the
// eigenvalues of the smaller Gram matrix (F F^T or F^T F), accumulated in double; eigenvalues
// below 1e-12 of the largest are rounding and count as zero singular values.
#include <Eigen/Core>

#include "run/metrics.h"

namespace descent {

struct Plasticity {
  double dormant_fraction = MetricRow::none;
  double feature_rank = MetricRow::none;
};

// Dormant units of one layer's outputs h (units x examples): how many have s_i <= tau.
template <class S>
long dormant_units(const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>>& h,
                   double tau);

// The effective rank of the feature matrix f (units x examples).
template <class S>
double effective_rank(const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>>& f);

// The effective rank of nonnegative singular values (Roy and Vetterli's definition).
double effective_rank_of_singular_values(const Eigen::VectorXd& sigma);

}  // namespace descent
