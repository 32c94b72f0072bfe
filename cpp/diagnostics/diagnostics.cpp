#include "diagnostics/diagnostics.h"

#include <algorithm>
#include <cmath>

#include "diagnostics/neural_collapse.h"
#include "diagnostics/ntk.h"
#include "diagnostics/plasticity.h"
#include "run/training_problem.h"

namespace descent {

namespace {

double dot(ConstVecRef a, ConstVecRef b) {
  double s = 0.0;
  for (Eigen::Index i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}

double norm(ConstVecRef a) { return std::sqrt(dot(a, a)); }

double cosine(ConstVecRef a, ConstVecRef b) {
  const double d = norm(a) * norm(b);
  return d > 0 ? dot(a, b) / d : MetricRow::none;
}

}  // namespace

Diagnostics::Diagnostics(const DiagnosticsConfig& config, std::uint32_t seed,
                         const ParamLayout& layout)
    : config_(config), layout_(layout), probe_rng_(seed, Stream::Probe) {
  if (!config_.enabled()) return;
  const int n = layout.size;
  if (config_.top_k > 0) lanczos_.init(n, config_.lanczos_steps, config_.top_k);
  if (config_.hutchinson_probes > 0) hutchinson_.init(n);
  if (config_.density_probes > 0) {
    density_.init(n, config_.density_probes, config_.density_steps, config_.density_bins,
                  config_.density_broadening);
  }
  probe_gradient_ = Vec::Zero(n);
  if (config_.stats) {
    gradient_ = Vec::Zero(n);
    previous_gradient_ = Vec::Zero(n);
    last_update_ = Vec::Zero(n);
    second_moment_ = Eigen::VectorXd::Zero(n);
  }
}

void Diagnostics::visit_state(StateVisitor& v) {
  v.slot("probe_rng", probe_rng_);
  v.slot("gradient", gradient_);
  v.slot("previous_gradient", previous_gradient_);
  v.slot("last_update", last_update_);
  v.slot("second_moment", second_moment_);
  v.slot("observed", observed_);
  v.slot("lr", lr_);
  v.slot("grad_cosine", grad_cosine_);
  v.slot("update_grad_cosine", update_grad_cosine_);
  // Only with the NTK on, so that the checkpoints of other runs keep their slots.
  if (config_.ntk_examples > 0) v.slot("ntk_initial", ntk_initial_, true);
}

void Diagnostics::observe(ConstVecRef gradient, ConstVecRef update, double lr) {
  if (!wants_gradients()) return;
  previous_gradient_.swap(gradient_);
  gradient_ = gradient;
  last_update_ = update;
  lr_ = lr;
  ++observed_;
  for (Eigen::Index i = 0; i < gradient.size(); ++i) {
    const double g = gradient[i];
    second_moment_[i] = kBeta2 * second_moment_[i] + (1 - kBeta2) * g * g;
  }
  grad_cosine_ = observed_ > 1 ? cosine(gradient_, previous_gradient_) : MetricRow::none;
  update_grad_cosine_ = -cosine(last_update_, gradient_);
}

void Diagnostics::start(TrainingProblem& problem, ConstVecRef params) {
  if (!config_.enabled() || config_.ntk_examples <= 0) return;
  if (!problem.empirical_ntk(params, config_.probe_batch, probe_rng_, config_.ntk_examples,
                             ntk_initial_, ntk_targets_)) {
    ntk_initial_.resize(0, 0);
  }
}

void Diagnostics::measure(int step, TrainingProblem& problem, ConstVecRef params, MetricRow& row) {
  DiagnosticRecord record;
  record.step = step;
  Objective& probe = problem.probe_objective(config_.probe_batch, probe_rng_);
  int hvps = 0;
  if (config_.top_k > 0) {
    hvps += lanczos_.run(probe, params, probe_rng_);
    const auto& values = lanczos_.eigenvalues();
    record.eigenvalues.assign(values.data(), values.data() + values.size());
    row.sharpness = values[0];
    probe.value_and_grad(params, probe_gradient_);
    row.top_k_grad_fraction = lanczos_.fraction_in_top_space(probe_gradient_);
  }
  if (config_.hutchinson_probes > 0) {
    hvps += hutchinson_.run(probe, params, config_.hutchinson_probes, probe_rng_);
    row.hessian_trace = hutchinson_.trace();
    record.trace = hutchinson_.trace();
    record.trace_standard_error = hutchinson_.standard_error();
  }
  if (config_.density_probes > 0) {
    hvps += density_.run(probe, params, probe_rng_);
    record.density_nodes = density_.nodes();
    record.density_weights = density_.weights();
    record.density = density_.grid();
  }
  record.hvps = hvps;
  if (config_.curvature()) row.diagnostic_hvps = hvps;
  if (config_.neural_collapse) {
    const NeuralCollapse nc = problem.neural_collapse(params, config_.probe_batch, probe_rng_);
    row.nc1 = nc.nc1;
    row.nc2_equinorm = nc.equinorm;
    row.nc2_equiangularity = nc.equiangularity;
    row.nc3_self_duality = nc.self_duality;
  }
  if (config_.plasticity) {
    const Plasticity p =
        problem.plasticity(params, config_.probe_batch, probe_rng_, config_.dormant_tau);
    row.dormant_fraction = p.dormant_fraction;
    row.feature_rank = p.feature_rank;
  }
  if (config_.ntk_examples > 0 && ntk_initial_.size() > 0 &&
      problem.empirical_ntk(params, config_.probe_batch, probe_rng_, config_.ntk_examples,
                            ntk_kernel_, ntk_targets_)) {
    row.ntk_distance = ntk_distance(ntk_initial_, ntk_kernel_);
    row.ntk_alignment = ntk_alignment(ntk_kernel_, ntk_targets_);
  }
  if (config_.stats) {
    const ActivationFigures a = problem.activation_figures(params, config_.probe_batch, probe_rng_);
    row.dead_relu = a.dead_relu;
    row.logit_norm = a.logit_norm;
    row.softmax_collapse = a.softmax_collapse;
    measure_example_gradients(problem, params, row, record);
    if (observed_ > 0) {
      row.grad_cosine = grad_cosine_;
      row.update_grad_cosine = update_grad_cosine_;
      const double w = norm(params);
      row.update_weight_ratio = w > 0 ? norm(last_update_) / w : MetricRow::none;
      for (const auto& t : layout_.tensors) {
        LayerStats s;
        s.grad_norm = norm(gradient_.segment(t.offset, t.size()));
        s.weight_norm = norm(params.segment(t.offset, t.size()));
        s.update_norm = norm(last_update_.segment(t.offset, t.size()));
        record.layers.push_back(s);
      }
      // Adam's effective per-coordinate rate lr / (sqrt(v_hat) + eps), on a log10 scale.
      const int bins = config_.histogram_bins;
      const double width = (kHistogramHigh - kHistogramLow) / bins;
      record.effective_lr_edges.resize(bins + 1);
      for (int b = 0; b <= bins; ++b) record.effective_lr_edges[b] = kHistogramLow + b * width;
      record.effective_lr_counts.assign(bins, 0.0);
      const double correction = 1.0 - std::pow(kBeta2, observed_);
      for (Eigen::Index i = 0; i < second_moment_.size(); ++i) {
        const double rate = lr_ / (std::sqrt(second_moment_[i] / correction) + 1e-8);
        const double position = rate > 0 ? (std::log10(rate) - kHistogramLow) / width : -1.0;
        const int b = static_cast<int>(std::clamp(std::floor(position), 0.0, bins - 1.0));
        record.effective_lr_counts[b] += 1.0;
      }
    }
  }
  records_.push_back(std::move(record));
}

void Diagnostics::measure_example_gradients(TrainingProblem& problem, ConstVecRef params,
                                            MetricRow& row, DiagnosticRecord& record) {
  if (!problem.per_example_grad_norms(params, config_.probe_batch, probe_rng_, example_norms_) ||
      example_norms_.size() == 0) {
    return;
  }
  std::vector<double> sorted(example_norms_.data(), example_norms_.data() + example_norms_.size());
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  row.example_grad_median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  row.example_grad_max = sorted.back();
  const int bins = config_.histogram_bins;
  const double top = sorted.back() > 0 ? sorted.back() : 1.0;
  record.example_grad_edges.resize(bins + 1);
  for (int b = 0; b <= bins; ++b) record.example_grad_edges[b] = top * b / bins;
  record.example_grad_counts.assign(bins, 0.0);
  for (double g : sorted) {
    const int b = static_cast<int>(std::clamp(std::floor(g / top * bins), 0.0, bins - 1.0));
    record.example_grad_counts[b] += 1.0;
  }
}

std::vector<DiagnosticRecord> Diagnostics::take_records() {
  std::vector<DiagnosticRecord> out;
  out.swap(records_);
  return out;
}

}  // namespace descent
