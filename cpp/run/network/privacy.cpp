// The network problem's part of differentially private training (run/privacy.h): the
// minibatch's clipped and unclipped mean gradients from the MLP's per-example pass, released
// through DP-SGD's noise and DiceSGD's error feedback; and per-example gradient norms on the
// probe set for the diagnostics.
#include "run/network_problem.h"

namespace descent {

double NetworkProblem::private_loss_and_grad(ConstVecRef params, VecRef grad) {
  Private& p = *private_;
  const int batch = batch_size_;
  const double clip = p.config.clip;
  double loss = 0.0;
  if (f64_) {
    const Eigen::VectorXd& w = point_of(params);
    BasicTargets<double> t;
    t.labels = batch_targets().labels;
    t.values = full_batch_ ? &f64_->y_train : &f64_->batch_y;
    loss = f64_->mlp.clipped_loss_and_grad(w, full_batch_ ? f64_->x_train : f64_->batch_x, t, clip,
                                           p.mean, p.clipped, p.norms);
    p.release.release(p.clipped, p.mean, batch);
    penalty_.add_grad(layout(), w, p.clipped);
    grad = p.clipped.cast<Scalar>();
    return loss + penalty_.value(layout(), w);
  }
  const Mat& x = full_batch_ ? data_.x_train : batch_x_;
  loss =
      mlp_.clipped_loss_and_grad(params, x, batch_targets(), clip, p.mean32, p.clipped32, p.norms);
  p.clipped = p.clipped32.cast<double>();
  p.mean = p.mean32.cast<double>();
  p.release.release(p.clipped, p.mean, batch);
  grad = p.clipped.cast<Scalar>();
  penalty_.add_grad(layout(), params, grad);
  return loss + penalty_.value(layout(), params);
}

bool NetworkProblem::per_example_grad_norms(ConstVecRef params, int probe_batch, Rng& probe_rng,
                                            Eigen::VectorXd& norms) {
  if (!mlp_.has_per_example_gradients() || frozen_ > 0) return false;
  prepare_probe(probe_batch, probe_rng);
  const Mat& x = probe_all_ ? data_.x_train : probe_x_;
  if (probe_grad_.size() != mlp_.num_params()) probe_grad_ = Vec::Zero(mlp_.num_params());
  mlp_.per_example_grad_norms(params, x, probe_targets(), probe_grad_, norms);
  return true;
}

}  // namespace descent
