#pragma once
// Learning-rate schedules: the rate of update t (0-based) is lr * factor(t). A schedule is a
// pure function of the step, so it can be sampled for a preview before the run starts.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/spec.h"

namespace descent {

class Schedule {
 public:
  virtual ~Schedule() = default;
  virtual double factor(int t) const = 0;
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
};

const std::vector<ScheduleInfo>& schedule_catalog();
const ScheduleInfo* find_schedule(const std::string& name);

// The schedule of a run: warm-up (linear from lr/warmup to lr) in front of the named one.
SchedulePtr make_schedule(const ScheduleInfo& info, const ParamValues& params, int total_steps);

// lr * factor(t) for t = 0 .. total_steps-1.
std::vector<double> sample_schedule(const Schedule& schedule, double lr, int total_steps);

}  // namespace descent
