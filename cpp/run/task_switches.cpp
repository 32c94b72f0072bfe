#include "run/task_switches.h"

#include <numeric>

#include "problems/datasets/dataset.h"

namespace descent {

const std::vector<TaskSwitchKind>& task_switch_kinds() {
  static const std::vector<TaskSwitchKind> kinds = {
      {"permute_inputs", "Permuted inputs",
       "A fixed random permutation of the input features, on the training and the test set "
       "(the permuted-inputs tasks of continual learning).",
       false},
      {"relabel", "Relabelled classes",
       "A random permutation of the class labels, on the training and the test set: the "
       "inputs stay, what they mean changes (classification only).",
       true},
  };
  return kinds;
}

const TaskSwitchKind* find_task_switch_kind(const std::string& name) {
  for (const auto& k : task_switch_kinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

const std::vector<ParamSpec>& task_switch_params() {
  static const std::vector<ParamSpec> params = [] {
    std::vector<std::string> names;
    for (const auto& k : task_switch_kinds()) names.push_back(k.name);
    return std::vector<ParamSpec>{
        integer("step", 1, 1, 1'000'000,
                "The step whose update first trains on the new task (1 to steps - 1; the "
                "switches' steps strictly increase)."),
        choice("kind", "permute_inputs", names, "What changes at the switch."),
    };
  }();
  return params;
}

TaskSwitch task_switch_from(const ParamValues& values) {
  TaskSwitch s;
  s.step = values.get_int("step");
  s.kind = values.choice("kind");
  return s;
}

ParamValues task_switch_values(const TaskSwitch& s) {
  ParamValues v;
  v.numbers["step"] = s.step;
  v.choices["kind"] = s.kind;
  return v;
}

Rng task_switch_rng(std::uint32_t seed, int index, TaskSwitchPart part) {
  // One 32-bit seed per (switch, part), read off the run's task-switch stream in order.
  Rng seeds(seed, kTaskSwitchStream);
  const int skip = 2 * index + static_cast<int>(part);
  for (int i = 0; i < skip; ++i) seeds.next_u32();
  return Rng(seeds.next_u32(), kTaskSwitchStream);
}

namespace {
std::vector<int> random_permutation(int n, Rng& rng) {
  std::vector<int> p(static_cast<std::size_t>(n));
  std::iota(p.begin(), p.end(), 0);
  rng.shuffle(p);
  return p;
}

// Row i of the result is row perm[i] of x.
void permute_rows(Mat& x, const std::vector<int>& perm) {
  const Mat copy = x;
  for (std::size_t i = 0; i < perm.size(); ++i)
    x.row(static_cast<Eigen::Index>(i)) = copy.row(perm[i]);
}
}  // namespace

void apply_task_switch(const TaskSwitch& s, Dataset& data, Rng& rng) {
  if (s.kind == "permute_inputs") {
    const std::vector<int> perm = random_permutation(data.input_dim, rng);
    permute_rows(data.x_train, perm);
    permute_rows(data.x_test, perm);
  } else if (s.kind == "relabel") {
    const std::vector<int> perm = random_permutation(data.output_dim, rng);
    for (int& l : data.label_train) l = perm[static_cast<std::size_t>(l)];
    for (int& l : data.label_test) l = perm[static_cast<std::size_t>(l)];
  }
}

void shrink_perturb(VecRef params, double shrink, double perturb, Rng& rng) {
  for (Eigen::Index i = 0; i < params.size(); ++i) {
    const double noise = perturb > 0.0 ? perturb * rng.normal() : 0.0;
    params[i] = static_cast<Scalar>(shrink * static_cast<double>(params[i]) + noise);
  }
}

}  // namespace descent
