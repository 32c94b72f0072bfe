#include "run/network_problem.h"

#include <algorithm>
#include <cmath>

namespace descent {

namespace {
bool is_classification(const Dataset& d) { return d.task == Task::Classification; }

int network_outputs(const Dataset& d, LossKind loss) {
  return loss == LossKind::Logistic ? 1 : d.output_dim;
}
}  // namespace

NetworkProblem::NetworkProblem(const RunConfig& config, Dataset data)
    : data_(std::move(data)),
      mlp_(data_.input_dim, network_outputs(data_, config.model.spec.loss), config.model.spec),
      l1_(config.model.l1),
      l2_(config.model.l2),
      init_rng_(config.stream_seed(config.init_seed), Stream::Init),
      batch_rng_(config.stream_seed(config.batch_seed), Stream::Batch) {
  const int n = data_.n_train();
  full_batch_ = config.batch_size <= 0 || config.batch_size >= n;
  batch_size_ = full_batch_ ? n : config.batch_size;
  mlp_.reserve(std::max(batch_size_, kEvalChunk));
  order_.resize(n);
  for (int i = 0; i < n; ++i) order_[i] = i;
  cursor_ = order_.size();  // the first next_batch() shuffles
  if (!full_batch_) {
    batch_x_.resize(data_.input_dim, batch_size_);
    if (is_classification(data_)) {
      batch_labels_.resize(batch_size_);
    } else {
      batch_y_.resize(data_.output_dim, batch_size_);
    }
  }
  chunk_x_.resize(data_.input_dim, kEvalChunk);
  chunk_y_.resize(is_classification(data_) ? 0 : data_.output_dim, kEvalChunk);
  chunk_labels_.resize(kEvalChunk);
}

void NetworkProblem::init_params(VecRef params) { mlp_.init_params(params, init_rng_); }

// Batches are consecutive slices of a permutation drawn afresh each epoch; the last partial
// slice of an epoch is skipped, so every batch has batch_size examples.
void NetworkProblem::next_batch() {
  if (full_batch_) return;
  if (cursor_ + batch_size_ > order_.size()) {
    batch_rng_.shuffle(order_);
    cursor_ = 0;
  }
  for (int j = 0; j < batch_size_; ++j) {
    const int i = order_[cursor_ + j];
    batch_x_.col(j) = data_.x_train.col(i);
    if (is_classification(data_)) {
      batch_labels_[j] = data_.label_train[i];
    } else {
      batch_y_.col(j) = data_.y_train.col(i);
    }
  }
  cursor_ += batch_size_;
}

Targets NetworkProblem::batch_targets() {
  Targets t;
  if (full_batch_) {
    t.labels = data_.label_train.data();
    t.values = &data_.y_train;
  } else {
    t.labels = batch_labels_.data();
    t.values = &batch_y_;
  }
  return t;
}

double NetworkProblem::penalty(ConstVecRef params) const {
  if (l1_ == 0 && l2_ == 0) return 0.0;
  double total = 0.0;
  for (const auto& t : mlp_.layout().tensors) {
    if (t.role != TensorRole::Weight) continue;
    auto w = params.segment(t.offset, t.size());
    total += l1_ * static_cast<double>(w.cwiseAbs().sum()) +
             0.5 * l2_ * static_cast<double>(w.squaredNorm());
  }
  return total;
}

void NetworkProblem::add_penalty_grad(ConstVecRef params, VecRef grad) const {
  if (l1_ == 0 && l2_ == 0) return;
  const auto l1 = static_cast<Scalar>(l1_);
  const auto l2 = static_cast<Scalar>(l2_);
  for (const auto& t : mlp_.layout().tensors) {
    if (t.role != TensorRole::Weight) continue;
    auto w = params.segment(t.offset, t.size());
    grad.segment(t.offset, t.size()).array() += l1 * w.array().sign() + l2 * w.array();
  }
}

double NetworkProblem::value_and_grad(ConstVecRef params, VecRef grad) {
  const Mat& x = full_batch_ ? data_.x_train : batch_x_;
  double loss = mlp_.loss_and_grad(params, x, batch_targets(), grad);
  add_penalty_grad(params, grad);
  return loss + penalty(params);
}

double NetworkProblem::value(ConstVecRef params) {
  const Mat& x = full_batch_ ? data_.x_train : batch_x_;
  return mlp_.loss(params, x, batch_targets()) + penalty(params);
}

std::pair<double, double> NetworkProblem::evaluate_split(ConstVecRef params, const Split& split) {
  const int n = static_cast<int>(split.x->cols());
  double loss_sum = 0.0;
  long correct = 0;
  for (int start = 0; start < n; start += kEvalChunk) {
    const int m = std::min(kEvalChunk, n - start);
    const auto x = split.x->middleCols(start, m);
    Targets t;
    if (is_classification(data_)) {
      t.labels = split.labels->data() + start;
    } else {
      chunk_y_.leftCols(m) = split.y->middleCols(start, m);
      t.values = &chunk_y_;
    }
    loss_sum += mlp_.loss(params, x, t) * m;
    if (is_classification(data_)) correct += mlp_.correct(params, x, t.labels);
  }
  const double accuracy =
      is_classification(data_) ? static_cast<double>(correct) / std::max(n, 1) : MetricRow::none;
  return {loss_sum / std::max(n, 1), accuracy};
}

void NetworkProblem::evaluate(ConstVecRef params, MetricRow& row) {
  auto [train_loss, train_accuracy] =
      evaluate_split(params, {&data_.x_train, &data_.y_train, &data_.label_train});
  row.loss = train_loss + penalty(params);
  row.accuracy = train_accuracy;
  if (data_.n_test() > 0) {
    auto [test_loss, test_accuracy] =
        evaluate_split(params, {&data_.x_test, &data_.y_test, &data_.label_test});
    row.test_loss = test_loss;
    row.test_accuracy = test_accuracy;
  }
}

void NetworkProblem::predict(ConstVecRef params, const Eigen::Ref<const Mat>& x, Mat& out) {
  const int n = static_cast<int>(x.cols());
  const bool logistic = mlp_.spec().loss == LossKind::Logistic;
  const bool softmax = mlp_.spec().loss == LossKind::CrossEntropy;
  const bool stablemax = mlp_.spec().loss == LossKind::StableMax;
  out.resize(logistic ? 2 : mlp_.output_dim(), n);
  for (int start = 0; start < n; start += kEvalChunk) {
    const int m = std::min(kEvalChunk, n - start);
    mlp_.forward(params, x.middleCols(start, m), out_);
    auto logits = out_.leftCols(m);
    if (softmax) {
      softmax_.resize(logits.rows());
      for (int j = 0; j < m; ++j) {
        auto col = logits.col(j);
        softmax_ = (col.array() - col.maxCoeff()).exp();
        out.col(start + j) = softmax_ / softmax_.sum();
      }
    } else if (stablemax) {
      // The probabilities the StableMax loss trains: s(z_i) / sum_k s(z_k).
      for (int j = 0; j < m; ++j) {
        auto col = out.col(start + j);
        for (Eigen::Index i = 0; i < col.size(); ++i) {
          const Scalar z = logits(i, j);
          col(i) = z >= Scalar(0) ? z + Scalar(1) : Scalar(1) / (Scalar(1) - z);
        }
        col /= col.sum();
      }
    } else if (logistic) {
      for (int j = 0; j < m; ++j) {
        const Scalar p = Scalar(1) / (Scalar(1) + std::exp(-logits(0, j)));
        out(0, start + j) = Scalar(1) - p;
        out(1, start + j) = p;
      }
    } else {
      out.middleCols(start, m) = logits;
    }
  }
}

}  // namespace descent
