// Per-example gradients and differentially private training (run/privacy.h):
// - the MLP's per-example gradient norms (the dense layers' outer-product identity) and its
//   clipped mean against a loop of single-example gradients through loss_and_grad, in float32
//   and float64, for several architectures and losses;
// - DP-SGD ("Deep Learning with Differential Privacy", Abadi et al., 2016) and DiceSGD's error
//   feedback ("Differentially Private SGD Without Clipping Bias: An Error-Feedback Approach",
//   Zhang et al., ICLR 2024) against the plain implementation in tests/reference/privacy/,
//   bit-close in double from the core's pieces, and through whole runs;
// - the defining properties: without noise DP-SGD's step has norm at most C; error feedback
//   releases, summed over the steps, the unclipped gradients less the error it still holds;
// - the transforms "dp_sgd" and "dice_sgd": validation with field names, refusals, and resume.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "nn/mlp.h"
#include "run/config.h"
#include "run/network_problem.h"
#include "run/privacy.h"
#include "run/run.h"
#include "tests/cpp/run_rows.h"
#include "tests/reference/privacy/dp_sgd.h"

namespace descent {
namespace {

using nlohmann::json;

struct Case {
  const char* name;
  std::vector<int> hidden;
  Activation activation;
  bool residual;
  LossKind loss;
  int outputs;
};

const Case kCases[] = {
    {"tanh, cross-entropy", {5}, Activation::Tanh, false, LossKind::CrossEntropy, 3},
    {"relu residual, mse", {6, 6}, Activation::Relu, true, LossKind::Mse, 2},
    {"linear, logistic", {}, Activation::Tanh, false, LossKind::Logistic, 2},
};

constexpr int kIn = 4, kBatch = 7;

// A batch with its targets and parameters for a case, drawn from a fixed stream.
template <class S>
struct Fixture {
  BasicMlp<S> mlp;
  nn::MatX<S> x, y;
  std::vector<int> labels;
  nn::VecX<S> params;
  explicit Fixture(const Case& c)
      : mlp(kIn, c.outputs,
            ModelSpec{c.hidden, c.activation, InitScheme::XavierUniform, 1.0, false, c.residual,
                      c.loss}) {
    Rng rng(11, Stream::Data);
    x.resize(kIn, kBatch);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<S>(rng.normal());
    y.resize(mlp.output_dim(), kBatch);
    for (Eigen::Index i = 0; i < y.size(); ++i) y.data()[i] = static_cast<S>(rng.normal());
    for (int j = 0; j < kBatch; ++j) labels.push_back(j % c.outputs);
    params.resize(mlp.num_params());
    mlp.init_params(params, rng);
    for (Eigen::Index i = 0; i < params.size(); ++i)
      params[i] += static_cast<S>(0.3 * rng.normal());
  }
  BasicTargets<S> targets(int first = 0) {
    BasicTargets<S> t;
    t.labels = labels.data() + first;
    t.values = &y;
    return t;
  }
  // Example j's gradient alone: a batch of that one column through loss_and_grad.
  nn::VecX<S> single(int j) {
    nn::VecX<S> g(mlp.num_params());
    nn::MatX<S> yj = y.col(j);
    BasicTargets<S> t;
    t.labels = labels.data() + j;
    t.values = &yj;
    mlp.loss_and_grad(params, x.col(j), t, g);
    return g;
  }
};

template <class S>
void check_against_single_examples(double tolerance) {
  for (const Case& c : kCases) {
    Fixture<S> f(c);
    nn::VecX<S> mean(f.mlp.num_params()), clipped(f.mlp.num_params());
    Eigen::VectorXd norms;
    f.mlp.per_example_grad_norms(f.params, f.x, f.targets(), mean, norms);
    ASSERT_EQ(norms.size(), kBatch);
    std::vector<double> singles;
    for (int j = 0; j < kBatch; ++j) singles.push_back(f.single(j).template cast<double>().norm());
    // A clip between the smallest and the largest norm, so that some are clipped.
    std::vector<double> sorted = singles;
    std::sort(sorted.begin(), sorted.end());
    const double clip = 0.5 * (sorted[1] + sorted[kBatch - 2]);
    Eigen::VectorXd expected = Eigen::VectorXd::Zero(f.mlp.num_params());
    for (int j = 0; j < kBatch; ++j) {
      EXPECT_NEAR(norms[j], singles[j], tolerance * singles[j]) << c.name << " example " << j;
      expected += f.single(j).template cast<double>() * std::min(1.0, clip / singles[j]) / kBatch;
    }
    Eigen::VectorXd norms2;
    f.mlp.clipped_loss_and_grad(f.params, f.x, f.targets(), clip, mean, clipped, norms2);
    const double scale = expected.norm();
    EXPECT_LT((clipped.template cast<double>() - expected).norm(), tolerance * scale) << c.name;
    EXPECT_LT(clipped.template cast<double>().norm(), clip * (1 + tolerance)) << c.name;
  }
}

TEST(PerExampleGradients, NormsAndClippedMeanMatchSingleExampleGradientsInDouble) {
  check_against_single_examples<double>(1e-12);
}

TEST(PerExampleGradients, NormsAndClippedMeanMatchSingleExampleGradientsInFloat32) {
  check_against_single_examples<float>(2e-5);
}

TEST(PerExampleGradients, RefusedWithLayerNorm) {
  ModelSpec spec;
  spec.hidden = {4};
  spec.layer_norm = true;
  BasicMlp<double> mlp(2, 2, spec);
  EXPECT_FALSE(mlp.has_per_example_gradients());
  Eigen::VectorXd p = Eigen::VectorXd::Zero(mlp.num_params()), g = p, norms;
  Eigen::MatrixXd x = Eigen::MatrixXd::Ones(2, 3);
  std::vector<int> labels = {0, 1, 0};
  BasicTargets<double> t;
  t.labels = labels.data();
  EXPECT_THROW(mlp.per_example_grad_norms(p, x, t, g, norms), std::invalid_argument);
}

// The reference's tiny net and the core's, on the same batch and start.
struct Lockstep {
  static constexpr int kIn = 3, kHidden = 4, kClasses = 3, kN = 10;
  reference::TinyNet net{kIn, kHidden, kClasses};
  BasicMlp<double> mlp{kIn, kClasses, ModelSpec{{kHidden}}};
  Eigen::MatrixXd x;
  std::vector<int> labels;
  Eigen::VectorXd start;
  Lockstep() : x(kIn, kN) {
    Rng rng(3, Stream::Data);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = 2 * rng.normal();
    for (int j = 0; j < kN; ++j) labels.push_back((j * 7) % kClasses);
    start.resize(mlp.num_params());
    mlp.init_params(start, rng);
  }
};

void check_lockstep(double sigma, bool feedback) {
  Lockstep s;
  constexpr double kClip = 0.4, kFeedbackClip = 0.25, kLr = 0.5;
  constexpr std::uint32_t kSeed = 9;
  PrivacyConfig config{kClip, sigma, feedback, kFeedbackClip};
  PrivateGradient release(config, kSeed, s.mlp.num_params());
  std::vector<double> xs(s.x.data(), s.x.data() + s.x.size());
  reference::DpSgdReference ref(s.net, {s.start.data(), s.start.data() + s.start.size()}, kClip,
                                sigma, feedback, kFeedbackClip, kLr, kSeed);
  Eigen::VectorXd theta = s.start, mean(theta.size()), clipped(theta.size()), norms;
  BasicTargets<double> t;
  t.labels = s.labels.data();
  for (int step = 1; step <= 8; ++step) {
    s.mlp.clipped_loss_and_grad(theta, s.x, t, kClip, mean, clipped, norms);
    release.release(clipped, mean, Lockstep::kN);
    theta -= kLr * clipped;
    ref.step(xs, s.labels);
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
      ASSERT_NEAR(theta[i], ref.theta[i], 1e-12 * (1 + std::abs(ref.theta[i])))
          << "step " << step << " coordinate " << i;
      if (feedback) {
        ASSERT_NEAR(release.error()[i], ref.error[i], 1e-12);
      }
    }
  }
}

TEST(DpSgd, MatchesThePlainReferenceInDouble) { check_lockstep(0.7, false); }
TEST(DpSgd, ErrorFeedbackMatchesThePlainReferenceInDouble) { check_lockstep(0.7, true); }
TEST(DpSgd, ErrorFeedbackWithoutNoiseMatchesThePlainReferenceInDouble) {
  check_lockstep(0.0, true);
}

json private_config(double sigma, bool feedback, bool float64) {
  json j = {
      {"schema", 1},
      {"seed", 4},
      {"problem",
       {{"kind", "dataset"}, {"name", "blobs"}, {"n", 30}, {"classes", 3}, {"test_fraction", 0.2}}},
      {"model", {{"hidden", {5}}, {"activation", "tanh"}}},
      {"optimizer", {{"name", "sgd"}, {"lr", 0.3}}},
      {"steps", 12}};
  j["transforms"] = {feedback
                         ? json{{"name", "dice_sgd"},
                                {"clip", 0.3},
                                {"feedback_clip", 0.2},
                                {"noise_multiplier", sigma}}
                         : json{{"name", "dp_sgd"}, {"clip", 0.3}, {"noise_multiplier", sigma}}};
  if (float64) j["precision"] = "float64";
  return j;
}

// A whole run (full batch, sgd) against the reference from the run's own data and start.
void check_run(bool float64, double tolerance) {
  for (bool feedback : {false, true}) {
    RunConfig config = test_run::config_of(private_config(0.5, feedback, float64));
    descent::Run run(config);
    auto& problem = dynamic_cast<NetworkProblem&>(run.problem());
    const Dataset& d = problem.data();
    Eigen::VectorXd start;
    problem.averaged_weights(run.params(), start);
    const Eigen::MatrixXd xd = d.x_train.cast<double>();
    std::vector<double> xs(xd.data(), xd.data() + xd.size());
    reference::DpSgdReference ref({d.input_dim, 5, 3}, {start.data(), start.data() + start.size()},
                                  0.3, 0.5, feedback, 0.2, 0.3, config.seed);
    for (int step = 1; step <= config.steps; ++step) {
      ASSERT_EQ(run.step(1), 1) << run.message();
      ref.step(xs, d.label_train);
    }
    Eigen::VectorXd w;
    problem.averaged_weights(run.params(), w);
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      EXPECT_NEAR(w[i], ref.theta[i], tolerance * (1 + std::abs(ref.theta[i])))
          << (feedback ? "DiceSGD" : "DP-SGD") << " coordinate " << i;
    }
  }
}

TEST(DpSgd, RunsMatchTheReferenceInFloat32) { check_run(false, 1e-4); }
TEST(DpSgd, RunsMatchTheReferenceInFloat64) { check_run(true, 1e-5); }

// Clipping's defining property: without noise the released step is a mean of vectors of norm
// at most C, so its norm is at most C, however large the examples' gradients.
TEST(DpSgd, WithoutNoiseTheStepNormIsAtMostTheClip) {
  Lockstep s;
  constexpr double kClip = 0.05;
  PrivateGradient release(PrivacyConfig{kClip, 0.0, false, 0.0}, 1, s.mlp.num_params());
  Eigen::VectorXd theta = s.start * 3.0, mean(theta.size()), clipped(theta.size()), norms;
  BasicTargets<double> t;
  t.labels = s.labels.data();
  s.mlp.clipped_loss_and_grad(theta, s.x, t, kClip, mean, clipped, norms);
  release.release(clipped, mean, Lockstep::kN);
  EXPECT_GT(norms.maxCoeff(), 10 * kClip);  // clipping bites
  EXPECT_GT(mean.norm(), kClip);
  EXPECT_LE(clipped.norm(), kClip * (1 + 1e-12));
}

// Error feedback's defining property: nothing clipping removes is lost. Summed over the steps,
// the released gradients are the unclipped mean gradients less the error still held.
TEST(DpSgd, ErrorFeedbackReleasesEverythingClippingRemoved) {
  Lockstep s;
  constexpr double kClip = 0.05;
  PrivateGradient release(PrivacyConfig{kClip, 0.0, true, 0.5}, 1, s.mlp.num_params());
  Eigen::VectorXd theta = s.start, mean(theta.size()), clipped(theta.size()), norms;
  Eigen::VectorXd released_sum = Eigen::VectorXd::Zero(theta.size()), mean_sum = released_sum;
  BasicTargets<double> t;
  t.labels = s.labels.data();
  double removed = 0, scale = 0;
  for (int step = 0; step < 20; ++step) {
    s.mlp.clipped_loss_and_grad(theta, s.x, t, kClip, mean, clipped, norms);
    removed += (mean - clipped).norm();
    scale += mean.norm();
    mean_sum += mean;
    release.release(clipped, mean, Lockstep::kN);
    released_sum += clipped;
    theta -= 0.5 * clipped;
  }
  EXPECT_GT(removed, 1.0);  // clipping bit hard
  EXPECT_LT((released_sum + release.error() - mean_sum).norm(), 1e-12 * scale);
}

TEST(PrivacyConfig, ValidatesFieldsAndRefusesWhatItCannotDo) {
  auto first_error = [](const json& j) {
    ParsedConfig p = parse_config(j);
    return p.ok() ? std::string() : p.errors[0].field + ": " + p.errors[0].message;
  };
  auto starts = [](const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
  };
  const json base = private_config(0.5, true, false);
  EXPECT_EQ(first_error(base), "");
  EXPECT_EQ(first_error(private_config(0.5, false, false)), "");
  json j = base;
  j["transforms"][0]["clip"] = -1;
  EXPECT_TRUE(starts(first_error(j), "transforms[0].clip")) << first_error(j);
  j = base;
  j["transforms"][0]["noise_multiplier"] = 1000;
  EXPECT_TRUE(starts(first_error(j), "transforms[0].noise_multiplier")) << first_error(j);
  j = base;
  j["transforms"][0]["feedback_clip"] = 0;
  EXPECT_TRUE(starts(first_error(j), "transforms[0].feedback_clip")) << first_error(j);
  j = base;
  j["transforms"].push_back({{"name", "dp_sgd"}});
  EXPECT_TRUE(starts(first_error(j), "transforms[1].name")) << first_error(j);
  j = {{"schema", 1},
       {"problem", {{"kind", "function"}, {"name", "booth"}}},
       {"optimizer", {{"name", "sgd"}}},
       {"transforms", {{{"name", "clip_by_value"}}, {{"name", "dp_sgd"}}}},
       {"steps", 5}};
  EXPECT_TRUE(starts(first_error(j), "transforms[1].name: transform 'dp_sgd'")) << first_error(j);
  j = base;
  j["model"]["layer_norm"] = true;
  EXPECT_TRUE(starts(first_error(j), "model.layer_norm")) << first_error(j);
  j = base;
  j["model"]["random_features"] = true;
  EXPECT_TRUE(starts(first_error(j), "model.random_features")) << first_error(j);
  j = base;
  j["optimizer"] = {{"name", "sam"}};
  EXPECT_TRUE(starts(first_error(j), "optimizer.name")) << first_error(j);
  // The normal form keeps the transform and its fields.
  RunConfig c = test_run::config_of(base);
  EXPECT_TRUE(c.privacy.enabled() && c.privacy.error_feedback);
  EXPECT_EQ(c.privacy.feedback_clip, 0.2);
  EXPECT_EQ(to_json(c)["transforms"][0]["feedback_clip"], 0.2);
  EXPECT_EQ(parse_config(to_json(c)).config->privacy.clip, 0.3);
  EXPECT_FALSE(test_run::config_of(private_config(0.5, false, false)).privacy.error_feedback);
}

TEST(DpSgd, ACheckpointCarriesTheErrorAndTheNoiseStream) {
  json j = private_config(0.5, true, false);
  j["batch_size"] = 8;
  j["steps"] = 20;
  RunConfig config = test_run::config_of(j);
  descent::Run straight(config);
  straight.step(20);
  descent::Run first(config);
  first.step(10);
  const std::string bytes = first.checkpoint();
  descent::Run second(config);
  second.restore(bytes);
  second.step(10);
  ASSERT_EQ(second.params().size(), straight.params().size());
  for (Eigen::Index i = 0; i < straight.params().size(); ++i) {
    ASSERT_EQ(second.params()[i], straight.params()[i]) << i;
  }
  // The error is state: a run restored without it would differ.
  EXPECT_NE(first.checkpoint().find("privacy_error"), std::string::npos);
}

}  // namespace
}  // namespace descent
