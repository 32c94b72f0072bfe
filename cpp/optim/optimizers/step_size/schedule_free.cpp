// Schedule-Free SGD and AdamW: no learning-rate schedule; an online average of the iterates
// does what the schedule's decay would.
//
// "The Road Less Scheduled" (Defazio, Yang, Mehta, Mishchenko, Khaled, Cutkosky, 2024),
// Algorithm 1, as in the authors' code (facebookresearch/schedule_free, SGDScheduleFree and
// AdamWScheduleFree). Three sequences: z (the base optimizer's iterates), x (their weighted
// average, the point that is evaluated) and y (the point where gradients are taken):
//   y_t     = (1 - beta) z_t + beta x_t
//   z_{t+1} = z_t - gamma_t (g(y_t) + wd y_t)         SGD
//           = z_t - gamma_t (g / (sqrt(v) + eps) + wd y_t),  v <- b2 v + (1 - b2) g^2   AdamW
//   x_{t+1} = (1 - c_{t+1}) x_t + c_{t+1} z_{t+1},   c_{t+1} = w_{t+1} / sum_{i<=t+1} w_i
//   w_t     = t^r gamma_max^weight_lr_power          (gamma_max: the largest gamma so far)
// gamma_t = lr x the run's schedule x min(1, t / warmup_steps), and for AdamW also
// x sqrt(1 - b2^t) (Adam's second-moment bias correction folded into the rate, as the code).
// The run's parameters are x: every metric, chart, map point and shared curve is the
// averaged point, which is what the method evaluates (the authors' optimizer.eval());
// gradients are taken at y, kept here. The code stores y in the model instead and recovers
// x on eval(); the iterates are the same up to rounding.
// Cost: one gradient per step (at y). The step's own loss is the minibatch loss at y; the
// logged loss is evaluated at x. The pre stage acts on the gradient at y (with y as its
// parameters), the post stage on the update of x.
#include <algorithm>
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

struct ScheduleFreeOptions {
  bool adam = false;
  double beta = 0.9;  // momentum (SGD) or beta1 (AdamW): the interpolation weight of y
  double beta2 = 0.999, eps = 1e-8, weight_decay = 0.0;
  int warmup_steps = 0;
  double r = 0.0, weight_lr_power = 2.0;
};

class ScheduleFree final : public Optimizer {
 public:
  explicit ScheduleFree(const ScheduleFreeOptions& o) : o_(o) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    z_ = Vec::Zero(layout.size);
    y_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(o_.adam ? layout.size : 0);
    gradient_ = Vec::Zero(layout.size);
    k_ = 0;
    lr_max_ = -1.0;
    weight_sum_ = 0.0;
  }

  StepResult step(Objective& objective, ConstVecRef x, VecRef update,
                  const StepContext& ctx) override {
    if (k_ == 0) z_ = x;
    y_ = x + static_cast<Scalar>(1 - o_.beta) * (z_ - x);
    StepContext local;
    StepResult result = start_gradient_step(objective, y_, update, pre_, ctx, local);
    gradient_ = update;
    local.gradient = &gradient_;

    const double warmup =
        k_ < o_.warmup_steps ? static_cast<double>(k_ + 1) / o_.warmup_steps : 1.0;
    double gamma = ctx.lr * warmup;
    if (o_.adam) gamma *= std::sqrt(1.0 - std::pow(o_.beta2, k_ + 1));
    lr_max_ = std::max(lr_max_, gamma);
    const double weight = std::pow(k_ + 1, o_.r) * std::pow(lr_max_, o_.weight_lr_power);
    weight_sum_ += weight;
    const double c = weight_sum_ > 0 ? weight / weight_sum_ : 0.0;
    ++k_;

    if (o_.adam) {
      v_.array() = static_cast<Scalar>(o_.beta2) * v_.array() +
                   static_cast<Scalar>(1 - o_.beta2) * update.array().square();
      update.array() /= v_.array().sqrt() + static_cast<Scalar>(o_.eps);
    }
    if (o_.weight_decay != 0) update += static_cast<Scalar>(o_.weight_decay) * y_;
    z_ -= static_cast<Scalar>(gamma) * update;
    update = static_cast<Scalar>(c) * (z_ - x);  // x_{t+1} - x_t
    post_.update(update, x, local);
    return result;
  }

  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "z", z_, "y", y_, "v", v_, "k", k_, "lr_max", lr_max_, "weight_sum",
                weight_sum_);
  }

 private:
  ScheduleFreeOptions o_;
  Vec z_, y_, v_, gradient_;
  int k_ = 0;
  double lr_max_ = -1.0, weight_sum_ = 0.0;
};

std::vector<ParamSpec> averaging_params() {
  return {hp::weight_decay(0.0),
          integer("warmup_steps", 0, 0, 100000,
                  "Linear warm-up of the rate over this many steps (the method's own; 0: none)."),
          real("r", 0.0, 0.0, 10.0, "Polynomial weighting t^r of the iterates in the average."),
          real("weight_lr_power", 2.0, 0.0, 10.0,
               "The average weights iterate t by (largest rate so far)^weight_lr_power, so "
               "warm-up iterates count less (0: no rate weighting).")};
}

OptimizerInfo schedule_free_like(const char* name, const char* title, bool adam) {
  OptimizerInfo info = describe(name, title, family::kStepSize);
  info.citation = {"The Road Less Scheduled", "Defazio, Yang, Mehta, Mishchenko, Khaled, Cutkosky",
                   2024, "NeurIPS 2024"};
  info.make = [adam](const ParamValues& p) -> std::unique_ptr<Optimizer> {
    ScheduleFreeOptions o;
    o.adam = adam;
    o.beta = adam ? p.get("beta1") : p.get("momentum");
    if (adam) {
      o.beta2 = p.get("beta2");
      o.eps = p.get("eps");
    }
    o.weight_decay = p.get("weight_decay");
    o.warmup_steps = static_cast<int>(p.get("warmup_steps"));
    o.r = p.get("r");
    o.weight_lr_power = p.get("weight_lr_power");
    return std::make_unique<ScheduleFree>(o);
  };
  return info;
}

}  // namespace

OptimizerInfo schedule_free_sgd_info() {
  OptimizerInfo info = schedule_free_like("schedule_free_sgd", "Schedule-Free SGD", false);
  info.description =
      "SGD without a schedule: gradients are taken between the SGD iterate z and the running "
      "average x of its iterates; the average, which is what is evaluated and plotted, plays "
      "the part of the schedule's decay. Use a constant schedule.";
  info.params = {log_real("lr", 1.0, 1e-6, 10.0, "Learning rate of the SGD iterate z."),
                 real("momentum", 0.9, 0.01, 0.9999,
                      "Interpolation beta: gradients are taken at (1 - beta) z + beta x.")};
  for (auto& s : averaging_params()) info.params.push_back(s);
  return info;
}

OptimizerInfo schedule_free_adamw_info() {
  OptimizerInfo info = schedule_free_like("schedule_free_adamw", "Schedule-Free AdamW", true);
  info.description =
      "AdamW without a schedule: the Adam-normalised iterate z is averaged into x (evaluated "
      "and plotted) and gradients are taken between them; weight decay at the gradient point. "
      "Adam's bias correction is folded into the rate, as the authors' code. Use a constant "
      "schedule.";
  info.params = {log_real("lr", 0.0025, 1e-6, 10.0, "Learning rate of the Adam iterate z."),
                 real("beta1", 0.9, 0.01, 0.9999,
                      "Interpolation beta: gradients are taken at (1 - beta1) z + beta1 x (the "
                      "method has no first-moment average)."),
                 hp::beta2(), hp::eps(1e-8)};
  for (auto& s : averaging_params()) info.params.push_back(s);
  return info;
}

}  // namespace descent
