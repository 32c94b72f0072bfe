#pragma once
// Learning-rate schedules: the rate of update t (0-based) is lr * factor(t). Most schedules
// are a pure function of the step, so they can be sampled for a preview before the run
// starts. Feedback schedules (ScheduleInfo::needs_feedback, e.g. reduce_on_plateau) also read
// the losses the run observes: Run calls observe() after every evaluation, before factor() is
// asked for the next update; their preview "depends on the run".
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "core/state.h"

namespace descent {

class Schedule {
 public:
  virtual ~Schedule() = default;
  virtual double factor(int t) const = 0;
  // After `updates` updates, the run evaluated the full training loss `train_loss` and the
  // held-out loss `eval_loss` (NaN when there is no test split). Pure schedules ignore it.
  virtual void observe(int updates, double train_loss, double eval_loss) {
    (void)updates;
    (void)train_loss;
    (void)eval_loss;
  }
  // Forgets everything observed (back to the state before the first update).
  virtual void reset() {}
  // What observe() accumulated (core/state.h); pure schedules have no state (factor() is
  // const), so only feedback schedules and wrappers override this.
  virtual void visit_state(StateVisitor& /*v*/) {}
};

using SchedulePtr = std::unique_ptr<Schedule>;

struct ScheduleInfo {
  std::string name;
  std::string title;
  std::string description;
  Citation citation;
  std::vector<ParamSpec> params;  // warmup_steps is added to every schedule by the catalog
  // Builds the schedule for a run of total_steps updates (warm-up excluded).
  std::function<SchedulePtr(const ParamValues&, int total_steps)> make;
  // The factor depends on the losses observed during the run (no preview before the run).
  bool needs_feedback = false;
};

const std::vector<ScheduleInfo>& schedule_catalog();
const ScheduleInfo* find_schedule(const std::string& name);

// The schedule of a run: warm-up (linear from lr/warmup to lr) in front of the named one.
SchedulePtr make_schedule(const ScheduleInfo& info, const ParamValues& params, int total_steps);

// lr * factor(t) for t = 0 .. total_steps-1.
std::vector<double> sample_schedule(const Schedule& schedule, double lr, int total_steps);

}  // namespace descent
