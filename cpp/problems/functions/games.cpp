// Min-max games on the plane: x minimises f(x, y), y maximises it. Both games here are the
// quadratic f = (a/2) x^2 + b x y - (c/2) y^2 with a, c >= 0, equilibrium at the origin:
//  * bilinear_game: a = c = 0, f = s x y. The textbook case where simultaneous gradient
//    descent-ascent rotates around the equilibrium and, in discrete time, spirals out.
//  * quadratic_game: convex in x (a), concave in y (c), coupled by b.
//
// How a game is a Function2D (FunctionInfo::game):
//  * gradient() is the game's vector field F(x, y) = (df/dx, -df/dy) = (a x + b y, -b x + c y),
//    the direction each player descends on its own loss. Every optimizer steps along -F, so
//    gradient descent on a game is simultaneous GDA, and extragradient and optimistic
//    gradient apply unchanged.
//  * hessian() is the field's Jacobian J = [[a, b], [-b, c]]: constant, and not symmetric
//    when b != 0. A run's "Hessian-vector products" are J v: Hutchinson's estimate is then
//    trace J = a + c (the field's divergence, how strongly monotone the game is); Lanczos'
//    top eigenvalues assume a symmetric operator and are refused for games (a field error on
//    diagnostics.top_k, see run/config.cpp).
//  * value() is f itself: what the map draws as contours. It is no descent measure (one
//    player raises it), so reported_loss(), the run's "loss" column, is the distance to the
//    equilibrium |(x, y)|: GDA's spiral shows as a rising line and a converging method as a
//    falling one.
#include "problems/functions/games.h"

#include <limits>
#include <memory>

namespace descent {
namespace {

class QuadraticGame final : public Function2D {
 public:
  QuadraticGame(double a, double b, double c) : a_(a), b_(b), c_(c) {}
  double value(const Eigen::Vector2d& p) const override {
    const double x = p.x();
    const double y = p.y();
    return 0.5 * a_ * x * x + b_ * x * y - 0.5 * c_ * y * y;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    return {a_ * p.x() + b_ * p.y(), -b_ * p.x() + c_ * p.y()};
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d&) const override {
    Eigen::Matrix2d j;
    j << a_, b_, -b_, c_;
    return j;
  }
  double reported_loss(const Eigen::Vector2d& p) const override { return p.norm(); }

 private:
  double a_, b_, c_;
};

Citation gidel_2019() {
  Citation c;
  c.title = "A Variational Inequality Perspective on Generative Adversarial Networks";
  c.authors = "Gidel, Berard, Vignoud, Vincent, Lacoste-Julien";
  c.year = 2019;
  c.venue = "ICLR 2019";
  return c;
}

// What both games share: the equilibrium at the origin, marked on the map as the point the
// iterates should reach, and the box around it.
FunctionInfo game_info() {
  FunctionInfo f;
  f.game = true;
  f.start = {1.0, 1.0};
  f.box = {-2.5, 2.5, -2.5, 2.5};
  f.minima = {{0.0, 0.0}};  // for a game: its equilibrium
  // f is unbounded below along the maximiser's axis: no minimum value.
  f.minimum_value = -std::numeric_limits<double>::infinity();
  f.smooth = true;  // the field is linear: L = |J|
  f.citation = gidel_2019();
  return f;
}

}  // namespace

FunctionInfo bilinear_game_info() {
  FunctionInfo f = game_info();
  f.name = "bilinear_game";
  f.title = "Bilinear game";
  f.formula = "min_x max_y s x y; field F = (s y, -s x); loss = distance to (0, 0)";
  f.description =
      "A min-max game whose field only rotates: gradient descent-ascent circles the "
      "equilibrium and, with any fixed step, spirals out by sqrt(1 + (s lr)^2) per step; "
      "extragradient and optimistic gradient converge. The loss is the distance to (0, 0).";
  f.params = {real("scale", 1.0, 0.1, 10.0, "s: the coupling of the two players (f = s x y)")};
  f.make = [](const ParamValues& v) -> std::unique_ptr<Function2D> {
    return std::make_unique<QuadraticGame>(0.0, v.get("scale"), 0.0);
  };
  return f;
}

FunctionInfo quadratic_game_info() {
  FunctionInfo f = game_info();
  f.name = "quadratic_game";
  f.title = "Convex-concave quadratic game";
  f.formula = "min_x max_y (a/2) x^2 + b x y - (c/2) y^2; loss = distance to (0, 0)";
  f.description =
      "A strongly convex-concave game: the coupling b rotates the field, the curvatures a and "
      "c pull it in. Gradient descent-ascent converges only while the rotation is weak "
      "against a, c; look-ahead methods tolerate a strong one. The loss is the distance to "
      "(0, 0).";
  f.params = {real("a", 0.1, 0.0, 10.0, "a: the minimiser's curvature (convexity in x)"),
              real("b", 1.0, 0.0, 10.0, "b: the coupling of the two players"),
              real("c", 0.1, 0.0, 10.0, "c: the maximiser's curvature (concavity in y)")};
  f.make = [](const ParamValues& v) -> std::unique_ptr<Function2D> {
    return std::make_unique<QuadraticGame>(v.get("a"), v.get("b"), v.get("c"));
  };
  return f;
}

}  // namespace descent
