#pragma once
// Analytic test functions of two variables with exact gradients and Hessians, evaluated in
// double. Used as optimization problems ("kind": "function") and, later, for curvature
// diagnostics.
#include <Eigen/Core>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "core/state.h"

namespace descent {

class Function2D {
 public:
  virtual ~Function2D() = default;
  virtual double value(const Eigen::Vector2d& p) const = 0;
  virtual Eigen::Vector2d gradient(const Eigen::Vector2d& p) const = 0;
  virtual Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const = 0;
  // Online functions (a different loss every step, as in online convex optimization): a run
  // calls next_round() before each step, and value/gradient/hessian are that round's loss.
  // Ordinary functions are the same every round.
  virtual void next_round() {}
  // The objective the rounds average to: what a run reports as its loss and the page draws
  // as contours. The function itself for ordinary functions.
  virtual double average_value(const Eigen::Vector2d& p) const { return value(p); }
  // What a run reports as its loss: average_value, except for games (FunctionInfo::game),
  // whose value is no descent measure: they report the distance to their equilibrium.
  virtual double reported_loss(const Eigen::Vector2d& p) const { return average_value(p); }
  // The rounds' state (core/state.h); ordinary functions have none.
  virtual void visit_state(StateVisitor& /*v*/) {}
};

struct PlotBox {
  double xmin, xmax, ymin, ymax;
};

struct FunctionInfo {
  std::string name;                     // config name, e.g. "rosenbrock"
  std::string title;                    // display name, e.g. "Rosenbrock"
  std::string formula;                  // plain-text formula, e.g. "(1-x)^2 + 100(y-x^2)^2"
  std::string description;              // one line: what makes it interesting to optimize
  Citation citation;                    // where it comes from
  Eigen::Vector2d start;                // default start point
  PlotBox box;                          // default plotting box
  std::vector<Eigen::Vector2d> minima;  // known global minimisers (default parameters)
  double minimum_value = 0.0;           // f at the global minimum (default parameters)
  bool smooth = true;   // false for functions that are not L-smooth (e.g. the quartic)
  bool online = false;  // the loss changes every step (Function2D::next_round)
  // A min-max game (problems/functions/games.cpp): gradient() is its vector field
  // (df/dx, -df/dy), hessian() the field's Jacobian (not symmetric), minima its equilibrium,
  // and the reported loss the distance to it.
  bool game = false;
  // Constrained problems: every iterate is projected onto this box after its update (and the
  // start must lie in it). Unconstrained when empty.
  std::optional<PlotBox> feasible;
  std::vector<ParamSpec> params;  // function parameters (e.g. quadratic condition number)
  std::function<std::unique_ptr<Function2D>(const ParamValues&)> make;
};

// Every function, in catalog order.
const std::vector<FunctionInfo>& function_catalog();
// nullptr when unknown.
const FunctionInfo* find_function(const std::string& name);

}  // namespace descent
