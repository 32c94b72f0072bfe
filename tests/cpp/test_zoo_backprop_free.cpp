// The backprop-free family: forward gradient and direct feedback alignment, each against its
// plain reference (tests/reference/backprop_free/) in lockstep, and each with a test of its
// defining property: the forward gradient is an unbiased estimate of the gradient; direct
// feedback alignment learns while the output weights come to align with the fixed feedback,
// and does not without the feedback.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "problems/datasets/dataset.h"
#include "run/network_problem.h"
#include "tests/cpp/zoo_harness.h"
#include "tests/reference/backprop_free/direct_feedback_alignment.h"
#include "tests/reference/backprop_free/forward_gradient.h"

namespace descent {
namespace {

using json = nlohmann::json;
namespace ref = reference::backprop_free;

TEST(ZooForwardGradient, MatchesItsReference) {
  {
    ref::ForwardGradient r;
    zoo::expect_lockstep(zoo::network(), {{"name", "forward_gradient"}, {"lr", 0.01}}, r, 60, 1e-4);
  }
  {
    ref::ForwardGradient r;
    zoo::expect_lockstep(zoo::quadratic(), {{"name", "forward_gradient"}, {"lr", 0.05}}, r, 60,
                         1e-5);
  }
  {
    ref::ForwardGradient r;
    zoo::expect_lockstep(zoo::rosenbrock(), {{"name", "forward_gradient"}, {"lr", 2e-4}}, r, 60,
                         1e-5);
  }
}

TEST(ZooForwardGradient, AReferenceWithOtherDirectionsIsCaught) {
  // The same rule with the directions of one step later: the draws must be the core's.
  struct Shifted final : zoo::ReferenceOptimizer {
    ref::ForwardGradient inner;
    reference::Pcg32 skip{reference::kZooSeed, 4};
    void step(zoo::Params& p, const zoo::Oracle& o, int t, double lr) override {
      if (t == 1) {
        zoo::Params q = p;
        inner.step(q, o, t, 0.0);  // burns one direction
      }
      inner.step(p, o, t, lr);
    }
  } wrong;
  auto c = zoo::compare(zoo::network(), {{"name", "forward_gradient"}, {"lr", 0.01}}, wrong, 20);
  EXPECT_GT(c.max_relative_deviation, 1e-3);
}

// E[(grad L . v) v] = grad L for v ~ N(0, I): the mean of N estimates at a fixed point of the
// network approaches the backpropagated gradient. Each coordinate of an estimate has variance
// |g|^2 + g_i^2, so the mean's error has expected squared norm (P + 1) |g|^2 / N (P
// parameters): the relative error is about sqrt((P + 1) / N), checked within a factor 1.5 of
// that; one estimate alone is far from the gradient (relative error about sqrt(P + 1)).
TEST(ZooForwardGradient, IsAnUnbiasedEstimateOfTheGradient) {
  descent::Run run(zoo::parse_or_fail(zoo::config_json(zoo::network(), {{"name", "sgd"}}, 1)));
  TrainingProblem& problem = run.problem();
  problem.reserve_curvature();
  const ParamLayout& layout = problem.layout();
  const Vec params = run.params();
  Vec gradient(layout.size);
  problem.value_and_grad(params, gradient);

  const OptimizerInfo* info = find_optimizer("forward_gradient");
  ASSERT_NE(info, nullptr);
  auto optimizer = info->make(with_defaults(info->params));
  optimizer->init(layout);
  Rng rng(11, Stream::Optimizer);
  Vec update(layout.size);
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(layout.size);
  const int n = 40000;
  double first_error = 0;
  const double g_norm = gradient.cast<double>().norm();
  for (int t = 1; t <= n; ++t) {
    StepContext ctx;
    ctx.step = t;
    ctx.lr = 1.0;  // the update is -g_hat
    ctx.layout = &layout;
    ctx.rng = &rng;
    optimizer->step(problem, params, update, ctx);
    sum -= update.cast<double>();
    if (t == 1) first_error = (-update.cast<double>() - gradient.cast<double>()).norm() / g_norm;
  }
  const double p = static_cast<double>(layout.size);
  const double error = (sum / n - gradient.cast<double>()).norm() / g_norm;
  const double expected = std::sqrt((p + 1) / n);
  std::printf("P = %.0f: one estimate %.2f, mean of %d: %.4f (expected about %.4f)\n", p,
              first_error, n, error, expected);
  EXPECT_LT(error, 1.5 * expected);
  EXPECT_GT(error, expected / 1.5);  // the noise is real, and of the predicted size
  EXPECT_GT(first_error, 3.0);
}

// The 2-8-8-3 test network's widths and data, for the references.
struct NetworkData {
  std::vector<int> widths;
  std::vector<double> x;
  std::vector<int> labels;
};

NetworkData network_data(const zoo::Problem& problem) {
  RunConfig config = zoo::parse_or_fail(zoo::config_json(problem, {{"name", "sgd"}}, 1));
  descent::Run run(config);
  auto& network = dynamic_cast<NetworkProblem&>(run.problem());
  const Dataset& data = network.data();
  NetworkData d;
  d.x.assign(data.x_train.data(), data.x_train.data() + data.x_train.size());
  d.widths = {data.input_dim};
  for (int h : config.model.spec.hidden) d.widths.push_back(h);
  d.widths.push_back(data.output_dim);
  d.labels = data.label_train;
  return d;
}

ref::DirectFeedbackAlignment dfa_reference(double momentum, double scale) {
  NetworkData d = network_data(zoo::network());
  return {d.widths, d.x, d.labels, momentum, scale};
}

TEST(ZooDirectFeedbackAlignment, MatchesItsReference) {
  auto r = dfa_reference(0.9, 1.0);
  zoo::expect_lockstep(zoo::network(), {{"name", "direct_feedback_alignment"}}, r, 60, 1e-4);
  auto r2 = dfa_reference(0.5, 2.5);
  zoo::expect_lockstep(zoo::network(),
                       {{"name", "direct_feedback_alignment"},
                        {"lr", 0.1},
                        {"momentum", 0.5},
                        {"feedback_scale", 2.5}},
                       r2, 60, 1e-4);
}

TEST(ZooDirectFeedbackAlignment, AReferenceWithOtherFeedbackIsCaught) {
  // Other feedback matrices (another scale) give another trajectory: the core does use B.
  auto wrong = dfa_reference(0.9, 0.5);
  auto c = zoo::compare(zoo::network(), {{"name", "direct_feedback_alignment"}}, wrong, 50);
  EXPECT_GT(c.max_relative_deviation, 1e-3);
}

// What defines DFA (Nokland, 2016, Section 3; Launay et al., 2019): the network learns through
// the random feedback because the forward weights come to align with it. On circles (not
// linearly separable in the inputs; with 32 tanh units at their initialisation a trained
// output layer alone stays at chance), DFA fits the training set while the output weights W
// turn towards B^T (the angle between vec(W) and vec(B^T) starts near 90 degrees, as for any
// two random matrices, and falls well below it: 88 -> 47); with feedback_scale 0 (no feedback: only
// the output layer learns) the same run stays near chance.
struct DfaOutcome {
  double accuracy = 0, angle_start = 0, angle_end = 0;
};

DfaOutcome train_dfa_on_circles(double feedback_scale) {
  const zoo::Problem circles{
      "circles",
      {{"problem", {{"kind", "dataset"}, {"name", "circles"}, {"n", 400}, {"test_fraction", 0}}},
       {"model",
        {{"hidden", {32}},
         {"activation", "tanh"},
         {"init", "xavier_uniform"},
         {"loss", "cross_entropy"}}},
       {"batch_size", 0},
       {"eval_every", 100}}};
  descent::Run run(zoo::parse_or_fail(zoo::config_json(
      circles, {{"name", "direct_feedback_alignment"}, {"feedback_scale", feedback_scale}}, 1500)));
  const std::vector<int> widths = {2, 32, 2};
  const auto feedback = ref::draw_feedback(widths, 1.0, reference::kZooSeed);  // B's direction
  int offset = 0;
  for (const auto& t : run.problem().layout().tensors) {
    if (t.role == TensorRole::Weight) offset = t.offset;  // the output layer's W (2 x 32)
  }
  auto angle = [&]() {
    const ConstVecRef p = run.params();
    double dot = 0, ww = 0, bb = 0;
    for (int r = 0; r < 2; ++r) {
      for (int c = 0; c < 32; ++c) {
        const double w = p[offset + c * 2 + r], b = feedback[0][r * 32 + c];  // B^T(r, c)
        dot += w * b;
        ww += w * w;
        bb += b * b;
      }
    }
    return std::acos(dot / std::sqrt(ww * bb)) * 180 / 3.14159265358979323846;
  };
  DfaOutcome out;
  out.angle_start = angle();
  run.step(1500);
  EXPECT_EQ(run.status(), RunStatus::Ok) << run.message();
  out.angle_end = angle();
  const auto rows = run.take_metrics();
  out.accuracy = rows.back().accuracy;
  return out;
}

TEST(ZooDirectFeedbackAlignment, LearnsAsTheOutputWeightsAlignWithTheFeedback) {
  const DfaOutcome dfa = train_dfa_on_circles(1.0);
  const DfaOutcome silent = train_dfa_on_circles(0.0);
  std::printf(
      "DFA: accuracy %.3f, angle(W, B^T) %.1f -> %.1f degrees; without feedback: "
      "accuracy %.3f\n",
      dfa.accuracy, dfa.angle_start, dfa.angle_end, silent.accuracy);
  EXPECT_GE(dfa.accuracy, 0.95);
  EXPECT_GT(dfa.angle_start, 60);
  EXPECT_LT(dfa.angle_end, 60);  // measured 47
  EXPECT_LE(silent.accuracy, 0.65);
}

TEST(ZooDirectFeedbackAlignment, IsNetworkOnlyWithPlainDenseLayers) {
  ParsedConfig on_function =
      parse_config(zoo::config_json(zoo::rosenbrock(), {{"name", "direct_feedback_alignment"}}, 5));
  ASSERT_TRUE(on_function.ok());
  try {
    descent::Run run(*on_function.config);
    ADD_FAILURE() << "ran on a function";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.errors.at(0).field, "optimizer.name");
  }
  for (const auto& [field, value] : std::vector<std::pair<std::string, json>>{
           {"l2", 0.01}, {"l1", 0.01}, {"layer_norm", true}, {"residual", true}}) {
    json c = zoo::config_json(zoo::network(), {{"name", "direct_feedback_alignment"}}, 5);
    c["model"][field] = value;
    ParsedConfig parsed = parse_config(c);
    ASSERT_TRUE(parsed.ok()) << field;
    try {
      descent::Run run(*parsed.config);
      ADD_FAILURE() << field << " accepted";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.errors.at(0).field, "model." + field);
    }
  }
}

}  // namespace
}  // namespace descent
