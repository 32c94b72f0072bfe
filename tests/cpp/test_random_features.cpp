// model.random_features: only the output layer trains, from zero, so that gradient descent on
// the mse reaches the minimum-norm least-squares fit on the frozen random features (the setting
// of random-features double descent).
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include "run/config.h"
#include "run/network_problem.h"
#include "run/run.h"
#include "tests/cpp/run_rows.h"

namespace descent {
namespace {

using nlohmann::json;

json teacher_config(int width, json optimizer, int steps) {
  return {{"schema", 1},
          {"seed", 5},
          {"problem",
           {{"kind", "dataset"},
            {"name", "linear_teacher"},
            {"n", 60},
            {"dim", 20},
            {"noise", 0.5},
            {"test_fraction", 0.5}}},
          {"model",
           {{"hidden", {width}},
            {"activation", "relu"},
            {"init", "he_normal"},
            {"loss", "mse"},
            {"random_features", true}}},
          {"optimizer", std::move(optimizer)},
          {"batch_size", 0},
          {"steps", steps},
          {"eval_every", steps}};
}

using test_run::config_of;

// The frozen prefix: everything before the output layer's weight.
int frozen_size(const ParamLayout& layout) {
  return layout.tensors[layout.tensors.size() - 2].offset;
}

// The features relu(W1 x + b1) of the training inputs plus a constant column (the output
// bias), in double, from the run's frozen first layer: rows = examples.
Eigen::MatrixXd features(const descent::Run& run, NetworkProblem& problem, int width) {
  const Dataset& d = problem.data();
  const int in = d.input_dim;
  Eigen::MatrixXd f(d.n_train(), width + 1);
  for (int i = 0; i < d.n_train(); ++i) {
    for (int u = 0; u < width; ++u) {
      double z = run.params()[in * width + u];  // layer1.bias follows the weight
      for (int k = 0; k < in; ++k) {
        z += static_cast<double>(run.params()[k * width + u]) * d.x_train(k, i);
      }
      f(i, u) = z > 0 ? z : 0.0;
    }
    f(i, width) = 1.0;
  }
  return f;
}

TEST(RandomFeatures, ConfigNeedsAHiddenLayerAndRoundTrips) {
  json bad = teacher_config(8, {{"name", "sgd"}, {"lr", 0.01}}, 10);
  bad["model"]["hidden"] = json::array();
  ParsedConfig parsed = parse_config(bad);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.errors[0].field, "model.random_features");
  json wrong_type = teacher_config(8, {{"name", "sgd"}, {"lr", 0.01}}, 10);
  wrong_type["model"]["random_features"] = "yes";
  parsed = parse_config(wrong_type);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.errors[0].field, "model.random_features");
  const RunConfig c = config_of(teacher_config(8, {{"name", "sgd"}, {"lr", 0.01}}, 10));
  EXPECT_TRUE(c.model.random_features);
  EXPECT_EQ(to_json(c)["model"]["random_features"], true);
  EXPECT_FALSE(config_of(json{{"schema", 1},
                              {"problem", {{"kind", "dataset"}, {"name", "sine"}}},
                              {"optimizer", {{"name", "sgd"}}}})
                   .model.random_features);
}

TEST(RandomFeatures, HiddenLayersNeverMoveAndTheOutputLayerStartsAtZero) {
  // AdamW's decoupled weight decay would shrink every parameter; the frozen ones must not move.
  descent::Run run(
      config_of(teacher_config(12, {{"name", "adamw"}, {"lr", 0.05}, {"weight_decay", 0.1}}, 200)));
  const int frozen = frozen_size(run.problem().layout());
  const Vec start = run.params();
  EXPECT_TRUE(start.tail(start.size() - frozen).isZero());
  EXPECT_FALSE(start.head(frozen).isZero());
  const double first_loss = run.take_metrics().front().loss;
  run.step(200);
  ASSERT_EQ(run.status(), RunStatus::Ok) << run.message();
  EXPECT_EQ(run.params().head(frozen), start.head(frozen));
  EXPECT_FALSE(run.params().tail(start.size() - frozen).isZero());
  EXPECT_LT(run.take_metrics().back().loss, 0.7 * first_loss);
  // The objective the optimizer sees has no gradient and no curvature on the frozen part.
  Vec grad = Vec::Zero(start.size()), hv = Vec::Zero(start.size());
  run.problem().value_and_grad(run.params(), grad);
  EXPECT_TRUE(grad.head(frozen).isZero());
  EXPECT_GT(grad.tail(start.size() - frozen).norm(), 0.0f);
  const Vec v = Vec::Ones(start.size());
  run.problem().hvp(run.params(), v, hv);
  EXPECT_TRUE(hv.head(frozen).isZero());
  // P H P v: only v's trained part acts.
  Vec v_trained = v;
  v_trained.head(frozen).setZero();
  Vec hv_trained = Vec::Zero(start.size());
  run.problem().hvp(run.params(), v_trained, hv_trained);
  EXPECT_EQ(hv, hv_trained);
}

// The defining property: gradient descent from zero on the output layer converges to the
// minimum-norm least-squares solution pinv(F) y, both below (width 10 < 30 examples: the
// unique least-squares fit) and above the interpolation threshold (width 200: the minimum-norm
// interpolant, which plain least squares does not single out). Widths away from the threshold
// keep F well conditioned, so that 3000 steps converge.
TEST(RandomFeatures, GradientDescentFromZeroReachesTheMinimumNormFit) {
  for (int width : {10, 200}) {
    SCOPED_TRACE(width);
    descent::Run run(config_of(teacher_config(
        width, {{"name", "sgd"}, {"lr", 0.5 / width}, {"momentum", 0.9}, {"nesterov", true}},
        3000)));
    auto& problem = static_cast<NetworkProblem&>(run.problem());
    run.step(3000);
    ASSERT_EQ(run.status(), RunStatus::Ok) << run.message();
    const Eigen::MatrixXd f = features(run, problem, width);
    const Eigen::VectorXd y = problem.data().y_train.row(0).cast<double>().transpose();
    const Eigen::VectorXd expected = f.completeOrthogonalDecomposition().solve(y);
    const int frozen = frozen_size(problem.layout());
    const Eigen::VectorXd got = run.params().tail(width + 1).cast<double>();
    ASSERT_EQ(frozen + width + 1, problem.layout().size);
    EXPECT_LT((got - expected).norm(), 1e-3 * expected.norm())
        << "got " << got.norm() << " expected " << expected.norm();
    if (width > 30) {
      // Interpolates; and it is the minimum-norm interpolant: adding any null-space direction
      // of F would only lengthen it, so it is orthogonal to F's null space.
      EXPECT_LT((f * got - y).norm(), 1e-2 * y.norm());
      const Eigen::MatrixXd null_space = f.fullPivLu().kernel();  // columns spanning {a : F a = 0}
      EXPECT_LT((null_space.transpose() * got).norm(), 1e-2 * got.norm());
    }
  }
}

}  // namespace
}  // namespace descent
