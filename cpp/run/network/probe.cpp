// The probe set the diagnostics measure on: the whole training set, or a fixed sample drawn
// once from the probe stream; and the loss on it as an Objective (value, gradient, exact H v).
#include <algorithm>

#include "run/network_problem.h"

namespace descent {

void NetworkProblem::prepare_probe(int probe_batch, Rng& probe_rng) {
  if (probe_ready_) return;
  probe_ready_ = true;
  const int n = data_.n_train();
  probe_all_ = probe_batch <= 0 || probe_batch >= n;
  const int size = probe_all_ ? n : probe_batch;
  std::vector<int> rows;
  if (!probe_all_) {
    // The first probe_batch entries of a permutation from the probe stream.
    rows.resize(n);
    for (int i = 0; i < n; ++i) rows[i] = i;
    probe_rng.shuffle(rows);
    rows.resize(size);
  }
  fill_probe(rows);
}

void NetworkProblem::fill_probe(const std::vector<int>& rows) {
  probe_rows_ = rows;
  const int size = probe_all_ ? data_.n_train() : static_cast<int>(rows.size());
  if (!probe_all_) {
    probe_x_.resize(data_.input_dim, size);
    if (classification()) {
      probe_labels_.resize(size);
    } else {
      probe_y_.resize(data_.output_dim, size);
    }
    for (int j = 0; j < size; ++j) {
      probe_x_.col(j) = data_.x_train.col(rows[j]);
      if (classification()) {
        probe_labels_[j] = data_.label_train[rows[j]];
      } else {
        probe_y_.col(j) = data_.y_train.col(rows[j]);
      }
    }
  }
  mlp_.reserve(std::max({batch_size_, size, kEvalChunk}));
  probe_out_.resize(mlp_.output_dim(), size);
}

Eigen::Index NetworkProblem::forward_probe(ConstVecRef params) {
  if (f64_) {
    const Eigen::VectorXd& w = point_of(params);
    Eigen::MatrixXd subset;
    if (!probe_all_) subset = probe_x_.cast<double>();
    const Eigen::MatrixXd& x = probe_all_ ? f64_->x_train : subset;
    Eigen::MatrixXd out;
    f64_->mlp.forward(w, x, out);
    return x.cols();
  }
  const Mat& x = probe_all_ ? data_.x_train : probe_x_;
  mlp_.forward(params, x, probe_out_);
  return x.cols();
}

Targets NetworkProblem::probe_targets() {
  Targets t;
  if (probe_all_) {
    t.labels = data_.label_train.data();
    t.values = &data_.y_train;
  } else {
    t.labels = probe_labels_.data();
    t.values = &probe_y_;
  }
  return t;
}

double NetworkProblem::Probe::value_and_grad(ConstVecRef params, VecRef grad) {
  NetworkProblem& p = owner_;
  const Mat& x = p.probe_all_ ? p.data_.x_train : p.probe_x_;
  double loss = p.mlp_.loss_and_grad(params, x, p.probe_targets(), grad);
  p.penalty_.add_grad(p.layout(), params, grad);
  p.zero_frozen(grad);
  return loss + p.penalty_.value(p.layout(), params);
}

double NetworkProblem::Probe::value(ConstVecRef params) {
  NetworkProblem& p = owner_;
  const Mat& x = p.probe_all_ ? p.data_.x_train : p.probe_x_;
  return p.mlp_.loss(params, x, p.probe_targets()) + p.penalty_.value(p.layout(), params);
}

void NetworkProblem::Probe::hvp(ConstVecRef params, ConstVecRef v, VecRef out) {
  NetworkProblem& p = owner_;
  const Mat& x = p.probe_all_ ? p.data_.x_train : p.probe_x_;
  const ConstVecRef u = p.trained_part(v);
  p.mlp_.hessian_vector(params, x, p.probe_targets(), u, out);
  p.penalty_.add_hvp(p.layout(), u, out);
  p.zero_frozen(out);
}

Objective& NetworkProblem::probe_objective(int probe_batch, Rng& probe_rng) {
  prepare_probe(probe_batch, probe_rng);
  return probe_;
}

}  // namespace descent
