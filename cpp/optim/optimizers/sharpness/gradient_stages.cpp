// Pre-stage transforms acting on the gradient: flooding and perpGrad.
//
// Flooding ("Do We Need Zero Training Loss After Achieving Zero Training Loss?", Ishida,
// Yamane, Sakai, Niu, Sugiyama, ICML 2020, Eq. 1): descend |L - b| + b instead of L, whose
// gradient is sign(L - b) grad L: below the flood level b the gradient is negated (gradient
// ascent), so the training loss floats around b. Uses the minibatch loss ctx.loss.
//
// perpGrad ("Grokking at the Edge of Numerical Stability", Prieto, Barsbey, Mediano,
// Birdal, 2025, Sec. 6, the ⊥Grad / OrthoGrad update): per parameter tensor w (every tensor
// of the layout, weights and biases, as in the authors' OrthoGrad code), remove the
// component of the gradient along w,
//   g_perp = g - (<w, g> / <w, w>) w,
// and (as the authors' code does, optional here) rescale g_perp to the norm of g. This stops
// the weights from growing along their own direction (naive loss minimisation, which leads to
// softmax collapse). For 2-D functions the single "Point" vector is the one tensor.
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"

namespace descent {
namespace {

class Flooding final : public Transform {
 public:
  explicit Flooding(double level) : level_(level) {}
  void init(const ParamLayout&) override {}
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    if (ctx.loss < level_) g = -g;
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  double level_;
};

class PerpGrad final : public Transform {
 public:
  explicit PerpGrad(bool renormalize) : renormalize_(renormalize) {}
  void init(const ParamLayout&) override {}
  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    for (const TensorSlice& t : ctx.layout->tensors) {
      auto gs = g.segment(t.offset, t.size());
      auto ws = params.segment(t.offset, t.size());
      double wg = 0, ww = 0, gg = 0;
      for (int i = 0; i < t.size(); ++i) {
        wg += static_cast<double>(ws[i]) * gs[i];
        ww += static_cast<double>(ws[i]) * ws[i];
        gg += static_cast<double>(gs[i]) * gs[i];
      }
      const double proj = wg / (ww + 1e-30);
      // In double until the final rounding: when g is nearly parallel to w (e.g. a
      // zero-initialised bias after its first step) the projection cancels most of g.
      double pp = 0;
      for (int i = 0; i < t.size(); ++i) {
        const double d = gs[i] - proj * ws[i];
        pp += d * d;
      }
      const double factor = renormalize_ ? std::sqrt(gg) / (std::sqrt(pp) + 1e-30) : 1.0;
      for (int i = 0; i < t.size(); ++i) {
        gs[i] = static_cast<Scalar>((gs[i] - proj * ws[i]) * factor);
      }
    }
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  bool renormalize_;
};

}  // namespace

TransformInfo flooding_info() {
  TransformInfo info = describe("flooding", "Flooding", TransformStage::Pre);
  info.description =
      "Negates the gradient when the batch loss is below the flood level b (descends "
      "|L - b| + b), so the training loss hovers around b instead of reaching zero.";
  info.citation = {"Do We Need Zero Training Loss After Achieving Zero Training Loss?",
                   "Ishida, Yamane, Sakai, Niu, Sugiyama", 2020, "ICML 2020"};
  info.params = {real("b", 0.05, 0.0, 10.0, "Flood level: the loss below which to ascend.")};
  info.make = [](const ParamValues& p) { return make_transform<Flooding>(p.get("b")); };
  return info;
}

TransformInfo perpgrad_info() {
  TransformInfo info = describe("perpgrad", "⊥Grad (perpGrad)", TransformStage::Pre);
  info.description =
      "Removes from each tensor's gradient its component along that tensor's weights (and "
      "restores the gradient's norm), so steps cannot simply scale the weights up.";
  info.citation = {"Grokking at the Edge of Numerical Stability",
                   "Prieto, Barsbey, Mediano, Birdal", 2025, "ICLR 2025"};
  info.params = {boolean("renormalize", true,
                         "Rescale the projected gradient to the original gradient's norm (as "
                         "in the authors' OrthoGrad code).")};
  info.make = [](const ParamValues& p) {
    return make_transform<PerpGrad>(p.get_bool("renormalize"));
  };
  return info;
}

}  // namespace descent
