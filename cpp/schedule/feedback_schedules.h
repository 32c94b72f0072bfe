#pragma once
// Schedules driven by the losses a run observes (ScheduleInfo::needs_feedback).
#include <vector>

#include "schedule/schedule.h"

namespace descent {

// PyTorch's ReduceLROnPlateau rule (mode "min") on the factor, one evaluation at a time:
// an evaluation is better when loss < best (1 - threshold) (rel) or loss < best - threshold
// (abs); after more than `patience` evaluations without improvement the factor is multiplied
// by `decay` (floored at min_factor, and skipped when it would change by <= 1e-8), then
// `cooldown` evaluations are ignored. Starts at factor 1 with best = +infinity.
struct PlateauRule {
  double decay = 0.1;
  int patience = 10;
  double threshold = 1e-4;
  bool relative = true;
  int cooldown = 0;
  double min_factor = 0.0;
};

class ReduceOnPlateau final : public Schedule {
 public:
  // monitor_test_loss: watch the held-out loss (the training loss when there is none).
  ReduceOnPlateau(PlateauRule rule, bool monitor_test_loss);
  double factor(int) const override { return factor_; }
  void observe(int updates, double train_loss, double eval_loss) override;
  void reset() override;
  void visit_state(StateVisitor& v) override {
    v.slot("factor", factor_);
    v.slot("best", best_);
    v.slot("bad_evaluations", bad_evaluations_);
    v.slot("cooldown_left", cooldown_left_);
  }
  // One evaluation of the watched metric (what PyTorch's scheduler.step(metric) does).
  void step(double metric);

 private:
  PlateauRule rule_;
  bool monitor_test_loss_;
  double factor_ = 1.0;
  double best_;
  int bad_evaluations_ = 0;
  int cooldown_left_ = 0;
};

std::vector<ScheduleInfo> feedback_schedules();

}  // namespace descent
