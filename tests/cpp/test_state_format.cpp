// Adam's state_format (optim/transforms/state_format.h): the moments stored in bf16, fp16 or
// fp8 between steps. The defining effect: under a constant gradient g, float32 Adam's step tends
// to lr (m/sqrt(v) -> g/|g|), but in fp16 the second moment's increment (1 - b2) g^2 is below
// half the smallest subnormal (2^-25) when |g| = 1e-4, so the stored v flushes to zero every
// step; each step then sees only v_t = (1 - b2) g^2 and its step grows to
// |g| / sqrt((1 - b2) g^2 / (1 - b2^t)), about 29 lr at t = 2000. bf16 keeps float32's
// range (nothing flushes), but with 8 significant bits the average stalls once its increment
// (1 - b2)(g^2 - v) is below half a level: v stops near g^2 / 3 and the step stays within a
// small factor of lr. fp8 (E4M3, scaled per tensor) has the range problem of fp16 relative to
// the tensor's largest entry: beside a gradient entry of 1, the second moment of an entry of
// 1e-4 flushes to zero ("the zero-point problem", "Memory Efficient Optimizers with 4-bit
// States", Li, Chen, Zhu, 2023) and its step inflates the same way. The expected values are
// computed here from Adam's equations
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
  explicit ConstantGradient(Vec gradient) : gradient_(std::move(gradient)) {}
  double value_and_grad(ConstVecRef params, VecRef grad) override {
    grad = gradient_;
    return value(params);
  }
  double value(ConstVecRef params) override {
    return params.cast<double>().dot(gradient_.cast<double>());
  }

 private:
  Vec gradient_;
};

// The update of the last of kSteps Adam steps under a constant gradient, with the moments
// stored in `format`.
Vec last_update(const std::string& format, const Vec& gradient) {
  ParamValues given;
  given.numbers["lr"] = kLr;
  given.choices["state_format"] = format;
  const OptimizerInfo* info = find_optimizer("adam");
  auto optimizer = info->make(with_defaults(info->params, given));
  const auto n = static_cast<int>(gradient.size());
  const ParamLayout layout = ParamLayout::single_vector(n, "w", TensorRole::Weight);
  optimizer->set_stages(Chain(), Chain());
  optimizer->init(layout);
  ConstantGradient objective(gradient);
  Vec params = Vec::Zero(n), update = Vec::Zero(n);
  StepContext ctx;
  ctx.layout = &layout;
  ctx.lr = kLr;
  for (int t = 1; t <= kSteps; ++t) {
    ctx.step = t;
    optimizer->step(objective, params, update, ctx);
    params += update;
  }
  return update;
}

// The last step's size when every entry of the gradient is kGradient.
double last_step(const std::string& format) {
  return -static_cast<double>(last_update(format, Vec::Constant(3, kGradient))[0]);
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

TEST(StateFormat, Fp8FlushesTheSmallEntriesSecondMoment) {
  // Per tensor, the largest second moment (1 - b2) 1^2 maps to 448; the small entry's
  // (1 - b2) g^2 = 1e-11 maps to 4.5e-6, below half E4M3's smallest subnormal (2^-10).
  Vec v = (Vec(2) << static_cast<float>(1 - kBeta2),
           static_cast<float>((1 - kBeta2) * kGradient * kGradient))
              .finished();
  lowp::round_tensor(v, lowp::Format::Fp8E4M3, false, nullptr);
  EXPECT_EQ(v[1], 0.0f);
  const Vec update = last_update("fp8_e4m3", (Vec(2) << 1.0f, kGradient).finished());
  // The large entry keeps Adam's step lr (its moments are the tensor's scale, exact up to
  // E4M3's 3 mantissa bits); the small one sees only this step's v, as in fp16: ~29 lr.
  const double v_hat = (1 - kBeta2) * kGradient * kGradient / (1 - std::pow(kBeta2, kSteps));
  const double inflated = kLr * kGradient / (std::sqrt(v_hat) + kEps);
  EXPECT_NEAR(-update[0], kLr, 0.1 * kLr);
  // m is stored in fp8 too: its average stalls within a level (3 mantissa bits, ~6%).
  EXPECT_NEAR(-update[1], inflated, 0.15 * inflated);
  EXPECT_NEAR(-last_update("fp32", (Vec(2) << 1.0f, kGradient).finished())[1], kLr, 1e-3);
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
