// The named schedules. Each factor() is a closed form in t; warm-up is added in
// make_schedule so that every schedule gets it the same way.
#include <algorithm>
#include <cmath>

#include "core/math_constants.h"
#include "schedule/feedback_schedules.h"
#include "schedule/refined.h"
#include "schedule/schedule.h"
#include "schedule/spike.h"
#include "schedule/zoo_schedules.h"

namespace descent {
namespace {

// A schedule defined by a lambda of (t, total).
class FunctionSchedule final : public Schedule {
 public:
  FunctionSchedule(std::function<double(int)> f) : f_(std::move(f)) {}
  double factor(int t) const override { return f_(t); }

 private:
  std::function<double(int)> f_;
};

SchedulePtr schedule_of(std::function<double(int)> f) {
  return std::make_unique<FunctionSchedule>(std::move(f));
}

// Fraction of the way through [0, total-1], in [0, 1].
double progress(int t, int total) {
  return total <= 1 ? 1.0 : std::clamp(static_cast<double>(t) / (total - 1), 0.0, 1.0);
}

ParamSpec min_factor_param(double def) {
  return real("min_factor", def, 0.0, 1.0, "Final learning rate as a fraction of lr.");
}

class WarmupSchedule final : public Schedule {
 public:
  WarmupSchedule(SchedulePtr inner, int warmup) : inner_(std::move(inner)), warmup_(warmup) {}
  double factor(int t) const override {
    if (t < warmup_) return inner_->factor(0) * (t + 1) / static_cast<double>(warmup_);
    return inner_->factor(t - warmup_);
  }
  void observe(int updates, double train_loss, double eval_loss) override {
    inner_->observe(updates, train_loss, eval_loss);
  }
  void reset() override { inner_->reset(); }
  void visit_state(StateVisitor& v) override { inner_->visit_state(v); }

 private:
  SchedulePtr inner_;
  int warmup_;
};

std::vector<ScheduleInfo> build_catalog() {
  std::vector<ScheduleInfo> c;
  c.push_back({"constant",
               "Constant",
               "The same learning rate at every step.",
               {"Optimization Methods for Large-Scale Machine Learning", "Bottou, Curtis, Nocedal",
                2018, "SIAM Review"},
               {},
               [](const ParamValues&, int) { return schedule_of([](int) { return 1.0; }); }});
  c.push_back(
      {"step",
       "Step decay",
       "Multiplies the rate by gamma every step_size steps.",
       {"Deep Residual Learning for Image Recognition", "He, Zhang, Ren, Sun", 2016, "CVPR 2016"},
       {integer("step_size", 1000, 1, 1e6, "Steps between decays.", true),
        real("gamma", 0.1, 0.0, 1.0, "Factor applied at each decay.")},
       [](const ParamValues& p, int) {
         int size = p.get_int("step_size");
         double gamma = p.get("gamma");
         return schedule_of([=](int t) { return std::pow(gamma, t / size); });
       }});
  c.push_back({"exponential",
               "Exponential decay",
               "Multiplies the rate by gamma every step.",
               {"Learning representations by back-propagating errors",
                "Rumelhart, Hinton, Williams", 1986, "Nature"},
               {real("gamma", 0.999, 0.5, 1.0, "Factor applied at every step.")},
               [](const ParamValues& p, int) {
                 double gamma = p.get("gamma");
                 return schedule_of([=](int t) { return std::pow(gamma, t); });
               }});
  c.push_back({"cosine",
               "Cosine decay",
               "Half a cosine from lr down to min_factor * lr over the run.",
               {"SGDR: Stochastic Gradient Descent with Warm Restarts", "Loshchilov, Hutter", 2017,
                "ICLR 2017"},
               {min_factor_param(0.0)},
               [](const ParamValues& p, int total) {
                 double lo = p.get("min_factor");
                 return schedule_of([=](int t) {
                   return lo + (1 - lo) * 0.5 * (1 + std::cos(kPi * progress(t, total)));
                 });
               }});
  c.push_back(
      {"linear",
       "Linear decay",
       "Straight line from lr to min_factor * lr.",
       {"Scaling Laws for Neural Language Models", "Kaplan et al.", 2020, "arXiv:2001.08361"},
       {min_factor_param(0.0)},
       [](const ParamValues& p, int total) {
         double lo = p.get("min_factor");
         return schedule_of([=](int t) { return 1 - (1 - lo) * progress(t, total); });
       }});
  c.push_back({"wsd",
               "Warmup-stable-decay",
               "Holds lr constant, then decays linearly to min_factor * lr over the last "
               "decay_fraction of the run (the cooldown).",
               {"MiniCPM: Unveiling the Potential of Small Language Models with Scalable "
                "Training Strategies",
                "Hu et al.", 2024, "arXiv:2404.06395"},
               {real("decay_fraction", 0.2, 0.0, 1.0, "Fraction of the run spent decaying."),
                min_factor_param(0.0)},
               [](const ParamValues& p, int total) {
                 double fraction = p.get("decay_fraction");
                 double lo = p.get("min_factor");
                 int decay_steps = static_cast<int>(std::lround(fraction * total));
                 int stable = total - decay_steps;
                 return schedule_of([=](int t) {
                   if (t < stable) return 1.0;
                   double s = decay_steps <= 1 ? 1.0 : (t - stable) / double(decay_steps - 1);
                   return 1 - (1 - lo) * std::min(s, 1.0);
                 });
               }});
  c.push_back({"inverse_sqrt",
               "Inverse square root",
               "Decays as 1/sqrt(1 + t/timescale).",
               {"Attention Is All You Need", "Vaswani et al.", 2017, "NeurIPS 2017"},
               {integer("timescale", 100, 1, 1e6, "Steps over which the rate halves ~x0.7.", true)},
               [](const ParamValues& p, int) {
                 double tau = p.get("timescale");
                 return schedule_of([=](int t) { return 1.0 / std::sqrt(1.0 + t / tau); });
               }});
  c.push_back(
      {"cyclic",
       "Cyclical (triangular)",
       "Rises linearly from min_factor * lr to lr and back, once per period.",
       {"Cyclical Learning Rates for Training Neural Networks", "Smith", 2017, "WACV 2017"},
       {integer("period", 500, 2, 1e6, "Steps per full cycle.", true), min_factor_param(0.1)},
       [](const ParamValues& p, int) {
         int period = p.get_int("period");
         double lo = p.get("min_factor");
         return schedule_of([=](int t) {
           double phase = (t % period) / static_cast<double>(period);
           double tri = 1 - std::abs(2 * phase - 1);  // 0 -> 1 -> 0
           return lo + (1 - lo) * tri;
         });
       }});
  c.push_back({"one_cycle",
               "One-cycle",
               "Cosine rise from lr/div_factor to lr over pct_start of the run, then cosine "
               "fall to lr/(div_factor*final_div_factor).",
               {"Super-Convergence: Very Fast Training of Neural Networks Using Large Learning "
                "Rates",
                "Smith, Topin", 2019, "SPIE 11006"},
               {real("pct_start", 0.3, 0.01, 0.99, "Fraction of the run spent rising."),
                log_real("div_factor", 25.0, 1.0, 1e4, "lr / initial rate."),
                log_real("final_div_factor", 1e4, 1.0, 1e6, "initial rate / final rate.")},
               [](const ParamValues& p, int total) {
                 double pct = p.get("pct_start");
                 double start = 1.0 / p.get("div_factor");
                 double end = start / p.get("final_div_factor");
                 double rise = std::max(1.0, std::round(pct * total) - 1);
                 double fall = std::max(1.0, total - 1 - rise);
                 auto anneal = [](double from, double to, double s) {
                   return to + (from - to) * 0.5 * (1 + std::cos(kPi * std::min(s, 1.0)));
                 };
                 return schedule_of([=](int t) {
                   if (t <= rise) return anneal(start, 1.0, t / rise);
                   return anneal(1.0, end, (t - rise) / fall);
                 });
               }});
  for (auto& s : zoo_schedules()) c.push_back(std::move(s));
  for (auto& s : feedback_schedules()) c.push_back(std::move(s));
  for (auto& s : refined_schedules()) c.push_back(std::move(s));
  c.push_back(spike_schedule_info());
  ParamSpec warmup = integer("warmup_steps", 0, 0, 1e6,
                             "Steps of linear warm-up from lr/warmup_steps to lr before the "
                             "schedule starts.");
  for (auto& info : c) info.params.push_back(warmup);
  return c;
}

}  // namespace

const std::vector<ScheduleInfo>& schedule_catalog() {
  static const std::vector<ScheduleInfo> catalog = build_catalog();
  return catalog;
}

const ScheduleInfo* find_schedule(const std::string& name) {
  for (const auto& info : schedule_catalog()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

SchedulePtr make_schedule(const ScheduleInfo& info, const ParamValues& params, int total_steps) {
  int warmup = params.get_int("warmup_steps");
  int after = std::max(1, total_steps - warmup);
  SchedulePtr inner = info.make(params, after);
  if (warmup <= 0) return inner;
  return std::make_unique<WarmupSchedule>(std::move(inner), warmup);
}

std::vector<double> sample_schedule(const Schedule& schedule, double lr, int total_steps) {
  std::vector<double> out(static_cast<std::size_t>(std::max(0, total_steps)));
  for (int t = 0; t < total_steps; ++t) out[t] = lr * schedule.factor(t);
  return out;
}

}  // namespace descent
