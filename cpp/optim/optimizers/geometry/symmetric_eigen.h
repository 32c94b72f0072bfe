#pragma once
// Eigendecomposition of a symmetric matrix (double) that never allocates after init(), for
// Shampoo's inverse roots and the spectral optimizers' Gram matrices.
//
// Eigen's SelfAdjointEigenSolver::compute allocates a work vector on every call, and its
// blocked Householder back-transformation (used from 48 x 48 up) allocates more; JacobiSVD
// also allocates for larger matrices. So the steps are taken one by one, through Eigen's
// public classes: Tridiagonalization (in place, no allocation), the implicit QR iteration
// of SelfAdjointEigenSolver::computeFromTridiagonal (no allocation), and the Householder
// reflectors applied to the tridiagonal eigenvectors one at a time with a preallocated
// work vector. As in SelfAdjointEigenSolver::compute, the matrix is scaled to entries in
// [-1, 1] first to avoid over- and underflow. Eigenvalues come in increasing order.
#include <Eigen/Eigenvalues>
#include <memory>

namespace descent {

class SymmetricEigen {
  // Tridiagonalization's householderCoefficients() returns a copy (an allocation); this
  // exposes the stored coefficients by reference.
  class Tridiagonal : public Eigen::Tridiagonalization<Eigen::MatrixXd> {
   public:
    explicit Tridiagonal(Eigen::Index n) : Eigen::Tridiagonalization<Eigen::MatrixXd>(n) {}
    const CoeffVectorType& coefficients() const { return m_hCoeffs; }
  };

 public:
  void init(int n) {
    n_ = n;
    tri_ = std::make_unique<Tridiagonal>(n);
    solver_ = std::make_unique<Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>>(n);
    scaled_.resize(n, n);
    diag_.resize(n);
    sub_.resize(n > 1 ? n - 1 : 0);
    values_.resize(n);
    vectors_.resize(n, n);
    work_.resize(n);
  }

  // a: n x n symmetric (only its lower triangle is read).
  void compute(const Eigen::MatrixXd& a) {
    double scale = a.cwiseAbs().maxCoeff();
    if (scale == 0) scale = 1;
    if (n_ == 1) {
      values_(0) = a(0, 0);
      vectors_(0, 0) = 1;
      return;
    }
    scaled_ = a / scale;
    tri_->compute(scaled_);
    diag_ = tri_->diagonal();
    sub_ = tri_->subDiagonal();
    solver_->computeFromTridiagonal(diag_, sub_, Eigen::ComputeEigenvectors);
    values_ = solver_->eigenvalues() * scale;
    vectors_ = solver_->eigenvectors();
    // vectors <- Q vectors, Q = H_0 H_1 ... H_{n-2}: apply H_{n-2} first.
    const Eigen::MatrixXd& packed = tri_->packedMatrix();
    const auto& tau = tri_->coefficients();
    for (int k = n_ - 2; k >= 0; --k) {
      vectors_.bottomRows(n_ - 1 - k)
          .applyHouseholderOnTheLeft(packed.col(k).tail(n_ - 2 - k), tau(k), work_.data());
    }
  }

  const Eigen::VectorXd& eigenvalues() const { return values_; }
  const Eigen::MatrixXd& eigenvectors() const { return vectors_; }

 private:
  int n_ = 0;
  std::unique_ptr<Tridiagonal> tri_;
  std::unique_ptr<Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>> solver_;
  Eigen::MatrixXd scaled_, vectors_;
  Eigen::VectorXd diag_, sub_, values_, work_;
};

}  // namespace descent
