#pragma once
// A training run: a problem, an optimizer with its transforms and schedule, advanced in
// chunks by step(n). Metrics rows accumulate until take_metrics(); nothing inside a step
// allocates.
#include <memory>
#include <string>
#include <vector>

#include "diagnostics/diagnostics.h"
#include "optim/optimizer.h"
#include "run/config.h"
#include "run/metrics.h"
#include "run/training_problem.h"
#include "run/weight_averaging.h"
#include "schedule/schedule.h"

namespace descent {

enum class RunStatus { Running, Ok, Diverged };

// The loss each step's optimizer computed on its minibatch, for every step of a data-set run
// (the logged rows hold the full evaluation, every evaluation_interval() steps; see
// run_params.h). A series of its own beside the rows, so the rows are the same without it.
struct BatchLosses {
  std::vector<double> step;
  std::vector<double> loss;
};
const char* status_name(RunStatus status);

class Run {
 public:
  // Throws ConfigError if the problem cannot be built from a valid config.
  explicit Run(const RunConfig& config);

  // Advances up to n steps (fewer at the end or on divergence); returns the steps done.
  int step(int n);

  RunStatus status() const { return status_; }
  int current_step() const { return step_; }
  int total_steps() const { return config_.steps; }
  const std::string& message() const { return message_; }
  const RunConfig& config() const { return config_; }

  // Rows logged since the previous call.
  std::vector<MetricRow> take_metrics();
  // Minibatch losses of the steps taken since the previous call (data sets; empty for 2-D
  // functions, whose rows already hold f at every step).
  BatchLosses take_batch_losses();
  // Diagnostic arrays (eigenvalues, per-layer figures, histograms) measured since the
  // previous call; their scalars are in the metric rows of the same steps.
  std::vector<DiagnosticRecord> take_diagnostics();
  // Every point visited (2-D functions), x0, y0, x1, y1, ...; thinned by 2 whenever it
  // reaches kMaxTrajectoryPoints so memory stays bounded on long runs.
  const std::vector<double>& trajectory() const { return trajectory_; }
  static constexpr std::size_t kMaxTrajectoryPoints = 100000;

  // Everything the run carries from one step to the next, as bytes (core/state_codec.h): the
  // parameters and the float64 shadow, every optimizer and transform state, the schedule's,
  // the random streams (minibatches, optimizer noise, diagnostic probes), the step counter and
  // the diagnostics' running figures. A run of the same config restored from it continues
  // bit for bit. Rows, batch losses and diagnostic records not yet taken are not part of it
  // (the caller keeps what it took).
  std::string checkpoint();
  // Continues from a checkpoint of a run of the same config. The bytes are untrusted: on any
  // mismatch (version, config, slot names, shapes, ranges) it throws StateError naming the
  // field, and this run is unchanged.
  void restore(const std::string& bytes);
  static constexpr std::uint32_t kCheckpointVersion = 1;

  ConstVecRef params() const { return params_; }
  // SWA and the EMA of the weights (null unless the config's "averaging" turns one on).
  const WeightAverages* averages() const { return averages_.get(); }
  // The optimizer's population behind the latest step (CBO, ES); empty for the others.
  ParticleView particles() const { return optimizer_->particles(); }
  TrainingProblem& problem() { return *problem_; }

 private:
  void log_row(const MetricRow& row);
  // Weight averaging: takes the weights after a step, and fills a row's averaged columns.
  void observe_averages(int step);
  void evaluate_averages(MetricRow& row);
  void record_point();
  void diverge(const std::string& reason);
  void visit_state(StateVisitor& v);
  std::int64_t config_hash() const;

  RunConfig config_;
  std::unique_ptr<TrainingProblem> problem_;
  std::unique_ptr<Optimizer> optimizer_;
  SchedulePtr schedule_;
  Rng optimizer_rng_;
  double base_lr_;
  Vec params_, update_;
  int task_ = 0;  // task switches entered (problem.task_switches)
  // Enters the switches up to `step`: their data, and (at the switch itself, not when a
  // checkpoint is restored) the transform shrink_perturb on the weights. True when one was
  // entered.
  bool enter_tasks(int step, bool shrink_perturb_weights);
  int step_ = 0;
  RunStatus status_ = RunStatus::Running;
  std::string message_;
  std::vector<MetricRow> pending_;
  BatchLosses pending_batch_;
  int eval_every_ = 1;  // evaluation_interval(config.eval_every, config.steps)
  std::vector<double> trajectory_;
  int trajectory_stride_ = 1;
  bool records_trajectory_ = false;           // 2-D functions: the path is drawn on the contour map
  std::unique_ptr<Diagnostics> diagnostics_;  // null when the config turns them off
  Vec step_gradient_;                         // this step's training gradient (stats)
  std::unique_ptr<WeightAverages> averages_;  // null unless the config averages the weights
  Eigen::VectorXd weights_;                   // the weights averages_ takes, sized once
};

}  // namespace descent
