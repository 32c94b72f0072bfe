// Tests for the analytic 2-D test functions (cpp/problems/functions).
//
// Derivatives are checked against central finite differences, minima against a dense grid
// and a Newton refinement from every discrete local minimum of that grid, and the metadata
// (start, box, parameters, smoothness flag) against the functions themselves.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "problems/functions/function2d.h"

namespace descent {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Finite-difference step. Box coordinates are O(1)..O(10), so an absolute step is fine.
constexpr double kH = 1e-5;

// n x n interior points of the box at fractions (i + offset)/n. With offset 0.37 no point
// lands on either axis of a box symmetric about 0, so Ackley's only non-differentiable point,
// the origin, is never sampled by the derivative checks (n = 20: the closest sample is
// 0.26 away from it). The grid is deterministic.
std::vector<Eigen::Vector2d> grid(const PlotBox& b, int n, double offset) {
  std::vector<Eigen::Vector2d> pts;
  pts.reserve(static_cast<size_t>(n) * n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      pts.emplace_back(b.xmin + (i + offset) / n * (b.xmax - b.xmin),
                       b.ymin + (j + offset) / n * (b.ymax - b.ymin));
    }
  }
  return pts;
}

double max_abs(const Eigen::Vector2d& v) { return v.cwiseAbs().maxCoeff(); }
double max_abs(const Eigen::Matrix2d& m) { return m.cwiseAbs().maxCoeff(); }

// Closed-form symmetric 2x2 eigendecomposition, eigenvalues in increasing order.
Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(const Eigen::Matrix2d& h) {
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> es;
  es.computeDirect(h);
  return es;
}

std::string where(const FunctionInfo& f, const Eigen::Vector2d& p) {
  return f.name + " at (" + std::to_string(p.x()) + ", " + std::to_string(p.y()) + ")";
}

// Parameter sets to test: the defaults, and each numeric parameter at its min and at its max
// (the others at their defaults).
std::vector<ParamValues> param_sets(const FunctionInfo& f) {
  std::vector<ParamValues> sets = {with_defaults(f.params)};
  for (const auto& s : f.params) {
    if (s.kind == ParamKind::Choice) continue;
    for (double v : {s.min, s.max}) {
      ParamValues given;
      given.numbers[s.name] = v;
      sets.push_back(with_defaults(f.params, given));
    }
  }
  return sets;
}

std::unique_ptr<Function2D> make_default(const FunctionInfo& f) {
  return f.make(with_defaults(f.params));
}

// Damped Newton with an Armijo backtracking line search, falling back to steepest descent
// where the Hessian is not positive definite. Used to polish discrete grid minima.
Eigen::Vector2d refine(const Function2D& fn, Eigen::Vector2d q) {
  for (int it = 0; it < 300; ++it) {
    const Eigen::Vector2d g = fn.gradient(q);
    if (g.squaredNorm() == 0.0) break;
    const Eigen::Matrix2d h = fn.hessian(q);
    Eigen::Vector2d d = -g;
    if (eig(h).eigenvalues().minCoeff() > 0.0) d = -(h.inverse() * g);
    const double slope = g.dot(d);
    if (!(slope < 0.0)) d = -g;
    const double f0 = fn.value(q);
    double t = 1.0;
    while (t > 1e-30 && !(fn.value(q + t * d) <= f0 + 1e-4 * t * g.dot(d))) t *= 0.5;
    if (t <= 1e-30) break;
    q += t * d;
  }
  return q;
}

const std::vector<std::string> kExpectedNames = {
    "rosenbrock", "beale",     "himmelblau",      "rastrigin",       "ackley",         "booth",
    "saddle",     "quadratic", "styblinski_tang", "goldstein_price", "six_hump_camel", "quartic"};

// ---------------------------------------------------------------------------------------------

TEST(Functions, CatalogHasTheExpectedEntriesWithUniqueNames) {
  std::set<std::string> names;
  for (const auto& f : function_catalog()) {
    EXPECT_TRUE(names.insert(f.name).second) << "duplicate name " << f.name;
  }
  for (const auto& n : kExpectedNames) EXPECT_EQ(names.count(n), 1u) << "missing " << n;
}

TEST(Functions, FindFunction) {
  for (const auto& f : function_catalog()) {
    const FunctionInfo* found = find_function(f.name);
    ASSERT_NE(found, nullptr) << f.name;
    EXPECT_EQ(found, &f);
  }
  EXPECT_EQ(find_function("no_such_function"), nullptr);
  EXPECT_EQ(find_function(""), nullptr);
  EXPECT_EQ(find_function("Rosenbrock"), nullptr);  // names are case-sensitive
  EXPECT_EQ(find_function("rosenbrock "), nullptr);
}

TEST(Functions, MetadataIsComplete) {
  for (const auto& f : function_catalog()) {
    SCOPED_TRACE(f.name);
    EXPECT_FALSE(f.title.empty());
    EXPECT_FALSE(f.formula.empty());
    EXPECT_FALSE(f.description.empty());
    EXPECT_FALSE(f.citation.title.empty());
    EXPECT_FALSE(f.citation.authors.empty());
    EXPECT_GE(f.citation.year, 1900);
    EXPECT_LE(f.citation.year, 2030);
    EXPECT_TRUE(static_cast<bool>(f.make));
    EXPECT_LT(f.box.xmin, f.box.xmax);
    EXPECT_LT(f.box.ymin, f.box.ymax);
    for (const auto& s : f.params) {
      EXPECT_LE(s.min, s.default_value) << s.name;
      EXPECT_LE(s.default_value, s.max) << s.name;
      EXPECT_FALSE(s.description.empty()) << s.name;
      if (s.log_scale) {
        EXPECT_GT(s.min, 0.0) << s.name;
      }
    }
    for (const auto& ps : param_sets(f)) EXPECT_NE(f.make(ps), nullptr);
  }
}

TEST(Functions, StartAndMinimaLieInTheBoxAndStartIsNotStationary) {
  for (const auto& f : function_catalog()) {
    SCOPED_TRACE(f.name);
    auto in_box = [&](const Eigen::Vector2d& p) {
      return p.x() >= f.box.xmin && p.x() <= f.box.xmax && p.y() >= f.box.ymin &&
             p.y() <= f.box.ymax;
    };
    EXPECT_TRUE(in_box(f.start));
    for (const auto& m : f.minima) EXPECT_TRUE(in_box(m)) << where(f, m);
    const auto fn = make_default(f);
    // A start on a stationary point would produce no trajectory at all.
    EXPECT_GT(fn->gradient(f.start).norm(), 1e-3);
    for (const auto& m : f.minima) EXPECT_GT((f.start - m).norm(), 0.1);
  }
}

// Gradient vs central differences of the value. Error of the difference quotient:
// truncation h^2/6 |f'''| plus rounding ~ (evaluation error of f)/h. For every function here
// the truncation is below 1e-6 relative to the gradient scale (polynomials of degree <= 8 on
// boxes of size >= 4, and cosines of period 1 with amplitude <= 50: h^2/6 (2 pi)^3 50 ~ 2e-7).
// The rounding term allows up to 1000 ulps of |f| per evaluation (cancellation inside the
// formulas). A wrong coefficient or a missing term gives errors of the order of the gradient
// itself, far above this tolerance.
TEST(Functions, GradientMatchesFiniteDifferences) {
  for (const auto& f : function_catalog()) {
    if (f.game) continue;  // a game's gradient is its field: test_games.cpp
    for (const auto& ps : param_sets(f)) {
      const auto fn = f.make(ps);
      for (const auto& p : grid(f.box, 20, 0.37)) {
        const double v = fn->value(p);
        const Eigen::Vector2d g = fn->gradient(p);
        ASSERT_TRUE(std::isfinite(v) && g.allFinite()) << where(f, p);
        const double tol =
            1e-6 * std::max(1.0, max_abs(g)) + 1e3 * kEps * std::max(1.0, std::abs(v)) / kH;
        for (int i = 0; i < 2; ++i) {
          const Eigen::Vector2d e = kH * Eigen::Vector2d::Unit(i);
          const double fd = (fn->value(p + e) - fn->value(p - e)) / (2.0 * kH);
          EXPECT_NEAR(g[i], fd, tol) << where(f, p) << " component " << i;
        }
      }
    }
  }
}

// Hessian vs central differences of the gradient; same error budget as above with the
// gradient in place of the value.
TEST(Functions, HessianMatchesFiniteDifferencesAndIsSymmetric) {
  for (const auto& f : function_catalog()) {
    if (f.game) continue;  // a game's gradient is its field: test_games.cpp
    for (const auto& ps : param_sets(f)) {
      const auto fn = f.make(ps);
      for (const auto& p : grid(f.box, 20, 0.37)) {
        const Eigen::Vector2d g = fn->gradient(p);
        const Eigen::Matrix2d h = fn->hessian(p);
        ASSERT_TRUE(h.allFinite()) << where(f, p);
        const double scale = std::max(1.0, max_abs(h));
        EXPECT_LE(std::abs(h(0, 1) - h(1, 0)), 1e-12 * scale) << where(f, p);
        const double tol = 1e-6 * scale + 1e3 * kEps * std::max(1.0, max_abs(g)) / kH;
        for (int j = 0; j < 2; ++j) {
          const Eigen::Vector2d e = kH * Eigen::Vector2d::Unit(j);
          const Eigen::Vector2d fd = (fn->gradient(p + e) - fn->gradient(p - e)) / (2.0 * kH);
          for (int i = 0; i < 2; ++i) {
            EXPECT_NEAR(h(i, j), fd[i], tol) << where(f, p) << " entry " << i << "," << j;
          }
        }
      }
    }
  }
}

// Listed minimisers: the value equals minimum_value (to rounding: the coordinates are the
// exact minimisers rounded to double, and f is flat there), the gradient vanishes to the
// rounding of the coordinates (|H| * ulp), and every nearby point is no lower.
TEST(Functions, ListedMinimaAreStationaryLocalMinimaWithTheStatedValue) {
  for (const auto& f : function_catalog()) {
    // Constrained functions have their minima on the boundary of the feasible box (not
    // stationary) and online ones change every round: OnlineFunctions tests them.
    if (f.feasible || f.online || f.game) continue;
    SCOPED_TRACE(f.name);
    const auto fn = make_default(f);
    for (const auto& m : f.minima) {
      const double v = fn->value(m);
      EXPECT_NEAR(v, f.minimum_value, 1e-12 * std::max(1.0, std::abs(f.minimum_value)))
          << where(f, m);
      EXPECT_LE(fn->gradient(m).norm(), 1e-9 * std::max(1.0, max_abs(fn->hessian(m))))
          << where(f, m);
      for (int k = 0; k < 16; ++k) {
        const double a = 2.0 * kPi * k / 16.0;
        for (double r : {1e-4, 1e-2}) {
          const Eigen::Vector2d q = m + r * Eigen::Vector2d(std::cos(a), std::sin(a));
          EXPECT_GT(fn->value(q), v) << where(f, q);
        }
      }
    }
  }
}

// Nothing on a dense grid over the box goes below the stated minimum value.
TEST(Functions, NoGridPointIsBelowTheMinimumValue) {
  for (const auto& f : function_catalog()) {
    // Constrained functions have their minima on the boundary of the feasible box (not
    // stationary) and online ones change every round: OnlineFunctions tests them.
    if (f.feasible || f.online || f.game) continue;
    if (f.minima.empty()) continue;
    const auto fn = make_default(f);
    const double floor = f.minimum_value - 1e-12 * std::max(1.0, std::abs(f.minimum_value));
    for (const auto& p : grid(f.box, 201, 0.5)) {
      ASSERT_GE(fn->value(p), floor) << where(f, p);
    }
  }
}

// Completeness of `minima`: every discrete local minimum of a fine grid is polished by Newton;
// each polished point that reaches minimum_value must be a listed minimiser, and every listed
// minimiser must be reached from some grid minimum.
TEST(Functions, AllGlobalMinimisersAreListed) {
  const int n = 151;
  for (const auto& f : function_catalog()) {
    SCOPED_TRACE(f.name);
    // Constrained functions have their minima on the boundary of the feasible box (not
    // stationary) and online ones change every round: OnlineFunctions tests them.
    if (f.feasible || f.online || f.game) continue;
    const auto fn = make_default(f);
    const auto pts = grid(f.box, n, 0.37);  // off-axis: the minima are not grid points
    std::vector<double> vals(pts.size());
    for (size_t k = 0; k < pts.size(); ++k) vals[k] = fn->value(pts[k]);
    std::vector<bool> reached(f.minima.size(), false);
    const double vtol = 1e-8 * std::max(1.0, std::abs(f.minimum_value));
    for (int i = 1; i + 1 < n; ++i) {
      for (int j = 1; j + 1 < n; ++j) {
        const double v = vals[static_cast<size_t>(i) * n + j];
        bool is_min = true;
        for (int di = -1; di <= 1 && is_min; ++di) {
          for (int dj = -1; dj <= 1 && is_min; ++dj) {
            if (di == 0 && dj == 0) continue;
            if (vals[static_cast<size_t>(i + di) * n + (j + dj)] < v) is_min = false;
          }
        }
        if (!is_min) continue;
        const Eigen::Vector2d q = refine(*fn, pts[static_cast<size_t>(i) * n + j]);
        if (!(fn->value(q) <= f.minimum_value + vtol)) continue;  // a local minimum
        double best = kInf;
        size_t which = 0;
        for (size_t k = 0; k < f.minima.size(); ++k) {
          const double d = (q - f.minima[k]).norm();
          if (d < best) best = d, which = k;
        }
        ASSERT_LT(best, 1e-3) << "unlisted global minimiser near " << where(f, q);
        reached[which] = true;
      }
    }
    for (size_t k = 0; k < f.minima.size(); ++k) {
      EXPECT_TRUE(reached[k]) << "listed minimiser not found: " << where(f, f.minima[k]);
    }
  }
}

TEST(Functions, UnboundedFunctionsAreUnboundedBelow) {
  int unbounded = 0;
  for (const auto& f : function_catalog()) {
    if (f.game) continue;  // a game's gradient is its field: test_games.cpp
    if (f.minimum_value != -kInf) continue;
    ++unbounded;
    SCOPED_TRACE(f.name);
    EXPECT_TRUE(f.minima.empty());
    const auto fn = make_default(f);
    double lowest = kInf;
    for (const auto& p : grid(PlotBox{-1e4, 1e4, -1e4, 1e4}, 21, 0.37)) {
      lowest = std::min(lowest, fn->value(p));
    }
    EXPECT_LT(lowest, -1e6);
  }
  EXPECT_GE(unbounded, 1);  // the saddle
  const FunctionInfo* s = find_function("saddle");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->minimum_value, -kInf);
  // Its only stationary point is the saddle at the origin, with curvatures +2 and -2.
  const auto fn = make_default(*s);
  EXPECT_EQ(fn->gradient(Eigen::Vector2d::Zero()), Eigen::Vector2d::Zero());
  const auto es = eig(fn->hessian(Eigen::Vector2d::Zero()));
  EXPECT_NEAR(es.eigenvalues()[0], -2.0, 1e-12);
  EXPECT_NEAR(es.eigenvalues()[1], 2.0, 1e-12);
}

// `smooth` says whether the gradient is globally Lipschitz. Probe the spectral norm of the
// Hessian far from the box (radius up to 1e4) and very close to the origin (radius 1e-6,
// where Ackley's cone has its kink): for smooth functions it stays within 10x of its maximum
// over the box, for the others it exceeds 100x.
TEST(Functions, SmoothFlagMatchesHessianGrowth) {
  auto spectral = [](const Eigen::Matrix2d& h) {
    return eig(h).eigenvalues().cwiseAbs().maxCoeff();
  };
  for (const auto& f : function_catalog()) {
    if (f.game) continue;  // a game's Jacobian is not symmetric: test_games.cpp
    SCOPED_TRACE(f.name);
    const auto fn = make_default(f);
    double box_max = 0.0;
    for (const auto& p : grid(f.box, 40, 0.37))
      box_max = std::max(box_max, spectral(fn->hessian(p)));
    double probe_max = 0.0;
    for (int k = 0; k < 16; ++k) {
      const double a = 2.0 * kPi * (k + 0.3) / 16.0;
      for (double r : {1e-6, 1e-3, 1.0, 1e2, 1e4}) {
        probe_max = std::max(probe_max,
                             spectral(fn->hessian(r * Eigen::Vector2d(std::cos(a), std::sin(a)))));
      }
    }
    if (f.smooth) {
      EXPECT_LE(probe_max, 10.0 * box_max + 1.0);
    } else {
      EXPECT_GT(probe_max, 100.0 * box_max);
    }
  }
  const FunctionInfo* q = find_function("quartic");
  ASSERT_NE(q, nullptr);
  EXPECT_FALSE(q->smooth);
}

TEST(Functions, QuadraticConditionNumberAndAngle) {
  const FunctionInfo* f = find_function("quadratic");
  ASSERT_NE(f, nullptr);
  for (double kappa : {1.0, 2.5, 10.0, 1e3, 1e4}) {
    for (double angle : {-90.0, -60.0, -30.0, 0.0, 15.0, 45.0, 89.5, 90.0}) {
      SCOPED_TRACE("kappa " + std::to_string(kappa) + " angle " + std::to_string(angle));
      ParamValues given;
      given.numbers["condition_number"] = kappa;
      given.numbers["angle"] = angle;
      const auto fn = f->make(with_defaults(f->params, given));
      const Eigen::Matrix2d h = fn->hessian(Eigen::Vector2d(0.3, -0.7));
      // Constant Hessian.
      EXPECT_EQ(h, fn->hessian(Eigen::Vector2d(-2.0, 4.0)));
      const auto es = eig(h);
      const double lo = es.eigenvalues()[0];
      const double hi = es.eigenvalues()[1];
      EXPECT_NEAR(hi, 1.0, 1e-12);  // documented scaling: the largest eigenvalue is 1
      EXPECT_NEAR(hi / lo, kappa, 1e-10 * kappa);
      if (kappa > 1.0) {
        // The low-curvature eigenvector points along `angle` (modulo 180 degrees).
        const Eigen::Vector2d v = es.eigenvectors().col(0);
        double diff = std::atan2(v.y(), v.x()) * 180.0 / kPi - angle;
        diff = std::remainder(diff, 180.0);  // in [-90, 90]
        EXPECT_NEAR(diff, 0.0, 1e-8);
      }
      // f = 1/2 p^T H p exactly, minimum 0 at the origin.
      const Eigen::Vector2d p(1.25, -0.5);
      EXPECT_NEAR(fn->value(p), 0.5 * p.dot(h * p), 1e-14);
      EXPECT_EQ(fn->value(Eigen::Vector2d::Zero()), 0.0);
    }
  }
}

TEST(Functions, RastriginAmplitude) {
  const FunctionInfo* f = find_function("rastrigin");
  ASSERT_NE(f, nullptr);
  ParamValues given;
  given.numbers["amplitude"] = 0.0;
  const auto bowl = f->make(with_defaults(f->params, given));
  const auto def = make_default(*f);
  for (const auto& p : grid(f->box, 9, 0.37)) {
    EXPECT_NEAR(bowl->value(p), p.squaredNorm(), 1e-12 * (1.0 + p.squaredNorm()));
  }
  // Default A = 10: at integer points the cosines are 1; at half-integers they add 2A each.
  EXPECT_NEAR(def->value(Eigen::Vector2d(2.0, -1.0)), 5.0, 1e-12);
  EXPECT_NEAR(def->value(Eigen::Vector2d(0.5, 0.5)), 0.5 + 40.0, 1e-12);
}

TEST(Functions, AckleyAtItsKink) {
  const FunctionInfo* f = find_function("ackley");
  ASSERT_NE(f, nullptr);
  const auto fn = make_default(*f);
  const Eigen::Vector2d o = Eigen::Vector2d::Zero();
  EXPECT_EQ(fn->value(o), 0.0);
  EXPECT_EQ(fn->gradient(o), Eigen::Vector2d::Zero());  // documented: the zero subgradient
  const Eigen::Matrix2d h = fn->hessian(o);
  ASSERT_TRUE(h.allFinite());
  // Documented: the Hessian of the smooth cosine term alone, 2 pi^2 e I.
  const double c = 2.0 * kPi * kPi * std::exp(1.0);
  EXPECT_NEAR(h(0, 0), c, 1e-12 * c);
  EXPECT_NEAR(h(1, 1), c, 1e-12 * c);
  EXPECT_EQ(h(0, 1), 0.0);
  EXPECT_EQ(h(1, 0), 0.0);
  // Next to the kink the gradient has the cone's slope a b / sqrt 2 along the radius, so it
  // does not go to zero: the function really is non-differentiable there.
  const double slope = 20.0 * 0.2 / std::sqrt(2.0);
  for (int k = 0; k < 8; ++k) {
    const double a = 2.0 * kPi * (k + 0.5) / 8.0;
    const Eigen::Vector2d u(std::cos(a), std::sin(a));
    const Eigen::Vector2d g = fn->gradient(1e-9 * u);
    EXPECT_NEAR(g.dot(u), slope, 1e-6);
    EXPECT_NEAR(fn->value(1e-9 * u), slope * 1e-9, 1e-14);
  }
}

// Reddi, Kale, Kumar (ICLR 2018), Section 3: f_t(x) = C x when t mod 3 == 1, -x otherwise.
TEST(OnlineFunctions, AdamCounterexampleCyclesThroughItsRounds) {
  const FunctionInfo* info = find_function("adam_counterexample");
  ASSERT_NE(info, nullptr);
  EXPECT_TRUE(info->online);
  ASSERT_TRUE(info->feasible.has_value());
  EXPECT_EQ(info->feasible->xmin, -1.0);
  EXPECT_EQ(info->feasible->xmax, 1.0);
  ParamValues given;
  given.numbers["c"] = 5.0;
  const auto fn = info->make(with_defaults(info->params, given));
  const Eigen::Vector2d p(0.25, -0.5);
  double sum = 0.0;
  for (int t = 1; t <= 9; ++t) {
    fn->next_round();
    const double slope = t % 3 == 1 ? 5.0 : -1.0;
    EXPECT_EQ(fn->gradient(p), Eigen::Vector2d(slope, 0.0)) << "round " << t;
    EXPECT_EQ(fn->value(p), slope * 0.25) << "round " << t;
    sum += fn->value(p);
  }
  // The average over whole cycles is (C - 2)/3 x, the objective the run reports.
  EXPECT_NEAR(sum / 9.0, fn->average_value(p), 1e-15);
  EXPECT_NEAR(fn->average_value(p), (5.0 - 2.0) / 3.0 * 0.25, 1e-15);
  // The listed minimum is the average's minimum over the feasible box at the default C.
  const auto def = make_default(*info);
  EXPECT_NEAR(def->average_value(info->minima.at(0)), info->minimum_value, 1e-15);
  EXPECT_LT(def->average_value(info->minima.at(0)), def->average_value({1.0, 0.0}));
}

// Ordinary functions ignore rounds and report themselves as their average.
TEST(OnlineFunctions, OrdinaryFunctionsAreTheSameEveryRound) {
  for (const auto& f : function_catalog()) {
    if (f.online) continue;
    SCOPED_TRACE(f.name);
    EXPECT_FALSE(f.feasible.has_value());
    const auto fn = make_default(f);
    const double before = fn->value(f.start);
    fn->next_round();
    EXPECT_EQ(fn->value(f.start), before);
    EXPECT_EQ(fn->average_value(f.start), before);
  }
}

}  // namespace
}  // namespace descent
