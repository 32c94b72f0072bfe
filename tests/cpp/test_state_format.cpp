// Adam's state_format (optim/transforms/state_format.h): the moments stored in bf16 or fp16
// between steps. The defining effect: under a constant gradient g, float32 Adam's step tends
// to lr (m/sqrt(v) -> g/|g|), but in fp16 the second moment's increment (1 - b2) g^2 is below
// half the smallest subnormal (2^-25) when |g| = 1e-4, so the stored v flushes to zero every
// step; each step then sees only v_t = (1 - b2) g^2 and its step grows to
// |g| / sqrt((1 - b2) g^2 / (1 - b2^t)), about 29 lr at t = 2000. bf16 keeps float32's
// range (nothing flushes), but with 8 significant bits the average stalls once its increment
// (1 - b2)(g^2 - v) is below half a level: v stops near g^2 / 3 and the step stays within a
// small factor of lr. The expected values are computed here from Adam's equations
// ("Adam: A Method for Stochastic Optimization", Kingma, Ba, 2015, Algorithm 1), in double.
#include <gtest/gtest.h>

#include <cmath>

#include "optim/optimizer.h"
#include "optim/optimizers/stabilised/low_precision.h"

namespace descent {
namespace {

constexpr double kGradient = 1e-4, kLr = 1.0, kBeta2 = 0.999, kEps = 1e-8;
constexpr int kSteps = 2000;

class ConstantGradient final : public Objective {
 public:
  double value_and_grad(ConstVecRef params, VecRef grad) override {
    grad.setConstant(static_cast<Scalar>(kGradient));
    return value(params);
  }
  double value(ConstVecRef params) override { return kGradient * params.cast<double>().sum(); }
};

// The update of the last of kSteps Adam steps, with the moments stored in `format`.
double last_step(const std::string& format) {
  ParamValues given;
  given.numbers["lr"] = kLr;
  given.choices["state_format"] = format;
  const OptimizerInfo* info = find_optimizer("adam");
  auto optimizer = info->make(with_defaults(info->params, given));
  const ParamLayout layout = ParamLayout::single_vector(3, "w", TensorRole::Weight);
  optimizer->set_stages(Chain(), Chain());
  optimizer->init(layout);
  ConstantGradient objective;
  Vec params = Vec::Zero(3), update = Vec::Zero(3);
  StepContext ctx;
  ctx.layout = &layout;
  ctx.lr = kLr;
  for (int t = 1; t <= kSteps; ++t) {
    ctx.step = t;
    optimizer->step(objective, params, update, ctx);
    params += update;
  }
  return -static_cast<double>(update[0]);
}

TEST(StateFormat, Fp32IsPlainAdam) {
  // m -> g and v -> g^2 (bias-corrected): the step is lr |g| / (|g| + eps).
  EXPECT_NEAR(last_step("fp32"), kLr * kGradient / (kGradient + kEps), 1e-4);
}

TEST(StateFormat, Fp16FlushesTheSecondMomentAndInflatesTheStep) {
  // (1 - b2) g^2 = 1e-11 rounds to 0 in fp16 (half the smallest subnormal is 2^-25 ~ 3e-8).
  EXPECT_EQ(lowp::round_fp16(static_cast<float>((1 - kBeta2) * kGradient * kGradient)), 0.0f);
  const double v_hat = (1 - kBeta2) * kGradient * kGradient / (1 - std::pow(kBeta2, kSteps));
  const double expected = kLr * kGradient / (std::sqrt(v_hat) + kEps);  // ~29.4 lr
  EXPECT_GT(expected, 25.0);
  // m is stored in fp16 too: its average stalls within 2^-11 / (1 - b1) ~ 0.5% of g.
  EXPECT_NEAR(last_step("fp16"), expected, 1e-2 * expected);
}

TEST(StateFormat, Bf16KeepsTheRangeButStallsTheAverages) {
  const double bf16 = last_step("bf16");
  // v stalls once (1 - b2)(g^2 - v) is below half a level, at most v 2^-8: v > g^2 / 4.9.
  const double v_stall = kGradient * kGradient / (1 + std::ldexp(1.0, -8) / (1 - kBeta2));
  const double bound = kLr * kGradient / std::sqrt(v_stall / (1 - std::pow(kBeta2, kSteps)));
  EXPECT_GT(bf16, 1.05 * kLr);    // not float32 Adam's step
  EXPECT_LT(bf16, 1.05 * bound);  // and nowhere near fp16's flush (~29 lr)
}

TEST(StateFormat, Fp16RoundingMatchesBinary16) {
  // Levels of IEEE binary16 (from its definition: 10 fraction bits, bias 15).
  EXPECT_EQ(lowp::round_fp16(1.0f + 1.0f / 4096), 1.0f);                // below half a spacing
  EXPECT_EQ(lowp::round_fp16(1.0f + 3.0f / 2048), 1.0f + 2.0f / 1024);  // tie to even
  EXPECT_EQ(lowp::round_fp16(65504.0f), 65504.0f);
  EXPECT_TRUE(std::isinf(lowp::round_fp16(65520.0f)));
  EXPECT_EQ(lowp::round_fp16(std::ldexp(1.0f, -24)), std::ldexp(1.0f, -24));  // subnormal
  EXPECT_EQ(lowp::round_fp16(std::ldexp(1.0f, -26)), 0.0f);
  EXPECT_EQ(lowp::round_fp16(-std::ldexp(3.0f, -24)), -std::ldexp(3.0f, -24));
}

}  // namespace
}  // namespace descent
