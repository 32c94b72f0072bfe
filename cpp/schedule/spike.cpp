// The lr spike schedule (see spike.h): a constant rate with `length` updates at
// `multiplier` times the rate, starting at update `start`. Unlike the other schedules it goes
// above lr; that is its point (it models a bad schedule or a transient misconfiguration).
#include "schedule/spike.h"

namespace descent {
namespace {

class SpikeSchedule final : public Schedule {
 public:
  SpikeSchedule(int start, int length, double multiplier)
      : start_(start), length_(length), multiplier_(multiplier) {}
  double factor(int t) const override { return spike_factor(t, start_, length_, multiplier_); }

 private:
  int start_;
  int length_;
  double multiplier_;
};

}  // namespace

double spike_factor(int t, int start, int length, double multiplier) {
  return t >= start && t - start < length ? multiplier : 1.0;
}

ScheduleInfo spike_schedule_info() {
  ScheduleInfo info;
  info.name = "spike";
  info.title = "Learning-rate spike";
  info.description =
      "Constant lr, except for `length` updates starting at update `start` (counted after any "
      "warm-up) where it is multiplied by `multiplier`: a stress test for step-size safety.";
  info.citation = {
      "Ghosts of Softmax: Complex Singularities That Limit Safe Step Sizes in Cross-Entropy", "",
      2026, "arXiv"};
  info.params = {integer("start", 100, 0, 1e6, "First update of the spike (0-based)."),
                 integer("length", 5, 1, 1e6, "Number of updates at the spiked rate."),
                 log_real("multiplier", 100.0, 1.0, 1e4, "Learning rate during the spike / lr.")};
  info.make = [](const ParamValues& p, int) -> SchedulePtr {
    return std::make_unique<SpikeSchedule>(p.get_int("start"), p.get_int("length"),
                                           p.get("multiplier"));
  };
  return info;
}

}  // namespace descent
