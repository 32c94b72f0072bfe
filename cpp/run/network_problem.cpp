#include "run/network_problem.h"

#include <algorithm>
#include <cmath>

#include "run/network/evaluate_split.h"

namespace descent {

namespace {
int network_outputs(const Dataset& d, LossKind loss) {
  return loss == LossKind::Logistic ? 1 : d.output_dim;
}
}  // namespace

NetworkProblem::NetworkProblem(const RunConfig& config, Dataset data)
    : data_(std::move(data)),
      mlp_(data_.input_dim, network_outputs(data_, config.model.spec.loss), config.model.spec),
      penalty_{config.model.l1, config.model.l2},
      init_rng_(config.stream_seed(config.init_seed), Stream::Init),
      batch_rng_(config.stream_seed(config.batch_seed), Stream::Batch),
      switches_(config.problem.task_switches),
      switch_seed_(config.stream_seed(config.data_seed)) {
  const int n = data_.n_train();
  full_batch_ = config.batch_size <= 0 || config.batch_size >= n;
  batch_size_ = full_batch_ ? n : config.batch_size;
  mlp_.reserve(std::max(batch_size_, kEvalChunk));
  order_.resize(n);
  for (int i = 0; i < n; ++i) order_[i] = i;
  cursor_ = order_.size();  // the first next_batch() shuffles
  if (!full_batch_) {
    batch_x_.resize(data_.input_dim, batch_size_);
    if (classification()) {
      batch_labels_.resize(batch_size_);
    } else {
      batch_y_.resize(data_.output_dim, batch_size_);
    }
  }
  if (config.float64) {
    f64_ = std::make_unique<Float64>(Float64{
        BasicMlp<double>(data_.input_dim, network_outputs(data_, config.model.spec.loss),
                         config.model.spec),
        data_.x_train.cast<double>(), data_.y_train.cast<double>(), data_.x_test.cast<double>(),
        data_.y_test.cast<double>(), batch_x_.cast<double>(), batch_y_.cast<double>(),
        Eigen::MatrixXd(classification() ? 0 : data_.output_dim, kEvalChunk),
        Eigen::VectorXd::Zero(mlp_.num_params()), Eigen::VectorXd::Zero(mlp_.num_params()),
        Eigen::VectorXd::Zero(mlp_.num_params()), Vec::Zero(mlp_.num_params())});
    f64_->mlp.reserve(std::max(batch_size_, kEvalChunk));
  }
  if (config.model.random_features && mlp_.layout().tensors.size() >= 2) {
    // The output layer's weight and bias are the layout's last two tensors.
    frozen_ = mlp_.layout().tensors[mlp_.layout().tensors.size() - 2].offset;
    masked_ = Vec::Zero(mlp_.num_params());
  }
  chunk_x_.resize(data_.input_dim, kEvalChunk);
  chunk_y_.resize(classification() ? 0 : data_.output_dim, kEvalChunk);
  chunk_labels_.resize(kEvalChunk);
  if (config.model.spec.hidden.empty() && config.model.spec.loss == LossKind::Logistic) {
    prepare_max_margin();
  }
  if (config.privacy.enabled()) {
    const int n = mlp_.num_params();
    private_ = std::make_unique<Private>(Private{
        config.privacy, PrivateGradient(config.privacy, config.seed, n), Eigen::VectorXd::Zero(n),
        Eigen::VectorXd::Zero(n), Eigen::VectorXd::Zero(batch_size_), Vec::Zero(n), Vec::Zero(n)});
  }
}

void NetworkProblem::init_params(VecRef params) {
  mlp_.init_params(params, init_rng_);
  // Random features start the trained output layer at zero: gradient descent then stays in
  // the span of the features' rows and reaches the minimum-norm fit.
  if (frozen_ > 0) params.tail(params.size() - frozen_).setZero();
  if (f64_) {
    f64_->master = params.cast<double>();
    f64_->rounded = params;
  }
}

ConstVecRef NetworkProblem::trained_part(ConstVecRef v) {
  if (frozen_ == 0) return v;
  masked_ = v;
  masked_.head(frozen_).setZero();
  return masked_;
}

double NetworkProblem::value_and_grad(ConstVecRef params, VecRef grad) {
  if (private_) return private_loss_and_grad(params, grad);
  if (f64_) {
    const Eigen::VectorXd& w = point_of(params);
    BasicTargets<double> t;
    t.labels = batch_targets().labels;
    t.values = full_batch_ ? &f64_->y_train : &f64_->batch_y;
    const double loss =
        f64_->mlp.loss_and_grad(w, full_batch_ ? f64_->x_train : f64_->batch_x, t, f64_->grad);
    penalty_.add_grad(layout(), w, f64_->grad);
    grad = f64_->grad.cast<Scalar>();
    zero_frozen(grad);
    return loss + penalty_.value(layout(), w);
  }
  const Mat& x = full_batch_ ? data_.x_train : batch_x_;
  double loss = mlp_.loss_and_grad(params, x, batch_targets(), grad);
  penalty_.add_grad(layout(), params, grad);
  zero_frozen(grad);
  return loss + penalty_.value(layout(), params);
}

double NetworkProblem::value(ConstVecRef params) {
  if (f64_) {
    const Eigen::VectorXd& w = point_of(params);
    BasicTargets<double> t;
    t.labels = batch_targets().labels;
    t.values = full_batch_ ? &f64_->y_train : &f64_->batch_y;
    return f64_->mlp.loss(w, full_batch_ ? f64_->x_train : f64_->batch_x, t) +
           penalty_.value(layout(), w);
  }
  const Mat& x = full_batch_ ? data_.x_train : batch_x_;
  return mlp_.loss(params, x, batch_targets()) + penalty_.value(layout(), params);
}

void NetworkProblem::evaluate(ConstVecRef params, MetricRow& row) {
  const bool c = classification();
  if (f64_) {
    // The master weights (params is their float32 rounding).
    auto [train_loss, train_accuracy] =
        evaluate_split(f64_->mlp, f64_->master, f64_->x_train, f64_->y_train, data_.label_train, c,
                       f64_->chunk_y, kEvalChunk);
    row.loss = train_loss + penalty_.value(layout(), f64_->master);
    row.accuracy = train_accuracy;
    row.margin_angle = margin_angle(params);
    if (data_.n_test() > 0) {
      auto [test_loss, test_accuracy] =
          evaluate_split(f64_->mlp, f64_->master, f64_->x_test, f64_->y_test, data_.label_test, c,
                         f64_->chunk_y, kEvalChunk);
      row.test_loss = test_loss;
      row.test_accuracy = test_accuracy;
    }
    return;
  }
  auto [train_loss, train_accuracy] = evaluate_split(mlp_, params, data_.x_train, data_.y_train,
                                                     data_.label_train, c, chunk_y_, kEvalChunk);
  row.loss = train_loss + penalty_.value(layout(), params);
  row.accuracy = train_accuracy;
  row.margin_angle = margin_angle(params);
  if (data_.n_test() > 0) {
    auto [test_loss, test_accuracy] = evaluate_split(mlp_, params, data_.x_test, data_.y_test,
                                                     data_.label_test, c, chunk_y_, kEvalChunk);
    row.test_loss = test_loss;
    row.test_accuracy = test_accuracy;
  }
}

}  // namespace descent
