#pragma once
// The max-margin (hard-margin SVM) direction of linearly separable data, the direction that
// gradient descent on the logistic loss converges to ("The Implicit Bias of Gradient Descent
// on Separable Data", Soudry, Hoffer, Nacson, Gunasekar, Srebro, JMLR 2018).
#include <Eigen/Core>
#include <vector>

namespace descent {

struct MaxMargin {
  bool separable = false;
  Eigen::VectorXd direction;  // unit vector u maximising min_i s_i u . z_i (empty if not)
  double margin = 0.0;        // that minimum (the geometric margin)
  int epochs = 0;             // passes of dual coordinate ascent used
};

// Hard-margin SVM through the origin: min |w|^2 subject to s_i w . z_i >= 1, for points z_i
// (the columns of z) with signs s_i = +1 or -1. A linear model with a bias is covered by
// appending a constant 1 to every point (the bias is then part of w, as it is of GD's
// parameters). Solved by dual coordinate ascent ("A Dual Coordinate Descent Method for
// Large-scale Linear SVM", Hsieh, Chang, Lin, Keerthi, Sundararajan, ICML 2008, with C = inf):
// max_a sum a_i - |sum a_i s_i z_i|^2 / 2 over a >= 0, one coordinate at a time in closed
// form, until no coordinate's projected gradient exceeds tol. On non-separable data the dual
// is unbounded: |w| grows without limit and the result says not separable; so it does when
// max_epochs passes do not reach tol (no answer rather than an inexact one).
MaxMargin max_margin_direction(const Eigen::MatrixXd& z, const std::vector<int>& signs,
                               double tol = 1e-10, int max_epochs = 100000);

// Angle in degrees between v and the unit vector u (NaN if v is zero).
double angle_degrees(const Eigen::VectorXd& v, const Eigen::VectorXd& u);

}  // namespace descent
