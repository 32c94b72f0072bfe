#pragma once
// Weight averaging beside the raw weights: SWA, the equal-weight average of the iterates from
// a start step on, every k steps ("Averaging Weights Leads to Wider Optima and Better
// Generalization", Izmailov et al., 2018), and an exponential moving average of the weights
// (Polyak-Ruppert averaging with a constant decay; "Acceleration of Stochastic Approximation
// by Averaging", Polyak and Juditsky, 1992). The averages only watch the trajectory: a run's
// updates and rows are the same with or without them. Kept in double, of the weights the run
// trains (the float64 master weights under precision "float64").
#include <cstdint>
#include <vector>

#include "catalog/spec.h"
#include "core/state.h"

namespace descent {

// The run config's "averaging" section.
struct AveragingConfig {
  int swa_start = 0;       // the first step whose iterate SWA averages
  int swa_every = 0;       // steps between averaged iterates; 0 = no SWA
  double ema_decay = 0.0;  // ema <- decay ema + (1 - decay) w at every step; 0 = no EMA
  bool swa() const { return swa_every > 0; }
  bool ema() const { return ema_decay > 0.0; }
  bool enabled() const { return swa() || ema(); }
};

const std::vector<ParamSpec>& averaging_params();
AveragingConfig averaging_from(const ParamValues& values);
ParamValues averaging_values(const AveragingConfig& config);

class WeightAverages {
 public:
  // w0: the initial weights (step 0), the EMA's start and SWA's first iterate if swa_start = 0.
  WeightAverages(const AveragingConfig& config, const Eigen::VectorXd& w0);
  // The iterate after step t.
  void observe(int step, const Eigen::VectorXd& w);
  // SWA's average exists once its first iterate was seen.
  bool has_swa() const { return swa_count_ > 0; }
  const Eigen::VectorXd& swa() const { return swa_; }
  const Eigen::VectorXd& ema() const { return ema_; }
  const AveragingConfig& config() const { return config_; }
  void visit_state(StateVisitor& v);

 private:
  bool swa_takes(int step) const {
    return config_.swa() && step >= config_.swa_start &&
           (step - config_.swa_start) % config_.swa_every == 0;
  }
  AveragingConfig config_;
  Eigen::VectorXd swa_, ema_;
  std::int64_t swa_count_ = 0;
};

}  // namespace descent
