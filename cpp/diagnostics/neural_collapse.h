#pragma once
// Neural-collapse metrics of a classifier's last hidden layer ("Prevalence of neural collapse
// during the terminal phase of deep learning training", Papyan, Han, Donoho, PNAS 2020). From
// features h_i (the columns of h) with labels y_i, class means mu_c, the global mean mu_G and
// the centred class means M = [mu_c - mu_G] (d x C):
//   NC1 = tr(Sigma_W Sigma_B^+) / C, Sigma_W = Ave_i (h_i - mu_yi)(h_i - mu_yi)^T and
//         Sigma_B = Ave_c (mu_c - mu_G)(mu_c - mu_G)^T (within-class variability, 0 at collapse);
//   NC2 = equinorm: Std_c |mu_c - mu_G| / Avg_c |mu_c - mu_G|, and
//         equiangularity: Avg_{c != c'} |cos(mu_c - mu_G, mu_c' - mu_G) + 1 / (C - 1)|
//         (both 0 when the centred means form a simplex equiangular tight frame);
//   NC3 = self-duality: |W^T / |W|_F - M / |M|_F|_F^2 for the classifier rows W (C x d).
// Averages over examples weight every example equally (the paper's Ave_{i,c}); only classes
// with at least one example count (C is their number). Accumulated in double.
#include <Eigen/Core>
#include <vector>

#include "run/metrics.h"

namespace descent {

struct NeuralCollapse {
  double nc1 = MetricRow::none;
  double equinorm = MetricRow::none;
  double equiangularity = MetricRow::none;
  double self_duality = MetricRow::none;  // NaN without one classifier row per class
};

// Class means (d x classes, a zero column for an absent class), the global mean and counts.
struct ClassMeans {
  Eigen::MatrixXd means;
  Eigen::VectorXd global;
  std::vector<long> counts;
};

template <class S>
ClassMeans class_means(const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>>& h,
                       const int* labels, int classes);

// The centred means mu_c - mu_G of the classes with examples, as columns.
Eigen::MatrixXd centred_means(const ClassMeans& m);

// tr(Sigma_W Sigma_B^+) / C without d x d matrices: with Sigma_B = M M^T / C and the
// eigen-decomposition M^T M = V diag(lambda) V^T, (M M^T)^+ = M V diag(lambda^-2) V^T M^T, so
// NC1 = sum_k v_k^T A v_k / lambda_k^2 with A = M^T Sigma_W M = Ave_i P_i P_i^T and
// P_i = M^T (h_i - mu_yi). Eigenvalues below 1e-12 of the largest are the null space the
// pseudo-inverse drops (M has rank at most C - 1: the count-weighted columns sum to 0).
template <class S>
double nc1(const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>>& h,
           const int* labels, const ClassMeans& m);

double equinorm(const Eigen::MatrixXd& centred);
double equiangularity(const Eigen::MatrixXd& centred);
// The rows of w belonging to the classes with examples are compared with `centred`.
double self_duality(const Eigen::MatrixXd& w, const ClassMeans& m, const Eigen::MatrixXd& centred);

// All four. classifier: the output layer's weights (outputs x d); NC3 needs one row per class
// (a logistic network's single row has none). NaN everywhere with fewer than two classes
// present or identical class means.
template <class S>
NeuralCollapse neural_collapse(
    const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>>& h, const int* labels,
    int classes,
    const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>>& classifier);

}  // namespace descent
