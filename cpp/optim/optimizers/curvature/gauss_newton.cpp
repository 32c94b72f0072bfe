// Exact (generalized) Gauss-Newton for small networks, solved through the batch-sized system.
// The generalized Gauss-Newton matrix of a loss L(f(theta)) is G = J^T H_L J, with J the
// Jacobian of the network outputs (K x B of them, flattened sample by sample) and H_L the
// loss Hessian with respect to the outputs, block diagonal and positive semi-definite
// (Schraudolph, "Fast curvature matrix-vector products for second-order gradient descent",
// 2002; used with damping by Martens, "Deep learning via Hessian-free optimization", 2010).
// The damped step d = -(G + lambda I)^{-1} grad L with grad L = J^T g (g = dL/doutputs) is
// computed in output space by the push-through identity (J^T H J + lambda I)^{-1} J^T
// = J^T (H J J^T + lambda I)^{-1}:
//   d = -lr J^T y,   (H J J^T + lambda I) y = g,
// a (K B) x (K B) system instead of a P x P one. For the squared error (mse, H = I / B)
// this is d = -lr J^T (J J^T + lambda B I)^{-1} r with residuals r = outputs - targets; for
// cross-entropy H is each sample's softmax covariance (diag p - p p^T) / B, for the logistic
// loss sigma (1 - sigma) / B. lambda is on the scale of the mean loss.
//
// Each step: one gradient (for the reported loss and gradient norm), K B vector-Jacobian
// products to assemble J row by row (stored in double), the Gram matrix J J^T, an LU solve
// (partial pivoting; H J J^T is not symmetric) and J^T y, all in double: with small lambda
// y is large along the null space of J J^T, which J^T y cancels exactly only if the
// product is accurate. The matrices are sized on the first step (Run
// rejects problems whose K B or parameter count exceed the limits below). Networks only,
// without model.l1 / model.l2 (the output-space system has no room for the penalty's
// curvature) and without pre-stage transforms (the step is built from the output gradient,
// not from the parameter gradient they would act on); the post stage acts on the update.
#include <Eigen/LU>
#include <cmath>

#include "nn/product.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"

namespace descent {
namespace {

constexpr int kMaxSystem = 512;    // batch x outputs
constexpr int kMaxParams = 10000;  // parameters

class GaussNewton final : public Optimizer {
 public:
  explicit GaussNewton(double lambda) : lambda_(lambda) {}
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    gradient_ = Vec::Zero(layout.size);
    row_ = Vec::Zero(layout.size);
  }
  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepResult result;
    result.loss = objective.value_and_grad(params, gradient_);
    result.grad_norm = std::sqrt(static_cast<double>(gradient_.squaredNorm()));
    StepContext local = ctx;
    local.loss = result.loss;
    local.gradient = &gradient_;
    const int k = objective.output_rows(), b = objective.output_cols();
    const int n = k * b;
    if (n == 0) {  // not a network (Run rejects this); leave the parameters unchanged
      update.setZero();
      return result;
    }
    size_for(k, b, static_cast<int>(params.size()));
    // J row by row: row j K + i is the gradient of output i of sample j.
    for (int j = 0; j < b; ++j) {
      for (int i = 0; i < k; ++i) {
        unit_.setZero();
        unit_(i, j) = 1;
        objective.output_vjp(params, unit_, row_);
        jacobian_.row(j * k + i) = row_.cast<double>().transpose();
      }
    }
    objective.output_gradient(params, output_grad_);
    objective.output_loss_hessian(params, loss_hessian_);
    nn::product_into(gram_, jacobian_, jacobian_.transpose(), false);
    // system = H (J J^T) + lambda I, H block diagonal: rows of sample j mix by H_j.
    for (int j = 0; j < b; ++j) {
      for (int a = 0; a < k; ++a) {
        for (int c = 0; c < n; ++c) {
          double s = 0.0;
          for (int d = 0; d < k; ++d) {
            s += static_cast<double>(loss_hessian_(a, j * k + d)) * gram_(j * k + d, c);
          }
          system_(j * k + a, c) = s;
        }
      }
    }
    system_.diagonal().array() += lambda_;
    for (int j = 0; j < b; ++j) {
      for (int a = 0; a < k; ++a) rhs_[j * k + a] = static_cast<double>(output_grad_(a, j));
    }
    lu_.compute(system_);
    solution_ = lu_.solve(rhs_);
    step_.noalias() = jacobian_.transpose() * solution_;
    update = (-ctx.lr * step_).cast<Scalar>();
    post_.update(update, params, local);
    return result;
  }

  void visit_own_state(StateVisitor& /*v*/) override {}

 private:
  // Sizes the output-space workspace (a no-op once sized).
  void size_for(int k, int b, int p) {
    const int n = k * b;
    if (jacobian_.rows() == n && jacobian_.cols() == p) return;
    unit_.resize(k, b);
    jacobian_.resize(n, p);
    gram_.resize(n, n);
    output_grad_.resize(k, b);
    loss_hessian_.resize(k, n);
    system_.resize(n, n);
    rhs_.resize(n);
    solution_.resize(n);
    step_.resize(p);
    lu_ = Eigen::PartialPivLU<Eigen::MatrixXd>(n);
  }

  double lambda_;
  Vec gradient_, row_;
  Mat unit_, output_grad_, loss_hessian_;
  Eigen::MatrixXd jacobian_, gram_, system_;
  Eigen::VectorXd rhs_, solution_, step_;
  Eigen::PartialPivLU<Eigen::MatrixXd> lu_;
};

}  // namespace

OptimizerInfo gauss_newton_info() {
  OptimizerInfo info =
      describe("gauss_newton", "Gauss-Newton (exact, batch system)", family::kCurvature);
  info.description =
      "Damped generalized Gauss-Newton step -(J^T H J + lambda I)^{-1} g solved in output "
      "space: J^T (H J J^T + lambda I)^{-1} dL/doutputs with the exact output Jacobian J of "
      "the batch (small networks only: batch x outputs <= 512, parameters <= 10000).";
  info.citation = {"Fast curvature matrix-vector products for second-order gradient descent",
                   "Schraudolph", 2002, "Neural Computation 14"};
  info.params = {hp::lr(1.0), log_real("lambda", 0.1, 1e-10, 1e4,
                                       "Levenberg-Marquardt damping added to the Gauss-Newton "
                                       "matrix (mean-loss scale; below ~0.01 full steps "
                                       "overshoot on a tanh spiral net).")};
  info.gradients_per_step = 1;
  info.hvps_per_step = 0;
  info.output_space = true;
  info.max_output_system = kMaxSystem;
  info.max_params = kMaxParams;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<GaussNewton>(p.get("lambda")));
  };
  return info;
}

}  // namespace descent
