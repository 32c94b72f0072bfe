// The analytic 2-D test functions and their catalog.
//
// Every function returns its exact value, gradient and Hessian in double; the formulas below
// were derived by hand and are checked against finite differences in
// tests/cpp/test_functions.cpp.
//
// Conventions worth knowing:
//  * quadratic: f = 1/2 p^T A p with A = R(angle) diag(1/kappa, 1) R(angle)^T. The largest
//    eigenvalue is always 1 (L = 1) and the smallest is 1/kappa, so the stable range of a
//    fixed step size (0, 2) does not move as the condition number grows; only the slow
//    direction gets slower. `angle` is the direction of the low-curvature eigenvector (the
//    long axis of the contour ellipses), counter-clockwise from the x axis, in degrees.
//  * styblinski_tang: the usual form divided by 2, so the 2-D global minimum is
//    2 * (-39.16616570377...) = -78.33233140754...
//  * ackley: the cone term -a exp(-b |p| / sqrt 2) is not differentiable at the origin (its
//    minimiser). There we return the zero gradient (a valid subgradient: 0 is in the
//    subdifferential at the minimum) and, as a finite stand-in for the Hessian, the Hessian
//    of the smooth cosine term alone, 2 pi^2 e I. Away from the origin the Hessian is exact;
//    its tangential part grows like 1/|p| as p -> 0.
//  * saddle: unbounded below, so `minima` is empty and `minimum_value` is -infinity.
//  * smooth: true only when the gradient is globally Lipschitz on R^2 (bounded Hessian):
//    booth, saddle, quadratic, rastrigin. Polynomials of degree > 2 (rosenbrock, beale,
//    himmelblau, styblinski_tang, goldstein_price, six_hump_camel, quartic) have Hessians that
//    grow without bound away from the origin, and ackley's Hessian is unbounded near its
//    non-differentiable minimum. The quartic is the designated example of this.
//  * Polynomial functions use only +, -, * (no std::pow), so native and WebAssembly builds
//    agree bit for bit; rastrigin and ackley call std::sin/cos/exp, whose last bits may
//    differ between glibc and Emscripten's libm.
#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "catalog/cite.h"
#include "core/math_constants.h"
#include "problems/functions/function2d.h"
#include "problems/functions/games.h"

namespace descent {
namespace {

// ---------------------------------------------------------------------------------------------
// Rosenbrock: (1 - x)^2 + 100 (y - x^2)^2.
class Rosenbrock final : public Function2D {
 public:
  double value(const Eigen::Vector2d& p) const override {
    const double a = 1.0 - p.x();
    const double b = p.y() - p.x() * p.x();
    return a * a + 100.0 * b * b;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    const double x = p.x();
    const double b = p.y() - x * x;
    return {-2.0 * (1.0 - x) - 400.0 * x * b, 200.0 * b};
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
    const double x = p.x();
    const double y = p.y();
    Eigen::Matrix2d h;
    h << 2.0 - 400.0 * y + 1200.0 * x * x, -400.0 * x,  //
        -400.0 * x, 200.0;
    return h;
  }
};

// ---------------------------------------------------------------------------------------------
// Beale: sum_k t_k^2 with t_k = c_k - x + x y^k, c = (1.5, 2.25, 2.625), k = 1, 2, 3.
// Powers are plain products (no std::pow), so the result does not depend on the libm.
class Beale final : public Function2D {
 public:
  double value(const Eigen::Vector2d& p) const override {
    const Terms t = terms(p);
    double f = 0.0;
    for (const double r : t.r) f += r * r;
    return f;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    const Terms t = terms(p);
    Eigen::Vector2d g = Eigen::Vector2d::Zero();
    for (int k = 0; k < 3; ++k) g += 2.0 * t.r[k] * t.dr[k];
    return g;
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
    // H = 2 sum_k (grad t_k grad t_k^T + t_k hess t_k).
    const Terms t = terms(p);
    Eigen::Matrix2d h = Eigen::Matrix2d::Zero();
    for (int k = 0; k < 3; ++k) h += 2.0 * (t.dr[k] * t.dr[k].transpose() + t.r[k] * t.hr[k]);
    return h;
  }

 private:
  struct Terms {
    double r[3];
    Eigen::Vector2d dr[3];
    Eigen::Matrix2d hr[3];
  };
  static Terms terms(const Eigen::Vector2d& p) {
    const double x = p.x();
    const double y = p.y();
    const double yk[4] = {1.0, y, y * y, y * y * y};  // y^0 .. y^3
    const double c[3] = {1.5, 2.25, 2.625};
    Terms t;
    for (int i = 0; i < 3; ++i) {
      const int k = i + 1;
      t.r[i] = c[i] - x + x * yk[k];
      // grad t_k = (y^k - 1, k x y^(k-1)).
      t.dr[i] = Eigen::Vector2d(yk[k] - 1.0, k * x * yk[k - 1]);
      // hess t_k = [[0, k y^(k-1)], [k y^(k-1), k (k-1) x y^(k-2)]].
      const double off = k * yk[k - 1];
      const double yy = k >= 2 ? k * (k - 1) * x * yk[k - 2] : 0.0;
      t.hr[i] << 0.0, off, off, yy;
    }
    return t;
  }
};

// ---------------------------------------------------------------------------------------------
// Himmelblau: (x^2 + y - 11)^2 + (x + y^2 - 7)^2.
class Himmelblau final : public Function2D {
 public:
  double value(const Eigen::Vector2d& p) const override {
    const double u = p.x() * p.x() + p.y() - 11.0;
    const double v = p.x() + p.y() * p.y() - 7.0;
    return u * u + v * v;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    const double x = p.x();
    const double y = p.y();
    const double u = x * x + y - 11.0;
    const double v = x + y * y - 7.0;
    return {4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v};
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
    const double x = p.x();
    const double y = p.y();
    Eigen::Matrix2d h;
    h << 12.0 * x * x + 4.0 * y - 42.0, 4.0 * (x + y),  //
        4.0 * (x + y), 12.0 * y * y + 4.0 * x - 26.0;
    return h;
  }
};

// ---------------------------------------------------------------------------------------------
// Rastrigin: sum_i x_i^2 + A (1 - cos(2 pi x_i)), i.e. 2A + sum_i (x_i^2 - A cos(2 pi x_i)).
class Rastrigin final : public Function2D {
 public:
  explicit Rastrigin(double amplitude) : a_(amplitude) {}
  double value(const Eigen::Vector2d& p) const override {
    double f = 0.0;
    for (int i = 0; i < 2; ++i) f += p[i] * p[i] + a_ * (1.0 - std::cos(2.0 * kPi * p[i]));
    return f;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    Eigen::Vector2d g;
    for (int i = 0; i < 2; ++i) g[i] = 2.0 * p[i] + 2.0 * kPi * a_ * std::sin(2.0 * kPi * p[i]);
    return g;
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
    Eigen::Matrix2d h = Eigen::Matrix2d::Zero();
    for (int i = 0; i < 2; ++i) {
      h(i, i) = 2.0 + 4.0 * kPi * kPi * a_ * std::cos(2.0 * kPi * p[i]);
    }
    return h;
  }

 private:
  double a_;
};

// ---------------------------------------------------------------------------------------------
// Ackley (a = 20, b = 0.2, c = 2 pi):
//   -a exp(-b sqrt((x^2 + y^2)/2)) - exp((cos cx + cos cy)/2) + a + e
// evaluated as -a expm1(-beta n) + (e - exp(g)) with n = |p|, beta = b / sqrt 2,
// g = (cos cx + cos cy)/2, which is exactly 0 at the origin.
class Ackley final : public Function2D {
 public:
  double value(const Eigen::Vector2d& p) const override {
    const double n = std::hypot(p.x(), p.y());
    return -kA * std::expm1(-beta() * n) + (std::exp(1.0) - std::exp(cosine_mean(p)));
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    // Cosine term T2 = -exp(g): grad = pi exp(g) (sin cx, sin cy).
    Eigen::Vector2d g(std::sin(2.0 * kPi * p.x()), std::sin(2.0 * kPi * p.y()));
    g *= kPi * std::exp(cosine_mean(p));
    const double n = std::hypot(p.x(), p.y());
    if (n > 0.0) {
      // Cone term T1(n) = -a exp(-beta n): grad = T1'(n) u, T1'(n) = a beta exp(-beta n).
      g += kA * beta() * std::exp(-beta() * n) * (p / n);
    }  // At the origin: the zero subgradient (the cosine part is zero there too).
    return g;
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
    // Cosine term: hess T2 = -exp(g) (grad g grad g^T + hess g), with
    // grad g = -pi (sin cx, sin cy), hess g = -2 pi^2 diag(cos cx, cos cy).
    const double eg = std::exp(cosine_mean(p));
    const Eigen::Vector2d dg =
        -kPi * Eigen::Vector2d(std::sin(2.0 * kPi * p.x()), std::sin(2.0 * kPi * p.y()));
    Eigen::Matrix2d hg = Eigen::Matrix2d::Zero();
    hg(0, 0) = -2.0 * kPi * kPi * std::cos(2.0 * kPi * p.x());
    hg(1, 1) = -2.0 * kPi * kPi * std::cos(2.0 * kPi * p.y());
    Eigen::Matrix2d h = -eg * (dg * dg.transpose() + hg);
    const double n = std::hypot(p.x(), p.y());
    if (n > 0.0) {
      // Cone term: hess T1 = T1''(n) u u^T + T1'(n)/n (I - u u^T),
      // T1'(n) = a beta exp(-beta n), T1''(n) = -a beta^2 exp(-beta n).
      const Eigen::Vector2d u = p / n;
      const Eigen::Matrix2d uu = u * u.transpose();
      const double d1 = kA * beta() * std::exp(-beta() * n);
      const double d2 = -beta() * d1;
      h += d2 * uu + (d1 / n) * (Eigen::Matrix2d::Identity() - uu);
    }  // At the origin: the cosine term's Hessian only, 2 pi^2 e I (see the file comment).
    return h;
  }

 private:
  static constexpr double kA = 20.0;
  static constexpr double kB = 0.2;
  static double beta() { return kB / std::sqrt(2.0); }
  static double cosine_mean(const Eigen::Vector2d& p) {
    return 0.5 * (std::cos(2.0 * kPi * p.x()) + std::cos(2.0 * kPi * p.y()));
  }
};

// ---------------------------------------------------------------------------------------------
// Quadratic 1/2 p^T A p + b^T p + c: the saddle and the rotated ill-conditioned bowl.
class Quadratic final : public Function2D {
 public:
  Quadratic(const Eigen::Matrix2d& a, const Eigen::Vector2d& b, double c) : a_(a), b_(b), c_(c) {}
  double value(const Eigen::Vector2d& p) const override {
    return 0.5 * p.dot(a_ * p) + b_.dot(p) + c_;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override { return a_ * p + b_; }
  Eigen::Matrix2d hessian(const Eigen::Vector2d&) const override { return a_; }

 private:
  Eigen::Matrix2d a_;
  Eigen::Vector2d b_;
  double c_;
};

// Booth: (x + 2y - 7)^2 + (2x + y - 5)^2 = 1/2 p^T [[10, 8], [8, 10]] p - (34, 38) p + 74.
// Evaluated from the residuals so that f(1, 3) is exactly 0.
class Booth final : public Function2D {
 public:
  double value(const Eigen::Vector2d& p) const override {
    const double r1 = p.x() + 2.0 * p.y() - 7.0;
    const double r2 = 2.0 * p.x() + p.y() - 5.0;
    return r1 * r1 + r2 * r2;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    const double r1 = p.x() + 2.0 * p.y() - 7.0;
    const double r2 = 2.0 * p.x() + p.y() - 5.0;
    return {2.0 * r1 + 4.0 * r2, 4.0 * r1 + 2.0 * r2};
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d&) const override {
    Eigen::Matrix2d h;
    h << 10.0, 8.0, 8.0, 10.0;
    return h;
  }
};

std::unique_ptr<Function2D> make_saddle() {
  Eigen::Matrix2d a;
  a << 2.0, 0.0, 0.0, -2.0;  // x^2 - y^2
  return std::make_unique<Quadratic>(a, Eigen::Vector2d::Zero(), 0.0);
}

std::unique_ptr<Function2D> make_rotated_quadratic(double condition_number, double angle_deg) {
  const double t = angle_deg * kPi / 180.0;
  const Eigen::Vector2d slow(std::cos(t), std::sin(t));   // eigenvalue 1/kappa
  const Eigen::Vector2d fast(-std::sin(t), std::cos(t));  // eigenvalue 1
  const Eigen::Matrix2d a = slow * slow.transpose() / condition_number + fast * fast.transpose();
  return std::make_unique<Quadratic>(a, Eigen::Vector2d::Zero(), 0.0);
}

// ---------------------------------------------------------------------------------------------
// Styblinski-Tang (2-D, halved): sum_i (x_i^4 - 16 x_i^2 + 5 x_i) / 2.
class StyblinskiTang final : public Function2D {
 public:
  double value(const Eigen::Vector2d& p) const override {
    double f = 0.0;
    for (int i = 0; i < 2; ++i) {
      const double x = p[i];
      f += 0.5 * (x * x * x * x - 16.0 * x * x + 5.0 * x);
    }
    return f;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    Eigen::Vector2d g;
    for (int i = 0; i < 2; ++i) g[i] = 2.0 * p[i] * p[i] * p[i] - 16.0 * p[i] + 2.5;
    return g;
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
    Eigen::Matrix2d h = Eigen::Matrix2d::Zero();
    for (int i = 0; i < 2; ++i) h(i, i) = 6.0 * p[i] * p[i] - 16.0;
    return h;
  }
};

// ---------------------------------------------------------------------------------------------
// Goldstein-Price: f = A B with
//   A = 1 + a^2 P,  a = x + y + 1,  P = 19 - 14x + 3x^2 - 14y + 6xy + 3y^2,
//   B = 30 + b^2 Q, b = 2x - 3y,    Q = 18 - 32x + 12x^2 + 48y - 36xy + 27y^2.
class GoldsteinPrice final : public Function2D {
 public:
  double value(const Eigen::Vector2d& p) const override {
    const Parts s = parts(p);
    return s.A * s.B;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    const Parts s = parts(p);
    return s.B * s.dA + s.A * s.dB;
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
    const Parts s = parts(p);
    return s.B * s.hA + s.A * s.hB + s.dA * s.dB.transpose() + s.dB * s.dA.transpose();
  }

 private:
  struct Parts {
    double A, B;
    Eigen::Vector2d dA, dB;
    Eigen::Matrix2d hA, hB;
  };
  static Parts parts(const Eigen::Vector2d& p) {
    const double x = p.x();
    const double y = p.y();
    Parts s;

    const double a = x + y + 1.0;
    const Eigen::Vector2d da(1.0, 1.0);
    const double P = 19.0 - 14.0 * x + 3.0 * x * x - 14.0 * y + 6.0 * x * y + 3.0 * y * y;
    const double Pd = -14.0 + 6.0 * x + 6.0 * y;  // dP/dx = dP/dy
    const Eigen::Vector2d dP(Pd, Pd);
    Eigen::Matrix2d hP;
    hP << 6.0, 6.0, 6.0, 6.0;
    s.A = 1.0 + a * a * P;
    s.dA = 2.0 * a * P * da + a * a * dP;
    s.hA = 2.0 * P * da * da.transpose() + 2.0 * a * (da * dP.transpose() + dP * da.transpose()) +
           a * a * hP;

    const double b = 2.0 * x - 3.0 * y;
    const Eigen::Vector2d db(2.0, -3.0);
    const double Q = 18.0 - 32.0 * x + 12.0 * x * x + 48.0 * y - 36.0 * x * y + 27.0 * y * y;
    const Eigen::Vector2d dQ(-32.0 + 24.0 * x - 36.0 * y, 48.0 - 36.0 * x + 54.0 * y);
    Eigen::Matrix2d hQ;
    hQ << 24.0, -36.0, -36.0, 54.0;
    s.B = 30.0 + b * b * Q;
    s.dB = 2.0 * b * Q * db + b * b * dQ;
    s.hB = 2.0 * Q * db * db.transpose() + 2.0 * b * (db * dQ.transpose() + dQ * db.transpose()) +
           b * b * hQ;
    return s;
  }
};

// ---------------------------------------------------------------------------------------------
// Six-hump camel: (4 - 2.1x^2 + x^4/3) x^2 + xy + (-4 + 4y^2) y^2.
class SixHumpCamel final : public Function2D {
 public:
  double value(const Eigen::Vector2d& p) const override {
    const double x2 = p.x() * p.x();
    const double y2 = p.y() * p.y();
    return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + p.x() * p.y() + (-4.0 + 4.0 * y2) * y2;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    const double x = p.x();
    const double y = p.y();
    const double x2 = x * x;
    return {8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y, x - 8.0 * y + 16.0 * y * y * y};
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
    const double x2 = p.x() * p.x();
    Eigen::Matrix2d h;
    h << 8.0 - 25.2 * x2 + 10.0 * x2 * x2, 1.0,  //
        1.0, -8.0 + 48.0 * p.y() * p.y();
    return h;
  }
};

// ---------------------------------------------------------------------------------------------
// Quartic bowl: (x^2 + y^2)^2 = |p|^4.
class Quartic final : public Function2D {
 public:
  double value(const Eigen::Vector2d& p) const override {
    const double r2 = p.squaredNorm();
    return r2 * r2;
  }
  Eigen::Vector2d gradient(const Eigen::Vector2d& p) const override {
    return 4.0 * p.squaredNorm() * p;
  }
  Eigen::Matrix2d hessian(const Eigen::Vector2d& p) const override {
    return 4.0 * p.squaredNorm() * Eigen::Matrix2d::Identity() + 8.0 * p * p.transpose();
  }
};

// ---------------------------------------------------------------------------------------------
// Reddi, Kale, Kumar's online counterexample to Adam (ICLR 2018, Section 3): round t's loss is
// f_t(x, y) = C x when t mod 3 == 1 and -x otherwise, on the feasible box [-1, 1]^2 (y plays
// no part). The rounds average to (C - 2)/3 x, minimised at x = -1 for C > 2, yet Adam with
// beta1 = 0 and beta2 = 1/(1 + C^2) forgets the rare large gradient C faster than the two
// small ones, so its net step points to +1.
class AdamCounterexample final : public Function2D {
 public:
  explicit AdamCounterexample(double c) : c_(c) {}
  void next_round() override { ++round_; }
  void visit_state(StateVisitor& v) override {
    std::int64_t round = round_;
    v.slot("round", round);
    if (round < 0) throw StateError{"round", "a round count is not negative"};
    round_ = static_cast<long>(round);
  }
  double value(const Eigen::Vector2d& p) const override { return slope() * p.x(); }
  Eigen::Vector2d gradient(const Eigen::Vector2d&) const override { return {slope(), 0.0}; }
  Eigen::Matrix2d hessian(const Eigen::Vector2d&) const override { return Eigen::Matrix2d::Zero(); }
  double average_value(const Eigen::Vector2d& p) const override { return (c_ - 2.0) / 3.0 * p.x(); }

 private:
  double slope() const { return round_ % 3 == 1 ? c_ : -1.0; }
  double c_;
  long round_ = 0;  // 0 before the first step
};

// ---------------------------------------------------------------------------------------------
// The catalog.

template <class F>
std::function<std::unique_ptr<Function2D>(const ParamValues&)> maker() {
  return [](const ParamValues&) -> std::unique_ptr<Function2D> { return std::make_unique<F>(); };
}

std::vector<FunctionInfo> build_catalog() {
  std::vector<FunctionInfo> out;
  auto add = [&out](FunctionInfo info) { out.push_back(std::move(info)); };

  {
    FunctionInfo f;
    f.name = "rosenbrock";
    f.title = "Rosenbrock";
    f.formula = "(1 - x)^2 + 100 (y - x^2)^2";
    f.description =
        "A narrow curved valley: finding it is easy, following its floor to the minimum is slow "
        "for plain gradient descent.";
    f.citation = cite("An Automatic Method for Finding the Greatest or Least Value of a Function",
                      "Rosenbrock", 1960, "The Computer Journal 3(3)");
    f.start = {-1.5, 2.0};
    f.box = {-2.0, 2.0, -1.0, 3.0};
    f.minima = {{1.0, 1.0}};
    f.minimum_value = 0.0;
    f.smooth = false;  // quartic polynomial: the Hessian grows like x^2
    f.make = maker<Rosenbrock>();
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "beale";
    f.title = "Beale";
    f.formula = "(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2";
    f.description =
        "Flat plateaus next to steep ridges and sharp corners: gradient scales vary by orders "
        "of magnitude across the plane.";
    f.citation = cite(
        "On an Iterative Method for Finding a Local Minimum of a Function of More than One "
        "Variable",
        "Beale", 1958,
        "Tech. Rep. 25, Statistical Techniques Research Group, Princeton University");
    f.start = {1.0, 1.5};
    f.box = {-4.5, 4.5, -4.5, 4.5};
    f.minima = {{3.0, 0.5}};
    f.minimum_value = 0.0;
    f.smooth = false;  // degree-8 polynomial
    f.make = maker<Beale>();
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "himmelblau";
    f.title = "Himmelblau";
    f.formula = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2";
    f.description =
        "Four equally good minima around a local maximum: which one an optimizer reaches depends "
        "on its start, step size and momentum.";
    f.citation = cite("Applied Nonlinear Programming", "Himmelblau", 1972, "McGraw-Hill");
    f.start = {-0.3, -0.6};  // near the local maximum at (-0.2708, -0.9230)
    f.box = {-5.0, 5.0, -5.0, 5.0};
    f.minima = {{3.0, 2.0},
                {-2.805118086952745, 3.131312518250573},
                {-3.779310253377747, -3.283185991286169},
                {3.584428340330492, -1.848126526964404}};
    f.minimum_value = 0.0;
    f.smooth = false;  // quartic polynomial
    f.make = maker<Himmelblau>();
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "rastrigin";
    f.title = "Rastrigin";
    f.formula = "2A + x^2 - A cos(2 pi x) + y^2 - A cos(2 pi y)";
    f.description =
        "A bowl covered in a regular grid of local minima: local methods get trapped in the "
        "nearest dimple.";
    f.citation =
        cite("Systems of Extremal Control", "Rastrigin", 1974, "Nauka, Moscow (in Russian)");
    f.start = {-2.7, 2.3};
    f.box = {-5.12, 5.12, -5.12, 5.12};
    f.minima = {{0.0, 0.0}};  // for every amplitude A >= 0
    f.minimum_value = 0.0;
    f.smooth = true;  // |Hessian| <= 2 + 4 pi^2 A everywhere
    f.params = {real("amplitude", 10.0, 0.0, 50.0,
                     "A: depth of the cosine ripples (0 leaves the plain bowl x^2 + y^2)")};
    f.make = [](const ParamValues& v) -> std::unique_ptr<Function2D> {
      return std::make_unique<Rastrigin>(v.get("amplitude"));
    };
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "ackley";
    f.title = "Ackley";
    f.formula = "-20 exp(-0.2 sqrt((x^2 + y^2)/2)) - exp((cos(2 pi x) + cos(2 pi y))/2) + 20 + e";
    f.description =
        "A nearly flat, rippled outer region around a deep funnel whose tip is a "
        "non-differentiable cone.";
    f.citation = cite("A Connectionist Machine for Genetic Hillclimbing", "Ackley", 1987,
                      "Kluwer Academic Publishers");
    f.start = {2.6, -3.4};
    f.box = {-5.0, 5.0, -5.0, 5.0};
    f.minima = {{0.0, 0.0}};
    f.minimum_value = 0.0;
    f.smooth = false;  // gradient jumps at the origin; Hessian ~ 1/|p| near it
    f.make = maker<Ackley>();
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "booth";
    f.title = "Booth";
    f.formula = "(x + 2y - 7)^2 + (2x + y - 5)^2";
    f.description =
        "A convex quadratic with a tilted valley (Hessian eigenvalues 2 and 18): the textbook "
        "case for zig-zagging gradient descent.";
    // The function is older than this survey; the survey is a standard, checkable reference
    // for its form, domain and minimum.
    f.citation =
        cite("A Literature Survey of Benchmark Functions for Global Optimization Problems",
             "Jamil, Yang", 2013, "Int. J. Mathematical Modelling and Numerical Optimisation 4(2)");
    f.start = {-6.0, 8.0};
    f.box = {-10.0, 10.0, -10.0, 10.0};
    f.minima = {{1.0, 3.0}};
    f.minimum_value = 0.0;
    f.smooth = true;  // L = 18
    f.make = maker<Booth>();
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "saddle";
    f.title = "Saddle";
    f.formula = "x^2 - y^2";
    f.description =
        "A pure saddle point: starting near the x axis, gradient descent stalls before escaping "
        "along y. Unbounded below.";
    f.citation = cite(
        "Identifying and Attacking the Saddle Point Problem in High-Dimensional Non-Convex "
        "Optimization",
        "Dauphin, Pascanu, Gulcehre, Cho, Ganguli, Bengio", 2014, "NIPS 2014");
    f.start = {-1.5, 0.01};
    f.box = {-2.0, 2.0, -2.0, 2.0};
    f.minima = {};  // unbounded below: no minimiser
    f.minimum_value = -std::numeric_limits<double>::infinity();
    f.smooth = true;  // L = 2
    f.make = [](const ParamValues&) { return make_saddle(); };
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "quadratic";
    f.title = "Ill-conditioned quadratic";
    f.formula = "1/2 p^T R diag(1/kappa, 1) R^T p, p = (x, y), R = rotation by angle";
    f.description =
        "The model problem for step sizes and momentum: the largest curvature is 1, the "
        "smallest 1/kappa, so convergence slows as kappa grows.";
    f.citation = cite("Why Momentum Really Works", "Goh", 2017, "Distill");
    f.start = {-4.0, 2.0};
    f.box = {-5.0, 5.0, -5.0, 5.0};
    f.minima = {{0.0, 0.0}};  // for every condition number and angle
    f.minimum_value = 0.0;
    f.smooth = true;  // L = 1
    f.params = {
        log_real("condition_number", 10.0, 1.0, 1e4,
                 "kappa: ratio of the largest to the smallest Hessian eigenvalue (largest is 1)"),
        real("angle", 0.0, -90.0, 90.0,
             "Direction of the low-curvature axis, degrees counter-clockwise from x")};
    f.make = [](const ParamValues& v) {
      return make_rotated_quadratic(v.get("condition_number"), v.get("angle"));
    };
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "styblinski_tang";
    f.title = "Styblinski-Tang";
    f.formula = "(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y) / 2";
    f.description =
        "Four basins of different depths: from most starts a descent method settles in a "
        "shallower local minimum, not the global one.";
    f.citation = cite(
        "Experiments in Nonconvex Optimization: Stochastic Approximation with Function Smoothing "
        "and Simulated Annealing",
        "Styblinski, Tang", 1990, "Neural Networks 3(4)");
    f.start = {4.0, 4.5};
    f.box = {-5.0, 5.0, -5.0, 5.0};
    f.minima = {{-2.903534027771177, -2.903534027771177}};
    f.minimum_value = -78.33233140754283;
    f.smooth = false;  // quartic polynomial
    f.make = maker<StyblinskiTang>();
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "goldstein_price";
    f.title = "Goldstein-Price";
    f.formula =
        "[1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)] * [30 + (2x - 3y)^2 (18 - 32x "
        "+ 12x^2 + 48y - 36xy + 27y^2)]";
    f.description =
        "Values spanning six orders of magnitude with several local minima: a stress test for "
        "step-size choice and gradient scaling.";
    f.citation = cite("On Descent from Local Minima", "Goldstein, Price", 1971,
                      "Mathematics of Computation 25(115)");
    f.start = {1.5, 1.5};
    f.box = {-2.0, 2.0, -2.0, 2.0};
    f.minima = {{0.0, -1.0}};
    f.minimum_value = 3.0;
    f.smooth = false;  // degree-8 polynomial
    f.make = maker<GoldsteinPrice>();
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "six_hump_camel";
    f.title = "Six-hump camel";
    f.formula = "(4 - 2.1x^2 + x^4/3) x^2 + xy + (-4 + 4y^2) y^2";
    f.description =
        "Six local minima, two of them global and symmetric: the start decides the basin.";
    f.citation = cite("The Global Optimisation Problem: An Introduction", "Dixon, Szegő", 1978,
                      "Towards Global Optimisation 2, North-Holland");
    f.start = {-1.0, -1.0};
    f.box = {-2.0, 2.0, -1.2, 1.2};
    f.minima = {{0.08984201310031806, -0.7126564030207396},
                {-0.08984201310031806, 0.7126564030207396}};
    f.minimum_value = -1.0316284534898774;
    f.smooth = false;  // degree-6 polynomial
    f.make = maker<SixHumpCamel>();
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "quartic";
    f.title = "Quartic bowl";
    f.formula = "(x^2 + y^2)^2";
    f.description =
        "Convex but not L-smooth: curvature grows with distance, so a fixed step that is fine "
        "nearby diverges from far away, and vanishes at the flat minimum.";
    f.citation = cite(
        "Why Gradient Clipping Accelerates Training: A Theoretical Justification for "
        "Adaptivity",
        "Zhang, He, Sra, Jadbabaie", 2020, "ICLR 2020");
    f.start = {1.5, 1.0};
    f.box = {-2.0, 2.0, -2.0, 2.0};
    f.minima = {{0.0, 0.0}};
    f.minimum_value = 0.0;
    f.smooth = false;  // Hessian 12 |p|^2 along p: unbounded
    f.make = maker<Quartic>();
    add(std::move(f));
  }
  {
    FunctionInfo f;
    f.name = "adam_counterexample";
    f.title = "Adam's online counterexample";
    f.formula = "f_t = C x if t mod 3 = 1, else -x; x, y in [-1, 1]";
    f.description =
        "An online problem: the loss changes every step. The rounds average to (C - 2)/3 x, "
        "best at x = -1, but Adam (beta1 = 0, beta2 = 1/(1 + C^2)) drifts to x = +1; AMSGrad "
        "does not. Iterates are projected onto the square; y plays no part; the loss shown is "
        "the average (C - 2)/3 x.";
    f.citation =
        cite("On the Convergence of Adam and Beyond", "Reddi, Kale, Kumar", 2018, "ICLR 2018");
    f.start = {0.0, 0.0};
    f.box = {-1.2, 1.2, -1.2, 1.2};
    f.feasible = PlotBox{-1.0, 1.0, -1.0, 1.0};
    f.online = true;
    f.minima = {{-1.0, 0.0}};      // the whole edge x = -1 (y plays no part)
    f.minimum_value = -1.0 / 3.0;  // of the average, at the default C = 3
    f.smooth = true;               // linear
    f.params = {real("c", 3.0, 2.1, 100.0,
                     "C: the large gradient of every third round; C > 2 puts the optimum at "
                     "x = -1")};
    f.make = [](const ParamValues& v) -> std::unique_ptr<Function2D> {
      return std::make_unique<AdamCounterexample>(v.get("c"));
    };
    add(std::move(f));
  }
  add(bilinear_game_info());
  add(quadratic_game_info());
  return out;
}

}  // namespace

const std::vector<FunctionInfo>& function_catalog() {
  static const std::vector<FunctionInfo> catalog = build_catalog();
  return catalog;
}

const FunctionInfo* find_function(const std::string& name) {
  for (const auto& f : function_catalog()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace descent
