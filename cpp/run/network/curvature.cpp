// Exact curvature products for the optimizers and diagnostics that ask for them: H v of the
// minibatch loss plus the penalty, the output Jacobian products (Gauss-Newton, K-FAC-style
// methods) and the loss Hessian blocks in output space. Frozen entries (random features)
// are projected out.
#include "nn/loss.h"
#include "run/network_problem.h"

namespace descent {

void NetworkProblem::hvp(ConstVecRef params, ConstVecRef v, VecRef out) {
  const ConstVecRef u = trained_part(v);
  mlp_.hessian_vector(params, batch_inputs(), batch_targets(), u, out);
  penalty_.add_hvp(layout(), u, out);
  zero_frozen(out);
}

void NetworkProblem::reserve_curvature() {
  mlp_.reserve_curvature(batch_size_);
  const int k = mlp_.output_dim();
  jvp_.resize(k, batch_size_);
  unit_dir_.resize(k, batch_size_);
  unit_image_.resize(k, batch_size_);
  if (out_.rows() != k || out_.cols() < batch_size_)
    out_.resize(k, std::max(batch_size_, kEvalChunk));
}

const Mat& NetworkProblem::output_jvp(ConstVecRef params, ConstVecRef v) {
  mlp_.output_jvp(params, batch_inputs(), trained_part(v), jvp_);
  return jvp_;
}

void NetworkProblem::output_vjp(ConstVecRef params, const Mat& u, VecRef out) {
  mlp_.output_vjp(params, batch_inputs(), u, out);
  zero_frozen(out);
}

double NetworkProblem::output_gradient(ConstVecRef params, Mat& g) {
  mlp_.forward(params, batch_inputs(), out_);
  const auto outputs = out_.leftCols(batch_size_);
  if (g.rows() != outputs.rows() || g.cols() != batch_size_) g.resize(outputs.rows(), batch_size_);
  return nn::loss_value_and_grad<Scalar>(mlp_.spec().loss, outputs, batch_targets(), g);
}

void NetworkProblem::output_loss_hessian(ConstVecRef params, Mat& blocks) {
  const int k = mlp_.output_dim();
  mlp_.forward(params, batch_inputs(), out_);
  const auto outputs = out_.leftCols(batch_size_);
  const Eigen::Index columns = Eigen::Index{k} * batch_size_;
  if (blocks.rows() != k || blocks.cols() != columns) blocks.resize(k, columns);
  unit_dir_.resize(k, batch_size_);  // no-ops after reserve_curvature
  unit_image_.resize(k, batch_size_);
  for (int i = 0; i < k; ++i) {
    unit_dir_.setZero();
    unit_dir_.row(i).setOnes();
    nn::loss_hessian_product<Scalar>(mlp_.spec().loss, outputs, unit_dir_, unit_image_,
                                     batch_targets().labels);
    for (int j = 0; j < batch_size_; ++j) blocks.col(j * k + i) = unit_image_.col(j);
  }
}

}  // namespace descent
