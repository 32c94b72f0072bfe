// A task switch (run/task_switches.h) on a network's data: the training and test sets change
// in place, and what was derived from them (the probe set, the max-margin direction) follows.
// The permutation of switch i is drawn from its own generator, so entering the switches again
// on a fresh problem (a run resumed from a checkpoint) gives the same data.
#include "run/network_problem.h"

namespace descent {

void NetworkProblem::enter_task(int index) {
  Rng rng = task_switch_rng(switch_seed_, index, TaskSwitchPart::Data);
  apply_task_switch(switches_[static_cast<std::size_t>(index)], data_, rng);
  if (probe_ready_) fill_probe(probe_all_ ? std::vector<int>{} : probe_rows_);
  if (max_margin_.size() > 0) {
    max_margin_.resize(0);
    prepare_max_margin();
  }
}

}  // namespace descent
