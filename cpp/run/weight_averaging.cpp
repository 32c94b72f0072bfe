#include "run/weight_averaging.h"

#include <string>

namespace descent {

const std::vector<ParamSpec>& averaging_params() {
  static const std::vector<ParamSpec> specs = {
      integer("swa_start", 0, 0, 1e6,
              "SWA: the first step whose weights enter the average (0: the initial weights)."),
      integer("swa_every", 0, 0, 1e6,
              "SWA: steps between averaged weights (an equal-weight average); 0 turns SWA off.",
              true),
      real("ema_decay", 0.0, 0.0, 0.99999,
           "EMA of the weights: ema <- decay ema + (1 - decay) w at every step, from the "
           "initial weights; 0 turns the EMA off."),
  };
  return specs;
}

AveragingConfig averaging_from(const ParamValues& v) {
  AveragingConfig c;
  c.swa_start = v.get_int("swa_start");
  c.swa_every = v.get_int("swa_every");
  c.ema_decay = v.get("ema_decay");
  return c;
}

ParamValues averaging_values(const AveragingConfig& c) {
  ParamValues v;
  v.numbers = {{"swa_start", c.swa_start}, {"swa_every", c.swa_every}, {"ema_decay", c.ema_decay}};
  return v;
}

WeightAverages::WeightAverages(const AveragingConfig& config, const Eigen::VectorXd& w0)
    : config_(config), swa_(Eigen::VectorXd::Zero(w0.size())), ema_(w0) {
  if (swa_takes(0)) observe(0, w0);
}

void WeightAverages::observe(int step, const Eigen::VectorXd& w) {
  if (step > 0 && config_.ema()) ema_ = config_.ema_decay * ema_ + (1.0 - config_.ema_decay) * w;
  if (swa_takes(step)) {
    // The running mean of the n iterates so far: swa_n = swa_{n-1} + (w - swa_{n-1}) / n.
    ++swa_count_;
    swa_ += (w - swa_) / static_cast<double>(swa_count_);
  }
}

void WeightAverages::visit_state(StateVisitor& v) {
  v.slot("swa", swa_);
  v.slot("ema", ema_);
  v.slot("swa_count", swa_count_);
  if (swa_count_ < 0) throw StateError{"averaging.swa_count", "must be at least 0"};
  if (!swa_.allFinite() || !ema_.allFinite()) {
    throw StateError{"averaging", "the averaged weights must be finite"};
  }
}

}  // namespace descent
