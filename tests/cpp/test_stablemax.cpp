// StableMax cross-entropy (cpp/nn/loss.cpp) against the plain reference
// (tests/reference/losses/stablemax.h), and the property it exists for: on large logits,
// float32 softmax cross-entropy gives exactly zero gradient for correctly classified samples
// (softmax collapse, "Grokking at the Edge of Numerical Stability", Prieto et al., 2025,
// Sec. 3), StableMax does not. The finite-difference check through the MLP is in
// test_mlp.cpp (MlpGradient.StableMaxMatchesFiniteDifferences).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/rng.h"
#include "nn/loss.h"
#include "run/config.h"
#include "tests/reference/losses/stablemax.h"

namespace descent {
namespace {

using Eigen::MatrixXd;
using Eigen::MatrixXf;

TEST(StableMax, MatchesReferenceOnRandomLogits) {
  Rng rng(3, Stream::Data);
  const int classes = 5, batch = 40;
  MatrixXd logits(classes, batch);
  std::vector<int> labels(batch);
  for (int j = 0; j < batch; ++j) {
    // Spread from -20 to 20 so both branches of s and large margins are covered.
    for (int i = 0; i < classes; ++i) logits(i, j) = 8.0 * rng.normal();
    labels[j] = static_cast<int>(rng.below(classes));
  }
  const BasicTargets<double> t{labels.data(), nullptr};
  MatrixXd d(classes, batch);
  const double loss = nn::loss_value_and_grad<double>(LossKind::StableMax, logits, t, d);
  EXPECT_DOUBLE_EQ(nn::loss_value<double>(LossKind::StableMax, logits, t), loss);
  double expected = 0;
  std::vector<double> grad;
  for (int j = 0; j < batch; ++j) {
    std::vector<double> z(classes);
    for (int i = 0; i < classes; ++i) z[i] = logits(i, j);
    expected += reference::losses::stablemax_cross_entropy(z, labels[j], grad);
    for (int i = 0; i < classes; ++i) {
      EXPECT_NEAR(d(i, j), grad[i] / batch, 1e-14) << "sample " << j << " class " << i;
    }
  }
  EXPECT_NEAR(loss, expected / batch, 1e-12);

  // float agrees with double to float precision.
  MatrixXf d_f(classes, batch);
  const double loss_f = nn::loss_value_and_grad<float>(
      LossKind::StableMax, logits.cast<float>(), BasicTargets<float>{labels.data(), nullptr}, d_f);
  EXPECT_NEAR(loss_f, loss, 1e-5 * loss);
  EXPECT_LT((d_f.cast<double>() - d).cwiseAbs().maxCoeff(), 1e-6);
}

TEST(StableMax, HandValues) {
  // z = (1, -1, 0), label 0: s = (2, 1/2, 1), S = 3.5, p = 4/7.
  MatrixXd z(3, 1);
  z << 1, -1, 0;
  const int label[] = {0};
  MatrixXd d(3, 1);
  EXPECT_NEAR(nn::loss_value_and_grad<double>(LossKind::StableMax, z, {label, nullptr}, d),
              std::log(3.5 / 2), 1e-15);
  // dL/dz = s'(z) / S - [label] s'(z_0) / s(z_0) = (1/3.5 - 1/2, (1/4)/3.5, 1/3.5).
  EXPECT_NEAR(d(0, 0), 1 / 3.5 - 0.5, 1e-15);
  EXPECT_NEAR(d(1, 0), 0.25 / 3.5, 1e-15);
  EXPECT_NEAR(d(2, 0), 1 / 3.5, 1e-15);
  const int bad[] = {3};
  EXPECT_THROW(nn::loss_value<double>(LossKind::StableMax, z, {bad, nullptr}),
               std::invalid_argument);
  EXPECT_THROW(nn::loss_value<double>(LossKind::StableMax, z, {nullptr, nullptr}),
               std::invalid_argument);
}

// Logits of correctly classified samples scaled by `scale`, as weights growing along the
// naive-loss-minimisation direction do.
MatrixXf scaled_correct_logits(float scale) {
  MatrixXf z(4, 3);
  z << 1.0f, -0.5f, 0.2f,  //
      -0.3f, 1.2f, 0.1f,   //
      0.2f, 0.4f, 0.9f,    //
      -1.0f, 0.0f, -0.2f;
  return z * scale;  // labels 0, 1, 2 are the argmax of each column
}

TEST(StableMax, NoSoftmaxCollapseInFloat32) {
  const int labels[] = {0, 1, 2};
  const BasicTargets<float> t{labels, nullptr};
  for (float scale : {200.0f, 1000.0f}) {
    SCOPED_TRACE(scale);
    const MatrixXf z = scaled_correct_logits(scale);
    MatrixXf d_softmax(4, 3), d_stable(4, 3);
    nn::loss_value_and_grad<float>(LossKind::CrossEntropy, z, t, d_softmax);
    nn::loss_value_and_grad<float>(LossKind::StableMax, z, t, d_stable);
    // Softmax collapse: exp(z_i - z_max) underflows (to 0, or to a subnormal ~1e-39 in
    // Eigen's vectorised exp), the sum of exponentials rounds to exactly 1, and the label's
    // gradient p_label - 1 is exactly zero: these samples stop pushing their logit up.
    for (int j = 0; j < 3; ++j) {
      EXPECT_EQ(d_softmax(labels[j], j), 0.0f) << "sample " << j;
      EXPECT_LT(d_softmax.col(j).cwiseAbs().maxCoeff(), 1e-30f) << "sample " << j;
    }
    // StableMax: every sample still has a gradient of ordinary size pushing its logit up.
    for (int j = 0; j < 3; ++j) {
      EXPECT_LT(d_stable(labels[j], j), -1e-6f) << "sample " << j;
    }
  }
  // At a moderate scale both losses still have gradients (the collapse comes from the scale).
  MatrixXf d_softmax(4, 3);
  nn::loss_value_and_grad<float>(LossKind::CrossEntropy, scaled_correct_logits(5.0f), t, d_softmax);
  for (int j = 0; j < 3; ++j) EXPECT_LT(d_softmax(labels[j], j), -1e-4f) << "sample " << j;
}

TEST(StableMax, ConfigAcceptsItOnClassificationOnly) {
  const auto ok = parse_config_text(R"({"schema": 1, "problem": {"kind": "dataset",
      "name": "spiral"}, "model": {"hidden": [8], "loss": "stablemax"},
      "optimizer": {"name": "sgd"}, "steps": 10})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.config->model.spec.loss, LossKind::StableMax);
  EXPECT_EQ(to_json(*ok.config)["model"]["loss"], "stablemax");
  const auto regression = parse_config_text(R"({"schema": 1, "problem": {"kind": "dataset",
      "name": "sine"}, "model": {"hidden": [8], "loss": "stablemax"},
      "optimizer": {"name": "sgd"}, "steps": 10})");
  ASSERT_FALSE(regression.ok());
  EXPECT_EQ(regression.errors.at(0).field, "model.loss");
}

}  // namespace
}  // namespace descent
