#include "run/run.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/state_codec.h"
#include "optim/transforms/transform_catalog.h"
#include "run/run_params.h"

namespace descent {

const char* status_name(RunStatus status) {
  switch (status) {
    case RunStatus::Running:
      return "running";
    case RunStatus::Ok:
      return "ok";
    case RunStatus::Diverged:
      return "diverged";
  }
  return "unknown";
}

namespace {

std::unique_ptr<Optimizer> build_optimizer(const RunConfig& config) {
  const OptimizerInfo* info = find_optimizer(config.optimizer.name);
  auto optimizer = info->make(config.optimizer.params);
  Chain pre, post;
  for (const auto& t : config.transforms) {
    const TransformInfo* ti = find_transform(t.name);
    (ti->stage == TransformStage::Pre ? pre : post).add(ti->make(t.params));
  }
  optimizer->set_stages(std::move(pre), std::move(post));
  return optimizer;
}

// Optimizers that build their step from the loss's structure (outputs, layer statistics) know
// nothing of a penalty added to it: they refuse model.l1 and model.l2.
void reject_weight_penalties(const std::string& who, const RunConfig& config) {
  for (const char* penalty : {"l1", "l2"}) {
    const double value = penalty[1] == '1' ? config.model.l1 : config.model.l2;
    if (value != 0.0) {
      throw ConfigError{{{std::string("model.") + penalty,
                          who + "does not model weight penalties; set model." + penalty +
                              " to 0 (or use a decoupled_weight_decay transform)"}}};
    }
  }
}

// The conditions of optimizers that work in the network's output space (Gauss-Newton).
void check_output_space(const OptimizerInfo& info, const RunConfig& config,
                        const TrainingProblem& problem) {
  const std::string who = "optimizer '" + info.name + "' ";
  if (problem.output_rows() == 0) {
    throw ConfigError{{{"optimizer.name", who + "needs a network (it works with its outputs)"}}};
  }
  const long system = static_cast<long>(problem.output_rows()) * problem.output_cols();
  if (info.max_output_system > 0 && system > info.max_output_system) {
    throw ConfigError{
        {{"batch_size",
          who + "solves a (batch x outputs) system: " + std::to_string(problem.output_cols()) +
              " x " + std::to_string(problem.output_rows()) + " = " + std::to_string(system) +
              " exceeds " + std::to_string(info.max_output_system) +
              "; use a smaller batch_size"}}};
  }
  if (info.max_params > 0 && problem.layout().size > info.max_params) {
    throw ConfigError{
        {{"model.hidden",
          who + "needs the full output Jacobian: " + std::to_string(problem.layout().size) +
              " parameters exceed " + std::to_string(info.max_params)}}};
  }
  if (config.model.spec.loss == LossKind::StableMax) {
    throw ConfigError{{{"model.loss", who + "needs a positive semi-definite loss Hessian; "
                                            "StableMax's is not (use cross_entropy)"}}};
  }
  reject_weight_penalties(who, config);
  for (std::size_t i = 0; i < config.transforms.size(); ++i) {
    if (find_transform(config.transforms[i].name)->stage == TransformStage::Pre) {
      throw ConfigError{{{"transforms[" + std::to_string(i) + "].name",
                          who + "builds its step from the output gradient, so pre-stage "
                                "(gradient) transforms cannot act on it"}}};
    }
  }
}

// The conditions of optimizers that work layer by layer (K-FAC, direct feedback alignment):
// a network of plain dense layers, without weight penalties (their step is built from the
// layers' own statistics, which know nothing of a penalty).
void check_layer_access(const OptimizerInfo& info, const RunConfig& config,
                        const TrainingProblem& problem) {
  const std::string who = "optimizer '" + info.name + "' ";
  if (problem.output_rows() == 0) {
    throw ConfigError{{{"optimizer.name", who + "needs a network (it works layer by layer)"}}};
  }
  if (config.model.spec.layer_norm || config.model.spec.residual) {
    throw ConfigError{{{config.model.spec.layer_norm ? "model.layer_norm" : "model.residual",
                        who + "needs plain dense layers (no LayerNorm, no residual "
                              "connections)"}}};
  }
  if (config.model.spec.output_scale != 1.0) {
    throw ConfigError{{{"model.output_scale",
                        who + "builds its step from the layers' own statistics, which do not "
                              "carry the output scale; use output_scale 1"}}};
  }
  reject_weight_penalties(who, config);
}

double norm(ConstVecRef v) { return std::sqrt(static_cast<double>(v.squaredNorm())); }

// Passes every call through and keeps a copy of the first gradient of each step: the
// training gradient the diagnostics compare across steps. No allocation (the sink is sized).
class RecordingObjective final : public Objective {
 public:
  RecordingObjective(Objective& inner, Vec& sink) : inner_(inner), sink_(sink) {}
  double value_and_grad(ConstVecRef params, VecRef grad) override {
    const double v = inner_.value_and_grad(params, grad);
    if (!recorded_) sink_ = grad;
    recorded_ = true;
    return v;
  }
  double value(ConstVecRef params) override { return inner_.value(params); }
  bool has_hvp() const override { return inner_.has_hvp(); }
  void hvp(ConstVecRef params, ConstVecRef v, VecRef out) override { inner_.hvp(params, v, out); }
  int output_rows() const override { return inner_.output_rows(); }
  int output_cols() const override { return inner_.output_cols(); }
  bool outputs_are_logits() const override { return inner_.outputs_are_logits(); }
  const Mat& output_jvp(ConstVecRef params, ConstVecRef v) override {
    return inner_.output_jvp(params, v);
  }
  void output_vjp(ConstVecRef params, const Mat& u, VecRef out) override {
    inner_.output_vjp(params, u, out);
  }
  double output_gradient(ConstVecRef params, Mat& g) override {
    return inner_.output_gradient(params, g);
  }
  void output_loss_hessian(ConstVecRef params, Mat& blocks) override {
    inner_.output_loss_hessian(params, blocks);
  }
  double directional_derivative(ConstVecRef params, ConstVecRef v, double& loss,
                                VecRef scratch) override {
    return inner_.directional_derivative(params, v, loss, scratch);
  }
  int dense_layers() const override { return inner_.dense_layers(); }
  double forward_layers(ConstVecRef params, Mat& g) override {
    return inner_.forward_layers(params, g);
  }
  const Mat& layer_input(int l) const override { return inner_.layer_input(l); }
  const Mat& layer_preactivation(int l) const override { return inner_.layer_preactivation(l); }
  void hidden_activation_backward(int l, const Eigen::Ref<const Mat>& grad_h,
                                  Eigen::Ref<Mat> delta) override {
    inner_.hidden_activation_backward(l, grad_h, delta);
  }

 private:
  Objective& inner_;
  Vec& sink_;
  bool recorded_ = false;
};

}  // namespace

Run::Run(const RunConfig& config)
    : config_(config),
      problem_(make_training_problem(config)),
      optimizer_(build_optimizer(config)),
      schedule_(make_schedule(*find_schedule(config.schedule.name), config.schedule.params,
                              config.steps)),
      optimizer_rng_(config.seed, Stream::Optimizer),
      base_lr_(config.optimizer.params.numbers.count("lr") ? config.optimizer.params.get("lr")
                                                           : 1.0) {
  const OptimizerInfo* info = find_optimizer(config.optimizer.name);
  if (info->needs_hvp && !problem_->has_hvp()) {
    throw ConfigError{{{"optimizer.name", "optimizer '" + info->name +
                                              "' needs Hessian-vector products, which this "
                                              "problem does not provide"}}};
  }
  if (info->functions_only && !config.is_function()) {
    throw ConfigError{
        {{"optimizer.name", "optimizer '" + info->name + "' runs on 2-D functions only"}}};
  }
  Rng probe_check(config.seed, Stream::Probe);
  if (config.diagnostics.curvature() &&
      !problem_->probe_objective(config.diagnostics.probe_batch, probe_check).has_hvp()) {
    throw ConfigError{
        {{config.diagnostics.top_k > 0 ? "diagnostics.top_k" : "diagnostics.hutchinson_probes",
          "curvature diagnostics need exact Hessian-vector products, which this "
          "problem does not provide"}}};
  }
  if (info->output_space) check_output_space(*info, config, *problem_);
  if (info->layer_access) check_layer_access(*info, config, *problem_);
  bool uses_curvature =
      info->needs_hvp || info->output_space || info->layer_access || info->jvps_per_step > 0;
  for (std::size_t i = 0; i < config.transforms.size(); ++i) {
    const TransformInfo* ti = find_transform(config.transforms[i].name);
    if (!ti->needs_logits) continue;
    if (!problem_->outputs_are_logits()) {
      throw ConfigError{{{"transforms[" + std::to_string(i) + "].name",
                          "transform '" + ti->name +
                              "' needs a network with a cross_entropy or logistic loss (it "
                              "bounds the change of the logits)"}}};
    }
    uses_curvature = true;
  }
  if (uses_curvature) problem_->reserve_curvature();
  const ParamLayout& layout = problem_->layout();
  if (config.diagnostics.enabled()) {
    diagnostics_ = std::make_unique<Diagnostics>(config.diagnostics, config.seed, layout);
    step_gradient_ = Vec::Zero(layout.size);
  }
  params_ = Vec::Zero(layout.size);
  update_ = Vec::Zero(layout.size);
  records_trajectory_ = config.is_function();
  // Functions log a row every step: room for the first chunks up front, so early steps do
  // not pay for the vector's doublings (bounded: rows are taken by the caller as it goes).
  if (problem_->logs_every_step()) {
    pending_.reserve(std::min(config.steps, 4096) + 1);
  } else {
    pending_batch_.step.reserve(std::min(config.steps, 4096));
    pending_batch_.loss.reserve(std::min(config.steps, 4096));
  }
  eval_every_ = evaluation_interval(config.eval_every, config.steps);
  problem_->init_params(params_);
  if (diagnostics_) diagnostics_->start(*problem_, params_);
  optimizer_->init(layout);
  if (config.averaging.enabled()) {
    problem_->averaged_weights(params_, weights_);
    averages_ = std::make_unique<WeightAverages>(config.averaging, weights_);
  }
  MetricRow first;
  first.step = 0;
  first.param_norm = norm(params_);
  problem_->evaluate(params_, first);
  evaluate_averages(first);
  if (!std::isfinite(first.loss)) {
    diverge("the initial loss is not finite");
    return;
  }
  log_row(first);
  record_point();
}

int Run::step(int n) {
  int done = 0;
  StepContext ctx;
  ctx.layout = &problem_->layout();
  ctx.rng = &optimizer_rng_;
  ctx.objective = problem_.get();
  ctx.total_steps = config_.steps;
  while (done < n && status_ == RunStatus::Running) {
    const int t = step_ + 1;
    ctx.step = t;
    ctx.lr = base_lr_ * schedule_->factor(t - 1);
    const bool switched = enter_tasks(t, true);
    problem_->next_batch();
    const bool record = diagnostics_ && diagnostics_->wants_gradients();
    RecordingObjective recording(*problem_, step_gradient_);
    Objective& objective = record ? static_cast<Objective&>(recording) : *problem_;
    const StepResult result = optimizer_->step(objective, params_, update_, ctx);
    ++done;
    step_ = t;
    if (!std::isfinite(result.loss) || !std::isfinite(result.grad_norm)) {
      diverge("the loss or its gradient is not finite");
      break;
    }
    problem_->apply_update(params_, update_);
    if (!params_.allFinite()) {
      diverge("the parameters are not finite");
      break;
    }
    record_point();
    observe_averages(t);
    if (!problem_->logs_every_step()) {
      pending_batch_.step.push_back(t);
      pending_batch_.loss.push_back(result.loss);
    }
    if (record) diagnostics_->observe(step_gradient_, update_, ctx.lr);
    const bool last = t == config_.steps;
    const bool measure = diagnostics_ && diagnostics_->due(t);
    if (problem_->logs_every_step() || t % eval_every_ == 0 || last || measure || switched) {
      MetricRow row;
      row.step = t;
      row.lr = ctx.lr;
      row.grad_norm = result.grad_norm;
      row.update_norm = norm(update_);
      row.param_norm = norm(params_);
      problem_->evaluate(params_, row);
      if (!std::isfinite(row.loss)) {
        diverge("the loss is not finite");
        break;
      }
      evaluate_averages(row);
      if (measure) diagnostics_->measure(t, *problem_, params_, row);
      log_row(row);
      // Feedback schedules (reduce_on_plateau) see every evaluation before the next update.
      schedule_->observe(t, row.loss, row.test_loss);
    }
    if (last) status_ = RunStatus::Ok;
  }
  return done;
}

namespace {
constexpr char kCheckpointMagic[] = "DESCENT-CHECKPOINT";
}  // namespace

std::int64_t Run::config_hash() const {
  // FNV-1a over the canonical config text: a checkpoint names the config it belongs to.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : to_json(config_).dump()) h = (h ^ c) * 1099511628211ULL;
  return static_cast<std::int64_t>(h);
}

void Run::visit_state(StateVisitor& v) {
  std::int64_t version = kCheckpointVersion, hash = config_hash();
  v.slot("version", version);
  if (version != kCheckpointVersion) {
    throw StateError{"version", "checkpoint version " + std::to_string(version) +
                                    " is not supported (this core reads version " +
                                    std::to_string(kCheckpointVersion) + ")"};
  }
  v.slot("config_hash", hash);
  if (hash != config_hash()) {
    throw StateError{"config_hash", "the checkpoint belongs to another run configuration"};
  }
  int step = step_, status = static_cast<int>(status_);
  v.slot("step", step);
  v.slot("status", status);
  if (step < 0 || step > config_.steps) {
    throw StateError{"step", "must be in [0, " + std::to_string(config_.steps) + "]"};
  }
  if (status != static_cast<int>(RunStatus::Running)) {
    throw StateError{"status", "only a running run can be resumed"};
  }
  step_ = step;
  v.slot("params", params_);
  visit_part(v, "problem", *problem_);
  visit_part(v, "optimizer", *optimizer_);
  v.slot("optimizer_rng", optimizer_rng_);
  {
    ScopedVisitor scoped(v, "schedule");
    schedule_->visit_state(scoped);
  }
  if (diagnostics_) {
    ScopedVisitor scoped(v, "diagnostics");
    diagnostics_->visit_state(scoped);
  }
  if (averages_) {
    ScopedVisitor scoped(v, "averaging");
    averages_->visit_state(scoped);
  }
  v.slot("trajectory", trajectory_, true);
  v.slot("trajectory_stride", trajectory_stride_);
  if (trajectory_.size() % 2 != 0 || trajectory_.size() / 2 > kMaxTrajectoryPoints) {
    throw StateError{"trajectory", "an even number of coordinates, at most " +
                                       std::to_string(2 * kMaxTrajectoryPoints)};
  }
  if (trajectory_stride_ < 1 || (trajectory_stride_ & (trajectory_stride_ - 1)) != 0) {
    throw StateError{"trajectory_stride", "must be a power of 2"};
  }
}

std::string Run::checkpoint() {
  std::string bytes(kCheckpointMagic);
  StateWriter writer(bytes);
  visit_state(writer);
  return bytes;
}

void Run::restore(const std::string& bytes) {
  const std::string magic(kCheckpointMagic);
  if (bytes.compare(0, magic.size(), magic) != 0) {
    throw StateError{"checkpoint", "not a Descent checkpoint"};
  }
  // Restored into a fresh run of the same config, so a failure leaves this one as it was.
  Run fresh(config_);
  if (fresh.status_ != RunStatus::Running) throw StateError{"status", fresh.message_};
  StateReader reader(bytes, magic.size());
  fresh.visit_state(reader);
  reader.finish();
  // The data of the switches already passed (the weights are in the checkpoint as they are).
  fresh.enter_tasks(fresh.step_, false);
  fresh.pending_.clear();
  fresh.pending_batch_.step.clear();
  fresh.pending_batch_.loss.clear();
  fresh.take_diagnostics();
  *this = std::move(fresh);
}

void Run::diverge(const std::string& reason) {
  status_ = RunStatus::Diverged;
  message_ = "diverged at step " + std::to_string(step_) + ": " + reason;
}

namespace {
// The run's "shrink_perturb" transform (at most one; the config refuses a second), or null.
const NamedConfig* shrink_perturb_transform(const RunConfig& config) {
  for (const NamedConfig& t : config.transforms) {
    if (t.name == "shrink_perturb") return &t;
  }
  return nullptr;
}
}  // namespace

bool Run::enter_tasks(int step, bool shrink_perturb_weights) {
  const std::vector<TaskSwitch>& switches = config_.problem.task_switches;
  bool entered = false;
  while (task_ < static_cast<int>(switches.size()) && switches[task_].step <= step) {
    problem_->enter_task(task_);
    const NamedConfig* sp = shrink_perturb_transform(config_);
    if (shrink_perturb_weights && sp) {
      Rng rng =
          task_switch_rng(config_.stream_seed(config_.init_seed), task_, TaskSwitchPart::Weights);
      shrink_perturb(params_, sp->params.get("shrink"), sp->params.get("perturb"), rng);
    }
    ++task_;
    entered = true;
  }
  return entered;
}

void Run::log_row(const MetricRow& row) {
  pending_.push_back(row);
  if (!config_.problem.task_switches.empty()) pending_.back().task = task_;
}

void Run::observe_averages(int step) {
  if (!averages_) return;
  problem_->averaged_weights(params_, weights_);
  averages_->observe(step, weights_);
}

void Run::evaluate_averages(MetricRow& row) {
  if (!averages_) return;
  if (averages_->config().swa() && averages_->has_swa()) {
    std::tie(row.swa_test_loss, row.swa_test_accuracy) =
        problem_->evaluate_test_at(averages_->swa());
  }
  if (averages_->config().ema()) {
    std::tie(row.ema_test_loss, row.ema_test_accuracy) =
        problem_->evaluate_test_at(averages_->ema());
  }
}

std::vector<MetricRow> Run::take_metrics() {
  std::vector<MetricRow> rows;
  rows.swap(pending_);
  return rows;
}

BatchLosses Run::take_batch_losses() {
  BatchLosses out;
  std::swap(out, pending_batch_);
  return out;
}

std::vector<DiagnosticRecord> Run::take_diagnostics() {
  return diagnostics_ ? diagnostics_->take_records() : std::vector<DiagnosticRecord>{};
}

void Run::record_point() {
  if (!records_trajectory_ || step_ % trajectory_stride_ != 0) return;
  if (trajectory_.size() / 2 >= kMaxTrajectoryPoints) {
    // Keep every other point and halve the sampling rate from now on.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < trajectory_.size() / 2; i += 2, ++kept) {
      trajectory_[2 * kept] = trajectory_[2 * i];
      trajectory_[2 * kept + 1] = trajectory_[2 * i + 1];
    }
    trajectory_.resize(2 * kept);
    trajectory_stride_ *= 2;
    if (step_ % trajectory_stride_ != 0) return;
  }
  trajectory_.push_back(params_[0]);
  trajectory_.push_back(params_[1]);
}

}  // namespace descent
