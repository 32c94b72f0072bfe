#pragma once
// What a run trains: the objective on the current minibatch, plus initial parameters and the
// full-set evaluation that fills a metrics row.
#include <memory>
#include <utility>

#include "optim/optimizer.h"
#include "run/config.h"
#include "run/metrics.h"

namespace descent {
struct ActivationFigures;
struct NeuralCollapse;
struct Plasticity;
}  // namespace descent

namespace descent {

class TrainingProblem : public Objective, public Stateful {
 public:
  virtual const ParamLayout& layout() const = 0;
  virtual void init_params(VecRef params) = 0;
  // Moves to the next minibatch (no-op for full-batch and analytic problems).
  virtual void next_batch() = 0;
  virtual bool logs_every_step() const = 0;
  // Fills loss, accuracy, test metrics (and x, y) for the parameters.
  virtual void evaluate(ConstVecRef params, MetricRow& row) = 0;
  // Applies an optimizer's update. float32 runs add it to params; a float64 network adds it
  // to its double master weights and hands the optimizer their float32 rounding.
  virtual void apply_update(VecRef params, ConstVecRef update) { params += update; }
  // Task switch `index` of the config's problem.task_switches (run/task_switches.h): the data
  // change in place. Only networks on data sets have switches (the config refuses others).
  virtual void enter_task(int /*index*/) {}

  // Weight averaging (run/weight_averaging.h). The weights a run averages, in double: the
  // parameters, or a float64 network's master weights.
  virtual void averaged_weights(ConstVecRef params, Eigen::VectorXd& out) const {
    out = params.cast<double>();
  }
  // Test loss and accuracy at weights given in double (an average), as evaluate() fills
  // test_loss and test_accuracy; NaN for both where there is no test split.
  virtual std::pair<double, double> evaluate_test_at(const Eigen::VectorXd& /*weights*/) {
    return {MetricRow::none, MetricRow::none};
  }

  // Diagnostics (cpp/diagnostics/) measure on a fixed probe set: probe_batch 0 = the whole
  // training set, k = k training examples drawn once from probe_rng (the first call fixes
  // the set). Analytic problems return themselves.
  virtual Objective& probe_objective(int /*probe_batch*/, Rng& /*probe_rng*/) { return *this; }
  // Dead-ReLU fraction, logit norm and softmax collapse on the probe set (NaN where the
  // problem has no network).
  virtual ActivationFigures activation_figures(ConstVecRef params, int probe_batch, Rng& probe_rng);
  // NC1-NC3 of the last hidden layer on the probe set (NaN where the problem is no
  // classification network with a hidden layer).
  virtual NeuralCollapse neural_collapse(ConstVecRef params, int probe_batch, Rng& probe_rng);
  // Dormant-unit fraction (threshold tau) and the last hidden layer's effective rank on the
  // probe set (NaN where the problem is no network with a hidden layer).
  virtual Plasticity plasticity(ConstVecRef params, int probe_batch, Rng& probe_rng, double tau);
  // Per-example gradient norms on the probe set (norms resized to its size); false where the
  // problem has no examples or its model has no per-example gradients.
  virtual bool per_example_grad_norms(ConstVecRef /*params*/, int /*probe_batch*/,
                                      Rng& /*probe_rng*/, Eigen::VectorXd& /*norms*/) {
    return false;
  }

  // The empirical NTK (diagnostics/ntk.h) on the first `examples` probe examples: the kernel
  // summed over outputs (n x n) and the targets (n x outputs, centred one-hot labels or centred
  // values) for its alignment; false where the problem has no network.
  virtual bool empirical_ntk(ConstVecRef /*params*/, int /*probe_batch*/, Rng& /*probe_rng*/,
                             int /*examples*/, Eigen::MatrixXd& /*kernel*/,
                             Eigen::MatrixXd& /*targets*/) {
    return false;
  }

  // Allocates the workspace of hvp / output products, so that steps that use them do not
  // allocate (called at run start when the optimizer or a transform uses them).
  virtual void reserve_curvature() {}
};

struct ConfigError {
  std::vector<FieldError> errors;
};

// Throws ConfigError when the problem cannot be built (e.g. too many parameters).
std::unique_ptr<TrainingProblem> make_training_problem(const RunConfig& config);

// The errors make_training_problem would throw, found by building the data set only.
std::vector<FieldError> problem_errors(const RunConfig& config);

// Parses, validates against the catalog, then checks what needs the data set: the whole
// validation a config gets before a run starts.
ParsedConfig validate_config_text(const std::string& text);

}  // namespace descent
