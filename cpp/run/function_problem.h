#pragma once
#include "problems/functions/function2d.h"
#include "run/training_problem.h"

namespace descent {

// A 2-D analytic function as a training problem: the parameters are the point (float32, as
// every run's parameters), the function is evaluated in double. Online functions move to
// their next round's loss before each step (next_batch); constrained ones project every
// iterate onto their feasible box after its update (projected gradient methods).
class FunctionProblem final : public TrainingProblem {
 public:
  FunctionProblem(std::unique_ptr<Function2D> f, std::array<double, 2> start,
                  std::optional<PlotBox> feasible = std::nullopt);
  const ParamLayout& layout() const override { return layout_; }
  void init_params(VecRef params) override;
  void next_batch() override { f_->next_round(); }
  void apply_update(VecRef params, ConstVecRef update) override;
  bool logs_every_step() const override { return true; }
  void evaluate(ConstVecRef params, MetricRow& row) override;
  double value_and_grad(ConstVecRef params, VecRef grad) override;
  double value(ConstVecRef params) override;
  // Also in the catalog ("hvp" of each function), so the page knows before building a run.
  // For a game, the product with its field's Jacobian (Function2D::hessian).
  static constexpr bool kHasHvp = true;
  bool has_hvp() const override { return kHasHvp; }
  void hvp(ConstVecRef params, ConstVecRef v, VecRef out) override;
  const Function2D& function() const { return *f_; }
  void visit_state(StateVisitor& v) override { f_->visit_state(v); }

 private:
  std::unique_ptr<Function2D> f_;
  std::array<double, 2> start_;
  std::optional<PlotBox> feasible_;
  ParamLayout layout_;
};

}  // namespace descent
