#pragma once
// Low-rank matrix sensing: recover a PSD matrix X* of rank r* from m random linear
// measurements y_i = <A_i, X*> by fitting a factor U (n x r) of X = U U^T. From a small
// initialisation, gradient descent learns X*'s eigenvalues one at a time, the largest first
// ("Understanding Incremental Learning of Gradient Descent: A Fine-grained Analysis of Matrix
// Sensing", Jin, Li, Lyu, Du, Lee, ICML 2023).
// The numerics here are in double and allocate nothing per call: the caller owns a
// SensingWork sized once.
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "core/rng.h"
#include "optim/optimizer.h"

namespace descent {

// Matrix sensing's own random stream (X* and the measurements, from the data seed), after
// core/rng.h's five and DP-SGD's noise (6, run/privacy.h); named here so that rng.h, which
// nearly every file includes, stays as is.
constexpr Stream kSensingStream = static_cast<Stream>(7);

struct SensingInstance {
  int n = 0;     // X* is n x n
  int rank = 0;  // the factor U is n x rank (overparameterised when rank > r*)
  double init_scale = 0.0;
  Eigen::MatrixXd target;        // X* = Q diag(eigenvalues) Q^T, Q orthonormal (n x r*)
  Eigen::VectorXd eigenvalues;   // X*'s nonzero eigenvalues, descending
  Eigen::MatrixXd measurements;  // m x n^2: row i is vec(A_i), A_i symmetric Gaussian
  Eigen::VectorXd y;             // y_i = <A_i, X*>
  int m() const { return static_cast<int>(y.size()); }
};

// Buffers of one loss / gradient / Hessian-vector evaluation.
struct SensingWork {
  explicit SensingWork(const SensingInstance& s);
  Eigen::MatrixXd gram;             // U U^T (n x n)
  Eigen::VectorXd residual;         // <A_i, U U^T> - y_i
  Eigen::MatrixXd weighted;         // S = sum_i residual_i A_i (n x n)
  Eigen::VectorXd change;           // <A_i, U V^T + V U^T>
  Eigen::MatrixXd weighted_change;  // sum_i change_i A_i
};

struct SensingInfo {
  std::string name;
  std::string title;
  std::string description;
  Citation citation;
  std::vector<ParamSpec> params;
};

const std::vector<SensingInfo>& sensing_catalog();
const SensingInfo* find_sensing(const std::string& name);

// The errors of a combination of parameters that each lie in their range (field names
// relative to "problem.").
std::vector<FieldError> sensing_param_errors(const ParamValues& p);

// X*, the measurements and y from the problem's parameters and its own stream.
SensingInstance make_sensing_instance(const ParamValues& p, Rng& sensing_rng);

// f(U) = (1/(2m)) sum_i (<A_i, U U^T> - y_i)^2; fills work.gram and work.residual.
double sensing_loss(const SensingInstance& s, const Eigen::MatrixXd& u, SensingWork& work);
// The loss and its gradient (2/m) S U, S = sum_i residual_i A_i (each A_i symmetric).
double sensing_loss_and_grad(const SensingInstance& s, const Eigen::MatrixXd& u, SensingWork& work,
                             Eigen::MatrixXd& grad);
// The exact Hessian-vector product at U in direction V:
// (2/m) [ (sum_i <A_i, U V^T + V U^T> A_i) U + S V ].
void sensing_hvp(const SensingInstance& s, const Eigen::MatrixXd& u, const Eigen::MatrixXd& v,
                 SensingWork& work, Eigen::MatrixXd& out);
// |U U^T - X*|_F / |X*|_F.
double sensing_relative_error(const SensingInstance& s, const Eigen::MatrixXd& u,
                              SensingWork& work);

}  // namespace descent
