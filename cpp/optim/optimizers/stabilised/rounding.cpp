// Low-precision emulation stages (number formats and rounding in low_precision.h):
// round_gradients rounds the gradient before the optimizer; round_weights replaces the final
// update u by Q(params + u) - params, so that the new parameters are on the grid (exactly so
// whenever params and Q(params + u) are within a factor two of each other, where the float32
// subtraction and addition are exact; otherwise up to one float32 rounding of the sum).
#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/low_precision.h"

namespace descent {
namespace {

const Citation kMixedPrecision{"Mixed Precision Training",
                               "Micikevicius, Narang, Alben, Diamos, Elsen, Garcia, Ginsburg, "
                               "Houston, Kuchaiev, Venkatesh, Wu",
                               2018, "ICLR 2018"};

std::vector<ParamSpec> rounding_params() {
  return {
      choice("format", "bf16", {"bf16", "fp8_e4m3", "int8", "int4"},
             "bf16: 8 significant bits, float32 range; fp8_e4m3: 4 significant bits, "
             "scaled per tensor to +-448 (\"FP8 Formats for Deep Learning\", Micikevicius et "
             "al., 2022); int8: 255 levels per tensor, symmetric; int4: 15 levels per tensor, the "
             "4-bit setting of Stable-SPAM (Huang et al., 2025)."),
      boolean("stochastic", false,
              "Stochastic rounding (unbiased, from the run's optimizer stream) instead of "
              "round-to-nearest-even.")};
}

class RoundGradients final : public Transform {
 public:
  RoundGradients(lowp::Format format, bool stochastic) : format_(format), stochastic_(stochastic) {}
  void init(const ParamLayout&) override {}
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    lowp::round_tensors(g, format_, stochastic_, ctx.rng, ctx);
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  lowp::Format format_;
  bool stochastic_;
};

class RoundWeights final : public Transform {
 public:
  RoundWeights(lowp::Format format, bool stochastic) : format_(format), stochastic_(stochastic) {}
  void init(const ParamLayout& layout) override { next_ = Vec::Zero(layout.size); }
  void update(VecRef u, ConstVecRef params, const StepContext& ctx) override {
    next_ = params + u;
    lowp::round_tensors(next_, format_, stochastic_, ctx.rng, ctx);
    u = next_ - params;
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  lowp::Format format_;
  bool stochastic_;
  Vec next_;
};

// The two rounding stages share their citation, parameters and settings.
template <class Rounding>
TransformInfo rounding_info(const char* name, const char* title, TransformStage stage,
                            const char* description) {
  TransformInfo info = describe(name, title, stage);
  info.description = description;
  info.citation = kMixedPrecision;
  info.params = rounding_params();
  info.make = [](const ParamValues& p) {
    return make_transform<Rounding>(lowp::parse_format(p.choice("format")),
                                    p.get_bool("stochastic"));
  };
  return info;
}

}  // namespace

TransformInfo round_gradients_info() {
  return rounding_info<RoundGradients>(
      "round_gradients", "Round gradients (low precision)", TransformStage::Pre,
      "Rounds every gradient to bf16, fp8 (e4m3) or int8 levels before the optimizer sees "
      "it, emulating low-precision backward passes.");
}

TransformInfo round_weights_info() {
  return rounding_info<RoundWeights>(
      "round_weights", "Round weights (low precision)", TransformStage::Post,
      "Keeps the weights on bf16, fp8 (e4m3) or int8 levels: the update lands the parameters "
      "on the rounded value, so updates smaller than half a level are lost.");
}

}  // namespace descent
