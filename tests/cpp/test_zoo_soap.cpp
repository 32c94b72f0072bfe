// SOAP (geometry family) against its plain reference (tests/reference/geometry/soap.h) on a
// 2-D function, a network and a problem of weight matrices, and its defining property: Adam in
// Shampoo's eigenbasis, so that for a steady gradient G = U S V^T its update is -lr U V^T
// (all singular values lr), where Adam's own is -lr sign(G).
//
// Tolerance 1e-4 relative (float32 core, double reference). SOAP's update depends on the
// basis chosen inside a repeated eigenvalue (Adam is not rotation invariant), and the first
// statistics G G^T of an m x n gradient have a null space of dimension |m - n|; the lockstep
// problems therefore use matrices with |m - n| <= 1 (a null space of dimension 1 has a single
// direction, up to a sign that the update does not see). The 2-8-8-3 network's 8 x 2 layer
// would leave a 6-dimensional null space whose basis is arbitrary in any implementation.
#include <Eigen/SVD>
#include <cstdio>
#include <cstdlib>

#include "tests/cpp/zoo_harness.h"
#include "tests/cpp/zoo_matrices.h"
#include "tests/reference/geometry/soap.h"

namespace descent {
namespace {

using json = nlohmann::json;

// A 2-3-3-1 logistic network: square-ish weight matrices and no exact null direction. (With a
// softmax output every gradient of the last layer has zero column sums, so SOAP's second
// moment along that direction is pure float rounding noise and its O(lr) step there, which
// does not change the loss, differs between any two implementations.)
zoo::Problem square_network() {
  zoo::Problem p = zoo::network();
  p.name = "network-3x3";
  p.fragment["problem"]["classes"] = 2;
  p.fragment["model"]["hidden"] = {3, 3};
  p.fragment["model"]["loss"] = "logistic";
  return p;
}

ParamLayout near_square_layout() {
  ParamLayout l;
  l.add("a.weight", 6, 6, TensorRole::Weight);
  l.add("b.weight", 5, 4, TensorRole::Weight);
  l.add("c.weight", 3, 4, TensorRole::Weight);
  l.add("c.bias", 3, 1, TensorRole::Bias);
  return l;
}

using zoo::expect_lockstep;

TEST(ZooSoap, MatchesItsReference) {
  reference::Soap r1(0.95, 0.95, -1, 1e-8, 0.01, 10);
  expect_lockstep(zoo::rosenbrock(), {{"name", "soap"}, {"lr", 0.02}}, r1, 80);
  reference::Soap r2(0.95, 0.95, -1, 1e-8, 0.01, 10);
  expect_lockstep(square_network(), {{"name", "soap"}, {"lr", 0.01}}, r2, 60);
  reference::Soap r3(0.9, 0.99, 0.8, 1e-8, 0.0, 3);
  expect_lockstep(square_network(),
                  {{"name", "soap"},
                   {"lr", 0.01},
                   {"beta1", 0.9},
                   {"beta2", 0.99},
                   {"shampoo_beta", 0.8},
                   {"weight_decay", 0.0},
                   {"precondition_frequency", 3}},
                  r3, 60);
  reference::Soap r4(0.95, 0.95, -1, 1e-8, 0.01, 5);
  const double dev = zoo::compare_on_matrices("soap", {{"precondition_frequency", 5}}, r4, 60, 0.01,
                                              near_square_layout());
  std::printf("soap matrices: %.3g\n", dev);
  EXPECT_LT(dev, 1e-4) << "matrices";
}

// The eigenbasis refresh matters: a reference that never refreshes it is told apart.
TEST(ZooSoap, AReferenceWithoutRefreshIsCaught) {
  reference::Soap stale(0.95, 0.95, -1, 1e-8, 0.01, 1000);
  const double dev = zoo::compare_on_matrices("soap", {{"precondition_frequency", 5}}, stale, 60,
                                              0.01, near_square_layout());
  EXPECT_GT(dev, 1e-3);
}

class FixedGradient final : public Objective {
 public:
  Vec gradient;
  double value_and_grad(ConstVecRef, VecRef grad) override {
    grad = gradient;
    return 1.0;
  }
  double value(ConstVecRef) override { return 1.0; }
};

// Steady gradient G = U S V^T: the first step only sets the bases (no move); after it, every
// matrix's update is -lr U V^T (Adam normalises each coordinate of the diagonal S in the
// eigenbasis), and every vector's is Adam's -lr sign(g).
TEST(ZooSoap, StepsAlongTheOrthogonalFactorOfASteadyGradient) {
  ParamLayout layout;
  layout.add("square.weight", 5, 5, TensorRole::Weight);
  layout.add("tall.weight", 7, 3, TensorRole::Weight);
  layout.add("wide.weight", 2, 6, TensorRole::Weight);
  layout.add("bias", 4, 1, TensorRole::Bias);
  const OptimizerInfo* info = find_optimizer("soap");
  ASSERT_NE(info, nullptr);
  ParamValues given;
  given.numbers = {{"weight_decay", 0.0}, {"eps", 1e-12}};
  auto opt = info->make(with_defaults(info->params, given));
  opt->init(layout);
  FixedGradient f;
  Rng rng(11, Stream::Probe);
  f.gradient.resize(layout.size);
  for (int k = 0; k < layout.size; ++k) f.gradient[k] = static_cast<Scalar>(rng.normal());
  Vec x = Vec::Zero(layout.size), u(layout.size);
  const double lr = 0.01;
  for (int t = 1; t <= 3; ++t) {
    StepContext ctx;
    ctx.step = t;
    ctx.lr = lr;
    ctx.layout = &layout;
    opt->step(f, x, u, ctx);
    if (t == 1) {
      EXPECT_EQ(u.cwiseAbs().maxCoeff(), 0.0f) << "the first step does not move";
      continue;
    }
    for (const auto& tensor : layout.tensors) {
      const Eigen::MatrixXd g =
          ConstMatMap(f.gradient.data() + tensor.offset, tensor.rows, tensor.cols).cast<double>();
      const Eigen::MatrixXd d =
          ConstMatMap(u.data() + tensor.offset, tensor.rows, tensor.cols).cast<double>();
      if (tensor.cols == 1) {
        for (int i = 0; i < tensor.rows; ++i)
          EXPECT_NEAR(d(i, 0), -lr * (g(i, 0) > 0 ? 1 : -1), 1e-5) << tensor.name;
        continue;
      }
      Eigen::JacobiSVD<Eigen::MatrixXd> svd(g, Eigen::ComputeThinU | Eigen::ComputeThinV);
      const Eigen::MatrixXd polar = svd.matrixU() * svd.matrixV().transpose();
      EXPECT_LT((d + lr * polar).cwiseAbs().maxCoeff(), 1e-3 * lr) << tensor.name << " step " << t;
      // Not Adam's sign step.
      EXPECT_GT((d + lr * g.array().sign().matrix()).cwiseAbs().maxCoeff(), 0.1 * lr);
    }
  }
}

}  // namespace
}  // namespace descent
