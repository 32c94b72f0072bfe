// Minibatches: consecutive slices of a permutation of the training set drawn afresh each
// epoch from the batch stream (with the full set as the one batch when batch_size covers it).
#include "run/network_problem.h"

namespace descent {

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
    if (classification()) {
      batch_labels_[j] = data_.label_train[i];
    } else {
      batch_y_.col(j) = data_.y_train.col(i);
    }
  }
  cursor_ += batch_size_;
  if (f64_) {
    f64_->batch_x = batch_x_.cast<double>();
    if (!classification()) f64_->batch_y = batch_y_.cast<double>();
  }
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

}  // namespace descent
