#include "run/network_problem.h"

#include <algorithm>
#include <cmath>

#include "diagnostics/diagnostics.h"
#include "diagnostics/max_margin.h"

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
  if (config.float64) {
    f64_.reset(new Float64{
        BasicMlp<double>(data_.input_dim, network_outputs(data_, config.model.spec.loss),
                         config.model.spec),
        data_.x_train.cast<double>(), data_.y_train.cast<double>(), data_.x_test.cast<double>(),
        data_.y_test.cast<double>(), batch_x_.cast<double>(), batch_y_.cast<double>(),
        Eigen::MatrixXd(is_classification(data_) ? 0 : data_.output_dim, kEvalChunk),
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
  chunk_y_.resize(is_classification(data_) ? 0 : data_.output_dim, kEvalChunk);
  chunk_labels_.resize(kEvalChunk);
  if (config.model.spec.hidden.empty() && config.model.spec.loss == LossKind::Logistic) {
    // Once per run: points with a constant 1 appended (the bias), signs from the labels
    // (label 1 is the positive logit).
    const int n = data_.n_train();
    Eigen::MatrixXd z(data_.input_dim + 1, n);
    z.topRows(data_.input_dim) = data_.x_train.cast<double>();
    z.row(data_.input_dim).setOnes();
    std::vector<int> signs(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) signs[i] = data_.label_train[i] == 1 ? 1 : -1;
    // At most ~2e7 coordinate updates, so a large non-separable set cannot stall the start.
    const MaxMargin mm = max_margin_direction(z, signs, 1e-10, std::max(100, 20'000'000 / std::max(n, 1)));
    if (mm.separable) max_margin_ = mm.direction;
    linear_params_.resize(data_.input_dim + 1);
  }
}

double NetworkProblem::margin_angle(ConstVecRef params) {
  if (max_margin_.size() == 0) return MetricRow::none;
  // A linear model's layout is the weight row (1 x d) then the bias.
  const TensorSlice& w = mlp_.layout().tensors[0];
  const TensorSlice& b = mlp_.layout().tensors[1];
  const int d = data_.input_dim;
  for (int j = 0; j < d; ++j) {
    linear_params_[j] = f64_ ? f64_->master[w.offset + j] : static_cast<double>(params[w.offset + j]);
  }
  linear_params_[d] = f64_ ? f64_->master[b.offset] : static_cast<double>(params[b.offset]);
  return angle_degrees(linear_params_, max_margin_);
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

void NetworkProblem::apply_update(VecRef params, ConstVecRef update) {
  const int n = static_cast<int>(params.size()) - frozen_;
  if (!f64_) {
    params.tail(n) += update.tail(n);
    return;
  }
  f64_->master.tail(n) += update.tail(n).cast<double>();
  f64_->rounded = f64_->master.cast<Scalar>();
  params = f64_->rounded;
}

const Eigen::VectorXd& NetworkProblem::point_of(ConstVecRef params) {
  f64_->point = f64_->master + (params - f64_->rounded).cast<double>();
  return f64_->point;
}

double NetworkProblem::penalty64(const Eigen::VectorXd& w) const {
  if (l1_ == 0 && l2_ == 0) return 0.0;
  double total = 0.0;
  for (const auto& t : mlp_.layout().tensors) {
    if (t.role != TensorRole::Weight) continue;
    auto s = w.segment(t.offset, t.size());
    total += l1_ * s.cwiseAbs().sum() + 0.5 * l2_ * s.squaredNorm();
  }
  return total;
}

void NetworkProblem::add_penalty_grad64(const Eigen::VectorXd& w, Eigen::VectorXd& grad) const {
  if (l1_ == 0 && l2_ == 0) return;
  for (const auto& t : mlp_.layout().tensors) {
    if (t.role != TensorRole::Weight) continue;
    auto s = w.segment(t.offset, t.size());
    grad.segment(t.offset, t.size()).array() += l1_ * s.array().sign() + l2_ * s.array();
  }
}

std::pair<double, double> NetworkProblem::evaluate_split64(const Eigen::MatrixXd& x,
                                                           const Eigen::MatrixXd& y,
                                                           const std::vector<int>& labels) {
  const int n = static_cast<int>(x.cols());
  double loss_sum = 0.0;
  long correct = 0;
  for (int start = 0; start < n; start += kEvalChunk) {
    const int m = std::min(kEvalChunk, n - start);
    BasicTargets<double> t;
    if (is_classification(data_)) {
      t.labels = labels.data() + start;
    } else {
      f64_->chunk_y.leftCols(m) = y.middleCols(start, m);
      t.values = &f64_->chunk_y;
    }
    loss_sum += f64_->mlp.loss(f64_->master, x.middleCols(start, m), t) * m;
    if (is_classification(data_))
      correct += f64_->mlp.correct(f64_->master, x.middleCols(start, m), t.labels);
  }
  const double accuracy =
      is_classification(data_) ? static_cast<double>(correct) / std::max(n, 1) : MetricRow::none;
  return {loss_sum / std::max(n, 1), accuracy};
}

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
  if (f64_) {
    f64_->batch_x = batch_x_.cast<double>();
    if (!is_classification(data_)) f64_->batch_y = batch_y_.cast<double>();
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
  if (f64_) {
    const Eigen::VectorXd& w = point_of(params);
    BasicTargets<double> t;
    t.labels = batch_targets().labels;
    t.values = full_batch_ ? &f64_->y_train : &f64_->batch_y;
    const double loss =
        f64_->mlp.loss_and_grad(w, full_batch_ ? f64_->x_train : f64_->batch_x, t, f64_->grad);
    add_penalty_grad64(w, f64_->grad);
    grad = f64_->grad.cast<Scalar>();
    zero_frozen(grad);
    return loss + penalty64(w);
  }
  const Mat& x = full_batch_ ? data_.x_train : batch_x_;
  double loss = mlp_.loss_and_grad(params, x, batch_targets(), grad);
  add_penalty_grad(params, grad);
  zero_frozen(grad);
  return loss + penalty(params);
}

double NetworkProblem::value(ConstVecRef params) {
  if (f64_) {
    const Eigen::VectorXd& w = point_of(params);
    BasicTargets<double> t;
    t.labels = batch_targets().labels;
    t.values = full_batch_ ? &f64_->y_train : &f64_->batch_y;
    return f64_->mlp.loss(w, full_batch_ ? f64_->x_train : f64_->batch_x, t) + penalty64(w);
  }
  const Mat& x = full_batch_ ? data_.x_train : batch_x_;
  return mlp_.loss(params, x, batch_targets()) + penalty(params);
}

void NetworkProblem::hvp(ConstVecRef params, ConstVecRef v, VecRef out) {
  const ConstVecRef u = trained_part(v);
  mlp_.hessian_vector(params, batch_inputs(), batch_targets(), u, out);
  add_penalty_hvp(u, out);
  zero_frozen(out);
}

void NetworkProblem::add_penalty_hvp(ConstVecRef v, VecRef out) const {
  if (l2_ == 0) return;
  const auto l2 = static_cast<Scalar>(l2_);
  for (const auto& t : mlp_.layout().tensors) {
    if (t.role != TensorRole::Weight) continue;
    out.segment(t.offset, t.size()) += l2 * v.segment(t.offset, t.size());
  }
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
  if (blocks.rows() != k || blocks.cols() != k * batch_size_) blocks.resize(k, k * batch_size_);
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
  if (f64_) {
    // The master weights (params is their float32 rounding).
    auto [train_loss, train_accuracy] =
        evaluate_split64(f64_->x_train, f64_->y_train, data_.label_train);
    row.loss = train_loss + penalty64(f64_->master);
    row.accuracy = train_accuracy;
    row.margin_angle = margin_angle(params);
    if (data_.n_test() > 0) {
      auto [test_loss, test_accuracy] =
          evaluate_split64(f64_->x_test, f64_->y_test, data_.label_test);
      row.test_loss = test_loss;
      row.test_accuracy = test_accuracy;
    }
    return;
  }
  auto [train_loss, train_accuracy] =
      evaluate_split(params, {&data_.x_train, &data_.y_train, &data_.label_train});
  row.loss = train_loss + penalty(params);
  row.accuracy = train_accuracy;
  row.margin_angle = margin_angle(params);
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
    if (is_classification(data_)) {
      probe_labels_.resize(size);
    } else {
      probe_y_.resize(data_.output_dim, size);
    }
    for (int j = 0; j < size; ++j) {
      probe_x_.col(j) = data_.x_train.col(rows[j]);
      if (is_classification(data_)) {
        probe_labels_[j] = data_.label_train[rows[j]];
      } else {
        probe_y_.col(j) = data_.y_train.col(rows[j]);
      }
    }
  }
  mlp_.reserve(std::max({batch_size_, size, kEvalChunk}));
  probe_out_.resize(mlp_.output_dim(), size);
}

void NetworkProblem::visit_state(StateVisitor& v) {
  const int n = data_.n_train();
  v.slot("batch_rng", batch_rng_);
  v.slot("order", order_);
  for (int i : order_) {
    if (i < 0 || i >= n) throw StateError{"problem.order", "an example index is out of range"};
  }
  auto cursor = static_cast<std::int64_t>(cursor_);
  v.slot("cursor", cursor);
  if (cursor < 0 || cursor > static_cast<std::int64_t>(order_.size())) {
    throw StateError{"problem.cursor",
                     "must be within the epoch's " + std::to_string(order_.size()) + " examples"};
  }
  cursor_ = static_cast<std::size_t>(cursor);
  if (f64_) {
    v.slot("float64_master", f64_->master);
    v.slot("float64_rounded", f64_->rounded);
  }
  // The probe set is drawn once (the first diagnostic that needs it): its examples are state.
  bool ready = probe_ready_, all = probe_all_;
  std::vector<int> rows = probe_rows_;
  v.slot("probe_ready", ready);
  v.slot("probe_all", all);
  v.slot("probe_rows", rows, true);
  if (ready && (rows != probe_rows_ || all != probe_all_ || !probe_ready_)) {
    if (!all && (rows.empty() || static_cast<int>(rows.size()) > n)) {
      throw StateError{"problem.probe_rows",
                       "a probe set of 1 to " + std::to_string(n) + " examples"};
    }
    for (int i : rows) {
      if (i < 0 || i >= n)
        throw StateError{"problem.probe_rows", "an example index is out of range"};
    }
    probe_all_ = all;
    fill_probe(all ? std::vector<int>{} : rows);
  }
  probe_ready_ = ready;
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
  p.add_penalty_grad(params, grad);
  p.zero_frozen(grad);
  return loss + p.penalty(params);
}

double NetworkProblem::Probe::value(ConstVecRef params) {
  NetworkProblem& p = owner_;
  const Mat& x = p.probe_all_ ? p.data_.x_train : p.probe_x_;
  return p.mlp_.loss(params, x, p.probe_targets()) + p.penalty(params);
}

void NetworkProblem::Probe::hvp(ConstVecRef params, ConstVecRef v, VecRef out) {
  NetworkProblem& p = owner_;
  const Mat& x = p.probe_all_ ? p.data_.x_train : p.probe_x_;
  const ConstVecRef u = p.trained_part(v);
  p.mlp_.hessian_vector(params, x, p.probe_targets(), u, out);
  p.add_penalty_hvp(u, out);
  p.zero_frozen(out);
}

Objective& NetworkProblem::probe_objective(int probe_batch, Rng& probe_rng) {
  prepare_probe(probe_batch, probe_rng);
  return probe_;
}

ActivationFigures NetworkProblem::activation_figures(ConstVecRef params, int probe_batch,
                                                     Rng& probe_rng) {
  prepare_probe(probe_batch, probe_rng);
  const Mat& x = probe_all_ ? data_.x_train : probe_x_;
  const int n = static_cast<int>(x.cols());
  mlp_.forward(params, x, probe_out_);
  ActivationFigures f;
  long units = 0, dead = 0;
  for (int l = 1; l <= mlp_.hidden_layers(); ++l) {
    const auto h = mlp_.hidden_output(l).leftCols(n);
    for (Eigen::Index u = 0; u < h.rows(); ++u) {
      ++units;
      dead += (h.row(u).array() == Scalar(0)).all();
    }
  }
  if (units > 0) f.dead_relu = static_cast<double>(dead) / units;
  const auto logits = probe_out_.leftCols(n);
  double norm_sum = 0.0;
  for (int j = 0; j < n; ++j)
    norm_sum += std::sqrt(static_cast<double>(logits.col(j).squaredNorm()));
  f.logit_norm = norm_sum / std::max(n, 1);
  const LossKind loss = mlp_.spec().loss;
  if (loss == LossKind::Mse) return f;
  const int* labels = probe_targets().labels;
  long collapsed = 0;
  for (int j = 0; j < n; ++j) {
    // In float32, whatever the run's precision: the true class's softmax (StableMax for the
    // stablemax loss, the sigmoid for logistic) probability rounds to exactly 1, so the
    // example's loss and gradient are exactly 0.
    if (loss == LossKind::CrossEntropy) {
      Eigen::Index arg = 0;
      const float top = static_cast<float>(logits.col(j).maxCoeff(&arg));
      if (arg != labels[j]) continue;
      float sum = 0.0f;
      for (Eigen::Index c = 0; c < logits.rows(); ++c) {
        sum += std::exp(static_cast<float>(logits(c, j)) - top);
      }
      collapsed += sum == 1.0f;
    } else if (loss == LossKind::StableMax) {
      // StableMax's own probability s(z_l) / sum s(z_k) rounds to 1 (its loss term to 0)
      // when the other classes' s vanish against the true class's in the float32 sum.
      const auto s = [](float x) { return x >= 0.0f ? x + 1.0f : 1.0f / (1.0f - x); };
      const float s_label = s(static_cast<float>(logits(labels[j], j)));
      float sum = 0.0f;
      for (Eigen::Index c = 0; c < logits.rows(); ++c) sum += s(static_cast<float>(logits(c, j)));
      collapsed += sum == s_label;
    } else {
      const float z = static_cast<float>(logits(0, j));
      const float signed_margin = labels[j] == 1 ? z : -z;
      collapsed += 1.0f + std::exp(-signed_margin) == 1.0f;
    }
  }
  f.softmax_collapse = static_cast<double>(collapsed) / std::max(n, 1);
  return f;
}

}  // namespace descent
