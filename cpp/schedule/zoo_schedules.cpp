// Zoo schedules: closed forms in t like those of schedules.cpp.
//
// sgdr ("SGDR: Stochastic Gradient Descent with Warm Restarts", Loshchilov, Hutter, ICLR
// 2017, Eq. 5): cosine annealing from lr to min_factor lr over a cycle of T_i steps, then a
// restart at lr; T_0 = t_0, T_{i+1} = t_mult T_i. As PyTorch's CosineAnnealingWarmRestarts
// with eta_min = min_factor lr: factor = lo + (1 - lo) (1 + cos(pi T_cur / T_i)) / 2.
//
// wsd_sqrt ("Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations",
// Hägele, Bakouch, Kosson, Ben Allal, Von Werra, Jaggi, NeurIPS 2024, Sec. 3): constant lr,
// then over the last decay_fraction of the run the "1 - sqrt" cooldown
// factor = lo + (1 - lo) (1 - sqrt(s)), s going linearly from 0 to 1 (the paper's best
// cooldown shape; lo = 0 there).
#include "schedule/zoo_schedules.h"

#include <algorithm>
#include <cmath>

#include "core/math_constants.h"

namespace descent {
namespace {

class LambdaSchedule final : public Schedule {
 public:
  explicit LambdaSchedule(std::function<double(int)> f) : f_(std::move(f)) {}
  double factor(int t) const override { return f_(t); }

 private:
  std::function<double(int)> f_;
};

SchedulePtr lambda_schedule(std::function<double(int)> f) {
  return std::make_unique<LambdaSchedule>(std::move(f));
}

ParamSpec min_factor(double def) {
  return real("min_factor", def, 0.0, 1.0, "Final learning rate as a fraction of lr.");
}

}  // namespace

std::vector<ScheduleInfo> zoo_schedules() {
  std::vector<ScheduleInfo> c;
  c.push_back({"sgdr",
               "Cosine with warm restarts (SGDR)",
               "Cosine decay from lr to min_factor * lr over t_0 steps, then a restart at lr; "
               "each cycle is t_mult times longer than the previous one.",
               {"SGDR: Stochastic Gradient Descent with Warm Restarts", "Loshchilov, Hutter", 2017,
                "ICLR 2017"},
               {integer("t_0", 100, 1, 1e6, "Length of the first cycle in steps.", true),
                integer("t_mult", 1, 1, 10, "Growth factor of the cycle length."), min_factor(0.0)},
               [](const ParamValues& p, int) {
                 const int t0 = p.get_int("t_0");
                 const int mult = p.get_int("t_mult");
                 const double lo = p.get("min_factor");
                 return lambda_schedule([=](int t) {
                   long long cur = t, len = std::max(1, t0);
                   while (cur >= len) {
                     cur -= len;
                     len *= mult;
                   }
                   const double s = static_cast<double>(cur) / static_cast<double>(len);
                   return lo + (1 - lo) * 0.5 * (1 + std::cos(kPi * s));
                 });
               }});
  c.push_back({"wsd_sqrt",
               "Warmup-stable-decay, 1-sqrt cooldown",
               "Holds lr constant, then cools down as 1 - sqrt(s) to min_factor * lr over the "
               "last decay_fraction of the run.",
               {"Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations",
                "Hägele, Bakouch, Kosson, Ben Allal, Von Werra, Jaggi", 2024, "NeurIPS 2024"},
               {real("decay_fraction", 0.2, 0.0, 1.0, "Fraction of the run spent cooling down."),
                min_factor(0.0)},
               [](const ParamValues& p, int total) {
                 const double fraction = p.get("decay_fraction");
                 const double lo = p.get("min_factor");
                 const int decay_steps = static_cast<int>(std::lround(fraction * total));
                 const int stable = total - decay_steps;
                 return lambda_schedule([=](int t) {
                   if (t < stable) return 1.0;
                   double s = decay_steps <= 1 ? 1.0 : (t - stable) / double(decay_steps - 1);
                   return lo + (1 - lo) * (1 - std::sqrt(std::min(s, 1.0)));
                 });
               }});
  return c;
}

}  // namespace descent
