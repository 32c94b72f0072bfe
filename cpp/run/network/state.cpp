// What a network problem carries between steps, for checkpoints (core/state.h): the
// minibatch stream and epoch order, the float64 master weights and the probe set.
#include "run/network_problem.h"

namespace descent {

void NetworkProblem::visit_state(StateVisitor& v) {
  const int n = data_.n_train();
  v.slot("batch_rng", batch_rng_);
  v.slot("order", order_);
  for (int i : order_) {
    if (i < 0 || i >= n) throw StateError{"problem.order", "an example index is out of range"};
  }
  auto cursor = static_cast<std::int64_t>(cursor_);
  v.slot("cursor", cursor);
  if (cursor < 0 || cursor > static_cast<std::int64_t>(order_.size())) {
    throw StateError{"problem.cursor",
                     "must be within the epoch's " + std::to_string(order_.size()) + " examples"};
  }
  cursor_ = static_cast<std::size_t>(cursor);
  if (f64_) {
    v.slot("float64_master", f64_->master);
    v.slot("float64_rounded", f64_->rounded);
  }
  if (private_) private_->release.visit_state(v);
  // The probe set is drawn once (the first diagnostic that needs it): its examples are state.
  bool ready = probe_ready_, all = probe_all_;
  std::vector<int> rows = probe_rows_;
  v.slot("probe_ready", ready);
  v.slot("probe_all", all);
  v.slot("probe_rows", rows, true);
  if (ready && (rows != probe_rows_ || all != probe_all_ || !probe_ready_)) {
    if (!all && (rows.empty() || static_cast<int>(rows.size()) > n)) {
      throw StateError{"problem.probe_rows",
                       "a probe set of 1 to " + std::to_string(n) + " examples"};
    }
    for (int i : rows) {
      if (i < 0 || i >= n)
        throw StateError{"problem.probe_rows", "an example index is out of range"};
    }
    probe_all_ = all;
    fill_probe(all ? std::vector<int>{} : rows);
  }
  probe_ready_ = ready;
}

}  // namespace descent
