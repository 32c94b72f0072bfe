#pragma once
// The Hessian trace by Hutchinson's estimator: tr(H) = E[z^T H z] for Rademacher z ("A
// Stochastic Estimator of the Trace of the Influence Matrix for Laplacian Smoothing
// Splines", Hutchinson, 1989; used in "PyHessian: Neural Networks Through the Lens of the
// Hessian", Yao et al., 2020). With m probes the estimate's variance is
// 2 (|H|_F^2 - sum_i H_ii^2) / m; standard_error() reports the sample estimate of its square
// root. m HVPs; no allocation after init().
#include "core/rng.h"
#include "core/types.h"
#include "optim/optimizer.h"

namespace descent {

class Hutchinson {
 public:
  void init(int n) {
    z_ = Vec::Zero(n);
    hz_ = Vec::Zero(n);
  }
  // Returns the HVPs used (= probes).
  int run(Objective& objective, ConstVecRef params, int probes, Rng& rng);
  double trace() const { return trace_; }
  double standard_error() const { return standard_error_; }

 private:
  Vec z_, hz_;
  double trace_ = 0.0, standard_error_ = 0.0;
};

}  // namespace descent
