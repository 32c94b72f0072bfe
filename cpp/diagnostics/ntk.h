#pragma once
// The empirical neural tangent kernel on the probe set ("Neural Tangent Kernel: Convergence and
// Generalization in Neural Networks", Jacot, Gabriel, Hongler, 2018). With J_k the Jacobian of
// output k over the n probe examples (n x P, one row per example, P trained parameters),
//   K = sum_k J_k J_k^T   (n x n),
// the trace over outputs of the full (n out) x (n out) kernel. The trace keeps one entry per
// pair of examples whatever the number of classes, which is what the alignment with the
// labels' n x n Gram matrix needs; at a wide initialisation the full kernel is close to
// K/out times the identity over outputs (Jacot et al.), so little is lost.
//   ntk_distance  = 1 - <K0, Kt>_F / (|K0|_F |Kt|_F)   (kernel distance from initialisation,
//                   "Deep learning versus kernel learning", Fort et al., 2020): 0 while the
//                   kernel keeps its shape (lazy training), up to 1.
//   ntk_alignment = <Kt, Y Y^T>_F / (|Kt|_F |Y Y^T|_F)  (kernel-target alignment, "On
//                   Kernel-Target Alignment", Cristianini, Shawe-Taylor, Elisseeff, Kandola,
//                   2001), Y the targets with their mean over the examples removed (one-hot
//                   labels for classes): centring keeps the constant part of Y Y^T from
//                   rewarding any kernel with positive entries ("Algorithms for Learning
//                   Kernels Based on Centered Alignment", Cortes, Mohri, Rostamizadeh, 2012).
// Every sum is in double, in a fixed order (plain loops).
#include <Eigen/Core>

#include "nn/nn_types.h"

namespace descent {

template <class S>
class BasicMlp;

// K = sum_k J_k J_k^T over the first n columns of x (n x n, resized). Each Jacobian row
// J_k(x_j) is output_vjp with the cotangent e_k on example j alone: exact, the output scale
// included. Parameters [0, frozen) are not trained and do not count.
template <class S>
void empirical_ntk(BasicMlp<S>& mlp, nn::ConstVecRef<S> params, const nn::MatX<S>& x, int n,
                   int frozen, Eigen::MatrixXd& kernel);

// <A, B>_F = sum_ij A_ij B_ij, column by column.
double frobenius_inner(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

// kernel(i, j) += <jacobian.col(i), jacobian.col(j)> for a Jacobian stored P x n (a column per
// example): the share of one output in K.
void add_gram(const Eigen::MatrixXd& jacobian, Eigen::MatrixXd& kernel);

// One-hot labels (n x classes) with each column's mean over the n examples removed.
Eigen::MatrixXd centred_one_hot(const int* labels, int n, int classes);
// Targets (n x outputs) with each column's mean removed, in place.
void centre_columns(Eigen::MatrixXd& targets);

// 1 - cosine between the kernels; NaN when either is zero.
double ntk_distance(const Eigen::MatrixXd& initial, const Eigen::MatrixXd& current);
// Cosine between the kernel and Y Y^T (targets: n x outputs, centred); NaN when either is zero.
double ntk_alignment(const Eigen::MatrixXd& kernel, const Eigen::MatrixXd& targets);

}  // namespace descent
