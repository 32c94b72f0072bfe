// reduce_on_plateau: PyTorch's torch.optim.lr_scheduler.ReduceLROnPlateau (mode "min"),
// which has no paper of its own; the citation is the PyTorch paper. Checked step by step
// against a PyTorch 1.13 golden (tests/golden/reduce_on_plateau.json).
#include "schedule/feedback_schedules.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace descent {
namespace {

// PyTorch's eps: a reduction smaller than this is skipped. PyTorch compares learning rates;
// here it is the factor (lr = 1 in PyTorch's terms).
constexpr double kMinReduction = 1e-8;

}  // namespace

ReduceOnPlateau::ReduceOnPlateau(PlateauRule rule, bool monitor_test_loss)
    : rule_(rule), monitor_test_loss_(monitor_test_loss) {
  reset();
}

void ReduceOnPlateau::reset() {
  factor_ = 1.0;
  best_ = std::numeric_limits<double>::infinity();
  bad_evaluations_ = 0;
  cooldown_left_ = 0;
}

void ReduceOnPlateau::observe(int, double train_loss, double eval_loss) {
  const bool use_test = monitor_test_loss_ && std::isfinite(eval_loss);
  step(use_test ? eval_loss : train_loss);
}

void ReduceOnPlateau::step(double metric) {
  const bool better =
      rule_.relative ? metric < best_ * (1.0 - rule_.threshold) : metric < best_ - rule_.threshold;
  if (better) {
    best_ = metric;
    bad_evaluations_ = 0;
  } else {
    ++bad_evaluations_;
  }
  if (cooldown_left_ > 0) {
    --cooldown_left_;
    bad_evaluations_ = 0;  // evaluations during the cooldown do not count
  }
  if (bad_evaluations_ > rule_.patience) {
    const double reduced = std::max(factor_ * rule_.decay, rule_.min_factor);
    if (factor_ - reduced > kMinReduction) factor_ = reduced;
    cooldown_left_ = rule_.cooldown;
    bad_evaluations_ = 0;
  }
}

std::vector<ScheduleInfo> feedback_schedules() {
  std::vector<ScheduleInfo> c;
  ScheduleInfo plateau;
  plateau.name = "reduce_on_plateau";
  plateau.title = "Reduce on plateau";
  plateau.description =
      "PyTorch's ReduceLROnPlateau rule: multiplies the rate by factor when the monitored loss "
      "has not improved (by threshold, relative or absolute) for more than patience "
      "evaluations, then waits cooldown evaluations; never below min_factor * lr. Evaluations "
      "are the logged rows: every step on 2-D functions, every eval_every steps on data sets.";
  plateau.citation = {
      "PyTorch: An Imperative Style, High-Performance Deep Learning Library "
      "(the ReduceLROnPlateau scheduler; the rule has no paper of its own)",
      "Paszke et al.", 2019, "NeurIPS 2019"};
  plateau.params = {
      real("factor", 0.1, 0.001, 0.999, "Multiplier applied to the rate at each reduction."),
      integer("patience", 10, 0, 1e6,
              "Evaluations without improvement tolerated before a reduction."),
      real("threshold", 1e-4, 0.0, 1.0, "Smallest improvement that counts (see threshold_mode)."),
      choice("threshold_mode", "rel", {"rel", "abs"},
             "rel: better means loss < best * (1 - threshold); abs: loss < best - threshold."),
      integer("cooldown", 0, 0, 1e6, "Evaluations ignored after each reduction."),
      real("min_factor", 0.0, 0.0, 1.0, "Lowest rate as a fraction of lr."),
      choice("monitor", "loss", {"loss", "test_loss"},
             "The full training loss, or the held-out loss (the training loss when the "
             "problem has no test split)."),
  };
  plateau.make = [](const ParamValues& p, int) -> SchedulePtr {
    PlateauRule rule;
    rule.decay = p.get("factor");
    rule.patience = p.get_int("patience");
    rule.threshold = p.get("threshold");
    rule.relative = p.choice("threshold_mode") == "rel";
    rule.cooldown = p.get_int("cooldown");
    rule.min_factor = p.get("min_factor");
    return std::make_unique<ReduceOnPlateau>(rule, p.choice("monitor") == "test_loss");
  };
  plateau.needs_feedback = true;
  c.push_back(std::move(plateau));
  return c;
}

}  // namespace descent
