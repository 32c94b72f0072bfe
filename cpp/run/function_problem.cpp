#include "run/function_problem.h"

namespace descent {

namespace {
Eigen::Vector2d point(ConstVecRef params) { return params.cast<double>(); }
}  // namespace

FunctionProblem::FunctionProblem(std::unique_ptr<Function2D> f, std::array<double, 2> start,
                                 std::optional<PlotBox> feasible)
    : f_(std::move(f)),
      start_(start),
      feasible_(feasible),
      layout_(ParamLayout::single_vector(2, "xy", TensorRole::Point)) {}

void FunctionProblem::apply_update(VecRef params, ConstVecRef update) {
  params += update;
  if (!feasible_) return;
  // Euclidean projection onto a box: clamp each coordinate (NaN passes through, so a
  // diverging step is still reported as diverged).
  const PlotBox& b = *feasible_;
  if (params[0] < b.xmin) params[0] = static_cast<Scalar>(b.xmin);
  if (params[0] > b.xmax) params[0] = static_cast<Scalar>(b.xmax);
  if (params[1] < b.ymin) params[1] = static_cast<Scalar>(b.ymin);
  if (params[1] > b.ymax) params[1] = static_cast<Scalar>(b.ymax);
}

void FunctionProblem::init_params(VecRef params) {
  params << static_cast<Scalar>(start_[0]), static_cast<Scalar>(start_[1]);
}

double FunctionProblem::value_and_grad(ConstVecRef params, VecRef grad) {
  const Eigen::Vector2d p = point(params);
  grad = f_->gradient(p).cast<Scalar>();
  return f_->value(p);
}

double FunctionProblem::value(ConstVecRef params) { return f_->value(point(params)); }

void FunctionProblem::hvp(ConstVecRef params, ConstVecRef v, VecRef out) {
  out = (f_->hessian(point(params)) * v.cast<double>()).cast<Scalar>();
}

void FunctionProblem::evaluate(ConstVecRef params, MetricRow& row) {
  row.loss = f_->reported_loss(point(params));
  row.x = params[0];
  row.y = params[1];
}

}  // namespace descent
