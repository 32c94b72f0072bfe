#pragma once
// The run's diagnostics: every `every` steps, curvature (Lanczos top-k eigenvalues, the
// Hutchinson trace, the gradient's share in the top-k eigenspace, the eigenvalue density) on
// the probe objective, and per-layer statistics of the training gradient, weights and update.
// Scalars go to the metrics row; arrays (eigenvalues, per-layer figures, the effective-
// learning-rate histogram, the eigenvalue density) to a DiagnosticRecord taken with
// take_records(). Workspace is allocated in the constructor.
#include <string>
#include <vector>

#include "core/param_layout.h"
#include "core/rng.h"
#include "core/state.h"
#include "diagnostics/diagnostics_config.h"
#include "diagnostics/hutchinson.h"
#include "diagnostics/lanczos.h"
#include "diagnostics/spectral_density.h"
#include "run/metrics.h"

namespace descent {

class TrainingProblem;

struct LayerStats {
  double grad_norm = 0, weight_norm = 0, update_norm = 0;
};

struct DiagnosticRecord {
  int step = 0;
  std::vector<double> eigenvalues;  // top-k, decreasing
  double trace = 0, trace_standard_error = 0;
  int hvps = 0;
  std::vector<LayerStats> layers;  // per tensor of the layout (stats on)
  // log10 of lr / (sqrt(v_hat) + 1e-8): bin edges (bins + 1) and counts.
  std::vector<double> effective_lr_edges;
  std::vector<double> effective_lr_counts;
  // The Hessian eigenvalue density (density_probes > 0): every probe's Ritz values and
  // weights (summing to 1), and their Gaussian-broadened density on a grid.
  std::vector<double> density_nodes, density_weights;
  DensityGrid density;
  // Norms of the probe examples' own loss gradients (stats on, networks without LayerNorm):
  // bin edges (bins + 1, linear from 0 to the largest norm) and counts.
  std::vector<double> example_grad_edges;
  std::vector<double> example_grad_counts;
};

// Activation figures a problem can report on its probe set (networks).
struct ActivationFigures {
  double dead_relu = MetricRow::none;
  double logit_norm = MetricRow::none;
  double softmax_collapse = MetricRow::none;
};

class Diagnostics {
 public:
  Diagnostics(const DiagnosticsConfig& config, std::uint32_t seed, const ParamLayout& layout);

  bool enabled() const { return config_.enabled(); }
  bool wants_gradients() const { return config_.enabled() && config_.stats; }
  bool due(int step) const { return config_.enabled() && step % config_.every == 0; }

  // Every step (with stats): the training gradient, the update and the learning rate.
  void observe(ConstVecRef gradient, ConstVecRef update, double lr);
  // At the initial parameters, before the first step: the kernels that later measurements
  // are compared with (the empirical NTK's K0).
  void start(TrainingProblem& problem, ConstVecRef params);
  // At a due step, after the update: measures at params and fills the row's columns.
  void measure(int step, TrainingProblem& problem, ConstVecRef params, MetricRow& row);

  std::vector<DiagnosticRecord> take_records();
  // The probe stream and what observe() carries from step to step (core/state.h).
  void visit_state(StateVisitor& v);

 private:
  static constexpr double kBeta2 = 0.999;
  static constexpr double kHistogramLow = -6.0, kHistogramHigh = 6.0;  // log10 range

  DiagnosticsConfig config_;
  ParamLayout layout_;
  Rng probe_rng_;
  Lanczos lanczos_;
  Hutchinson hutchinson_;
  SpectralDensity density_;
  Vec gradient_, previous_gradient_, last_update_, probe_gradient_;
  Eigen::VectorXd second_moment_;
  int observed_ = 0;
  double lr_ = 0, grad_cosine_ = MetricRow::none, update_grad_cosine_ = MetricRow::none;
  std::vector<DiagnosticRecord> records_;
  Eigen::VectorXd example_norms_;
  Eigen::MatrixXd ntk_initial_, ntk_kernel_, ntk_targets_;  // K0, Kt, the centred labels
  // Per-example gradient norms into the row's columns and the record's histogram.
  void measure_example_gradients(TrainingProblem& problem, ConstVecRef params, MetricRow& row,
                                 DiagnosticRecord& record);
};

}  // namespace descent
