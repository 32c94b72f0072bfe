#pragma once
// Task switches: a network run changes its task at given steps, the setting in which networks
// lose plasticity ("Understanding plasticity in neural networks", Lyle et al., 2023). At a
// switch the training and test data are transformed: the inputs' features permuted, or the
// class labels permuted. The transform "shrink_perturb" (optim/transforms/shrink_perturb.h)
// then shrinks and perturbs the weights at every switch,
//   theta <- lambda theta + sigma eps,   eps ~ N(0, I),
// as Ash and Adams do when new data arrives ("On Warm-Starting Neural Network Training",
// NeurIPS 2020). The config: "problem": {..., "task_switches": [{"step": k, "kind": ...}, ...]}.
// The switch at step k takes effect before step k's update; rows carry the index of the task
// they trained on (metric column "task").
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "core/rng.h"
#include "core/types.h"

namespace descent {

struct Dataset;

struct TaskSwitch {
  int step = 0;
  std::string kind;  // a name of task_switch_kinds()
};

struct TaskSwitchKind {
  std::string name, title, description;
  bool classification_only = false;
};

// What a switch can do to the data (the page reads this list through the catalog).
const std::vector<TaskSwitchKind>& task_switch_kinds();
const TaskSwitchKind* find_task_switch_kind(const std::string& name);
// The fields of one switch: step and kind.
const std::vector<ParamSpec>& task_switch_params();
TaskSwitch task_switch_from(const ParamValues& values);
ParamValues task_switch_values(const TaskSwitch& s);

constexpr int kMaxTaskSwitches = 32;

// The task-switch stream (beside core/rng.h's Stream values and the ad-hoc streams 6, privacy,
// and 7, sensing; kept local so that the widely included rng.h does not change). Switch i's
// draws come from a generator of their own, seeded from (seed, i, part), so that a run resumed
// from a checkpoint redraws the same permutations without carrying generator state.
constexpr std::uint64_t kTaskSwitchStream = 8;
enum class TaskSwitchPart : int { Data = 0, Weights = 1 };
Rng task_switch_rng(std::uint32_t seed, int index, TaskSwitchPart part);

// Applies switch `s` to the data in place, drawing from rng (the Data part).
void apply_task_switch(const TaskSwitch& s, Dataset& data, Rng& rng);
// theta <- lambda theta + sigma eps, eps drawn in parameter order from rng (the Weights part);
// in double, rounded once to the parameters' float32.
void shrink_perturb(VecRef params, double shrink, double perturb, Rng& rng);

}  // namespace descent
