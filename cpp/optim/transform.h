#pragma once
// A gradient transform, after optax's GradientTransformation: init() sizes its state,
// update() turns the incoming updates (the gradient, or the previous transform's output)
// into the next ones. Named optimizers are chains of these (Chain, below); the last link
// scales by -lr and the runner adds the result to the parameters. Its state between steps
// is explicit data: visit_state() names every slot (core/state.h), for checkpoints.
#include <memory>
#include <vector>

#include "core/param_layout.h"
#include "core/rng.h"
#include "core/state.h"
#include "core/types.h"

namespace descent {

class Objective;  // optimizer.h

struct StepContext {
  int step = 1;         // 1-based index of the update being computed
  int total_steps = 0;  // the run's length (0: unknown, e.g. outside a Run)
  double lr = 0.0;      // the scheduled learning rate of this update
  const ParamLayout* layout = nullptr;
  // The gradient of this step after the pre stage (for transforms that compare the update
  // with the gradient, e.g. cautious masking); set by the optimizer before its chain runs.
  const Vec* gradient = nullptr;
  double loss = 0.0;   // the minibatch loss at the parameters of this step
  Rng* rng = nullptr;  // the run's optimizer stream, for transforms that sample
  // The objective of this step (the current minibatch), for transforms that evaluate the
  // model along the update (the Ghosts-of-Softmax step controller); null outside a Run.
  Objective* objective = nullptr;
};

class Transform : public Stateful {
 public:
  // Allocates and zeroes the state for parameters of this layout. No allocation after this.
  virtual void init(const ParamLayout& layout) = 0;
  virtual void update(VecRef updates, ConstVecRef params, const StepContext& ctx) = 0;
};

using TransformPtr = std::unique_ptr<Transform>;

// Applies its transforms in order.
class Chain final : public Transform {
 public:
  Chain() = default;
  explicit Chain(std::vector<TransformPtr> links) : links_(std::move(links)) {}
  void add(TransformPtr link) { links_.push_back(std::move(link)); }
  void init(const ParamLayout& layout) override {
    for (auto& link : links_) link->init(layout);
  }
  void update(VecRef updates, ConstVecRef params, const StepContext& ctx) override {
    for (auto& link : links_) link->update(updates, params, ctx);
  }
  void visit_state(StateVisitor& v) override {
    for (std::size_t i = 0; i < links_.size(); ++i) visit_part(v, std::to_string(i), *links_[i]);
  }
  bool empty() const { return links_.empty(); }

 private:
  std::vector<TransformPtr> links_;
};

template <class T, class... Args>
TransformPtr make_transform(Args&&... args) {
  return std::make_unique<T>(std::forward<Args>(args)...);
}

}  // namespace descent
