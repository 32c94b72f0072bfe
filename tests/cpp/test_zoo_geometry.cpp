// The geometry family (Muon, spectral descent, Shampoo): each catalog optimizer against its
// plain reference (tests/reference/geometry/) on the 2-8-8-3 network, whose weight matrices
// are 8x2 (tall), 8x8 and 3x8 (wide), and on a 2-D function; then the defining property of
// each, checked with Eigen's SVD on updates computed from random gradients.
//
// Tolerances: 1e-4 relative everywhere (float32 core against double references, 50-100
// steps). The core's Newton-Schulz runs in float32, its eigendecompositions in double; the
// largest deviations seen are 5e-6 (Muon), 1e-5 (spectral descent, whose damped polar factor
// still amplifies float32 gradient noise in directions of small singular values) and 4e-7
// (Shampoo).
#include <Eigen/SVD>
#include <map>
#include <string>

#include "tests/cpp/zoo_direct.h"
#include "tests/reference/geometry/muon.h"
#include "tests/reference/geometry/scaled_gd.h"
#include "tests/reference/geometry/shampoo.h"
#include "tests/reference/geometry/spectral_descent.h"

namespace descent {
namespace {

// ---------------------------------------------------------------------------------------------
// Driving a catalog optimizer directly, with gradients chosen by the test.

class FixedGradient final : public Objective {
 public:
  Vec gradient;
  double value_and_grad(ConstVecRef, VecRef grad) override {
    grad = gradient;
    return 1.0;
  }
  double value(ConstVecRef) override { return 1.0; }
};

using zoo::Direct;

ParamLayout test_layout() {
  ParamLayout l;
  l.add("square.weight", 8, 8, TensorRole::Weight);
  l.add("tall.weight", 16, 5, TensorRole::Weight);
  l.add("wide.weight", 5, 16, TensorRole::Weight);
  l.add("narrow.weight", 8, 2, TensorRole::Weight);
  l.add("bias", 8, 1, TensorRole::Bias);
  return l;
}

Vec random_vector(int n, Rng& rng) {
  Vec v(n);
  for (int i = 0; i < n; ++i) v[i] = static_cast<Scalar>(rng.normal());
  return v;
}

Eigen::VectorXd singular_values(const Vec& flat, const TensorSlice& t) {
  Eigen::MatrixXd m = ConstMatMap(flat.data() + t.offset, t.rows, t.cols).cast<double>();
  return Eigen::JacobiSVD<Eigen::MatrixXd>(m).singularValues();
}

Eigen::MatrixXd tensor(const Vec& flat, const TensorSlice& t) {
  return ConstMatMap(flat.data() + t.offset, t.rows, t.cols).cast<double>();
}

// ---------------------------------------------------------------------------------------------
// Muon

TEST(ZooGeometry, MuonMatchesItsReference) {
  {
    reference::Muon::Options o;
    reference::Muon ref(o);
    auto r = zoo::compare(zoo::network(), {{"name", "muon"}}, ref, 60);
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "defaults";
  }
  {
    reference::Muon::Options o;
    o.lr = 0.05;
    o.nesterov = false;
    o.momentum = 0.9;
    o.weight_decay = 0.1;
    o.adam_lr = 0.01;
    reference::Muon ref(o);
    auto r = zoo::compare(zoo::network(),
                          {{"name", "muon"},
                           {"lr", 0.05},
                           {"nesterov", false},
                           {"momentum", 0.9},
                           {"weight_decay", 0.1},
                           {"adam_lr", 0.01}},
                          ref, 60, {{"schedule", {{"name", "cosine"}}}});
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "heavy ball, decay, cosine schedule";
  }
  {
    // A 2-D function has no matrix: Muon is its auxiliary Adam there.
    reference::Muon::Options o;
    o.adam_lr = 0.02;
    reference::Muon ref(o);
    auto r = zoo::compare(zoo::rosenbrock(), {{"name", "muon"}, {"adam_lr", 0.02}}, ref, 100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "rosenbrock";
  }
}

// The update of every weight matrix is lr sqrt(max(1, rows/cols)) times an approximately
// orthogonal matrix. The quintic p(s) = 3.4445 s - 4.7750 s^3 + 2.0315 s^5 applied 5 times
// maps every s in [0.0015, 1] into [0.681, 1.203] (computed from p itself), so all singular
// values lie in [0.68, 1.21] once the normalised input has none below 0.0015, which the
// Gaussian gradients here satisfy (checked).
TEST(ZooGeometry, MuonUpdatesHaveSingularValuesNearOne) {
  const double lr = 0.02;
  Direct d("muon", {}, test_layout());
  Rng rng(11, Stream::Data);
  FixedGradient objective;
  for (int step = 1; step <= 5; ++step) {
    objective.gradient = random_vector(d.layout.size, rng);
    for (const auto& t : d.layout.tensors) {
      if (!t.is_matrix()) continue;
      const Eigen::VectorXd s = singular_values(objective.gradient, t);
      ASSERT_GT(s.minCoeff() / s.norm(), 0.0015) << t.name;
    }
    d.step(objective, lr);
    for (const auto& t : d.layout.tensors) {
      if (!t.is_matrix()) {
        // The bias follows the auxiliary Adam: on the first step every entry moves by adam_lr.
        if (step == 1) {
          for (int i = 0; i < t.size(); ++i) {
            EXPECT_NEAR(std::abs(d.update[t.offset + i]), 3e-4, 1e-9);
          }
        }
        continue;
      }
      const double scale = std::sqrt(std::max(1.0, static_cast<double>(t.rows) / t.cols));
      const Eigen::VectorXd s = singular_values(d.update, t) / (lr * scale);
      EXPECT_EQ(s.size(), std::min(t.rows, t.cols));
      EXPECT_GE(s.minCoeff(), 0.68) << t.name << " step " << step;
      EXPECT_LE(s.maxCoeff(), 1.21) << t.name << " step " << step;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Spectral descent

TEST(ZooGeometry, SpectralDescentMatchesItsReference) {
  for (const std::string scale : {"global", "layer", "none"}) {
    const double lr = scale == "layer" ? 0.05 : 0.01;
    reference::SpectralDescent ref(scale);
    auto r = zoo::compare(zoo::network(),
                          {{"name", "spectral_descent"}, {"lr", lr}, {"scale", scale}}, ref, 60);
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << scale;
  }
  {
    // One vector tensor: gradient descent.
    reference::SpectralDescent ref("global");
    auto r = zoo::compare(zoo::booth(), {{"name", "spectral_descent"}, {"lr", 0.05}}, ref, 100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "booth";
  }
}

// Steepest descent under the spectral norm: with scale "layer", each matrix's update D has all
// its singular values equal to lr ||G||_* (D = -lr ||G||_* U V^T), so <G, D> = -lr ||G||_*^2,
// and no direction T of the same spectral norm decreases the linear model more:
// <G, T> >= <G, D>. With "global", every tensor's update has spectral norm lr sum_k ||G_k||_*.
TEST(ZooGeometry, SpectralDescentStepsAreSteepestUnderTheSpectralNorm) {
  const double lr = 0.1;
  Rng rng(12, Stream::Data);
  FixedGradient objective;
  objective.gradient = random_vector(test_layout().size, rng);
  // eps 1e-6: no damping to speak of for the singular values of a Gaussian gradient.
  Direct layer("spectral_descent", {{"lr", lr}, {"eps", 1e-6}}, test_layout(),
               {{"scale", "layer"}});
  layer.step(objective, lr);
  Direct global("spectral_descent", {{"lr", lr}, {"eps", 1e-6}}, test_layout(),
                {{"scale", "global"}});
  global.step(objective, lr);
  double total_nuclear = 0;
  for (const auto& t : layer.layout.tensors) {
    total_nuclear += singular_values(objective.gradient, t).sum();
  }
  for (const auto& t : layer.layout.tensors) {
    const Eigen::MatrixXd g = tensor(objective.gradient, t);
    const Eigen::MatrixXd dm = tensor(layer.update, t);
    const double nuclear = singular_values(objective.gradient, t).sum();
    const Eigen::VectorXd s = singular_values(layer.update, t);
    for (int i = 0; i < s.size(); ++i)
      EXPECT_NEAR(s[i], lr * nuclear, 1e-5 * lr * nuclear) << t.name;
    const double descent = (g.array() * dm.array()).sum();
    EXPECT_NEAR(descent, -lr * nuclear * nuclear, 1e-5 * lr * nuclear * nuclear) << t.name;
    for (int k = 0; k < 50; ++k) {
      Eigen::MatrixXd other = tensor(random_vector(layer.layout.size, rng), t);
      other *= s.maxCoeff() / Eigen::JacobiSVD<Eigen::MatrixXd>(other).singularValues()(0);
      EXPECT_GE((g.array() * other.array()).sum(), descent * (1 + 1e-6)) << t.name;
    }
    EXPECT_NEAR(singular_values(global.update, t).maxCoeff(), lr * total_nuclear,
                1e-5 * lr * total_nuclear)
        << t.name;
  }
}

// ---------------------------------------------------------------------------------------------
// Shampoo

TEST(ZooGeometry, ShampooMatchesItsReference) {
  {
    reference::Shampoo ref(1e-4, 1, 512);
    auto r = zoo::compare(zoo::network(), {{"name", "shampoo"}, {"lr", 0.05}}, ref, 60);
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "defaults";
  }
  {
    // Roots every 3 steps; sides longer than 4 (the 8s) keep only their diagonal.
    reference::Shampoo ref(1e-3, 3, 4);
    auto r = zoo::compare(
        zoo::network(),
        {{"name", "shampoo"}, {"lr", 0.05}, {"eps", 1e-3}, {"update_interval", 3}, {"max_dim", 4}},
        ref, 60);
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "interval 3, max_dim 4";
  }
  {
    // A 2-D point is a vector: full-matrix AdaGrad.
    reference::Shampoo ref(1e-4, 1, 512);
    auto r = zoo::compare(zoo::rosenbrock(), {{"name", "shampoo"}, {"lr", 0.1}}, ref, 100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "rosenbrock";
  }
}

// After one gradient G (eps -> 0), L^{-1/4} G R^{-1/4} = U S (S^2 + eps)^{-1/2} V^T ~ U V^T:
// the first update of every matrix is -lr times a semi-orthogonal matrix, and a vector's is
// -lr g / ||g||. The same gradient again doubles L and R, so the second update's singular
// values are 1/sqrt(2) as large (AdaGrad's 1/sqrt(t)).
TEST(ZooGeometry, ShampooWhitensTheGradient) {
  const double lr = 0.1;
  Rng rng(13, Stream::Data);
  FixedGradient objective;
  objective.gradient = random_vector(test_layout().size, rng);
  Direct d("shampoo", {{"lr", lr}, {"eps", 1e-12}}, test_layout());
  for (int step = 1; step <= 2; ++step) {
    d.step(objective, lr);
    const double expected = lr / std::sqrt(static_cast<double>(step));
    for (const auto& t : d.layout.tensors) {
      const Eigen::VectorXd s = singular_values(d.update, t);
      EXPECT_NEAR(s.minCoeff(), expected, 1e-4 * expected) << t.name << " step " << step;
      EXPECT_NEAR(s.maxCoeff(), expected, 1e-4 * expected) << t.name << " step " << step;
      if (!t.is_matrix()) {
        const Eigen::MatrixXd g = tensor(objective.gradient, t);
        const Eigen::MatrixXd u = tensor(d.update, t);
        EXPECT_LT((u + expected * g / g.norm()).norm(), 1e-4 * expected) << t.name;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// ScaledGD

TEST(ZooGeometry, ScaledGdMatchesItsReference) {
  {
    reference::ScaledGd ref(0.1);
    auto r = zoo::compare(zoo::network(), {{"name", "scaled_gd"}, {"lr", 0.05}}, ref, 60);
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "defaults";
  }
  {
    reference::ScaledGd ref(0.5);
    auto r = zoo::compare(zoo::network(), {{"name", "scaled_gd"}, {"lr", 0.2}, {"lambda", 0.5}},
                          ref, 60, {{"schedule", {{"name", "cosine"}}}});
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "lambda 0.5, cosine schedule";
  }
  {
    // A 2-D point is a vector: plain gradient descent.
    reference::ScaledGd ref(0.1);
    auto r = zoo::compare(zoo::rosenbrock(), {{"name", "scaled_gd"}, {"lr", 1e-3}}, ref, 100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "rosenbrock";
  }
}

// The preconditioner makes the step blind to the factor's scaling: for a loss of X = U U^T
// with gradient G = M U (M symmetric), the first-order change of X, U D^T + D U^T with
// D = G (U^T U)^{-1}, is M P + P M, P the projector onto U's columns, whatever U's singular
// values. Two factors with the same columns but singular values (1, 0.03) and (1, 1) must
// then move X alike; gradient descent (D = G) moves the small direction ~1000x less.
TEST(ZooGeometry, ScaledGdMovesXIndependentlyOfTheFactorsSingularValues) {
  ParamLayout layout;
  layout.add("factor.weight", 6, 2, TensorRole::Weight);
  Rng rng(3, Stream::Data);
  Eigen::MatrixXd basis = Eigen::MatrixXd::Zero(6, 2);
  for (int i = 0; i < 6; ++i) basis(i, 0) = rng.normal(), basis(i, 1) = rng.normal();
  basis.col(0).normalize();
  basis.col(1) -= basis.col(0).dot(basis.col(1)) * basis.col(0);
  basis.col(1).normalize();
  Eigen::MatrixXd m(6, 6);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) m(i, j) = rng.normal();
  m = (m + m.transpose()).eval();
  auto change_of_x = [&](const std::string& name, double small) {
    const Eigen::MatrixXd u = basis * Eigen::Vector2d(1.0, small).asDiagonal();
    FixedGradient objective;
    objective.gradient =
        Eigen::Map<const Eigen::VectorXd>((m * u).eval().data(), 12).cast<Scalar>();
    std::map<std::string, double> numbers = {{"lr", 1.0}};
    if (name == "scaled_gd") numbers["lambda"] = 1e-8;
    Direct d(name, numbers, layout);
    d.params = Eigen::Map<const Eigen::VectorXd>(u.data(), 12).cast<Scalar>();
    d.step(objective, 1.0);
    const Eigen::MatrixXd step = -tensor(d.update, layout.tensors[0]);  // D = G (U^T U)^-1
    const Eigen::MatrixXd uf = tensor(d.params - d.update, layout.tensors[0]);
    return (uf * step.transpose() + step * uf.transpose()).eval();
  };
  const Eigen::MatrixXd projector = basis * basis.transpose();
  const Eigen::MatrixXd expected = m * projector + projector * m;
  for (const double small : {0.03, 1.0}) {
    const Eigen::MatrixXd dx = change_of_x("scaled_gd", small);
    EXPECT_LT((dx - expected).norm(), 1e-3 * expected.norm()) << "small singular value " << small;
  }
  const Eigen::MatrixXd gd_small = change_of_x("sgd", 0.03);
  const Eigen::MatrixXd gd_equal = change_of_x("sgd", 1.0);
  EXPECT_GT((gd_small - gd_equal).norm(), 0.1 * gd_equal.norm());
}

}  // namespace
}  // namespace descent
