// Muon: momentum, orthogonalised per weight matrix by a Newton-Schulz iteration.
//
// "Muon: An optimizer for hidden layers in neural networks" (Jordan, Jin, Boza, You, Cesista,
// Newhouse, Bernstein, 2024, blog post; reference code github.com/KellerJordan/Muon), read as
// steepest descent under the spectral norm ("Old Optimizer, New Norm: An Anthology",
// Bernstein, Newhouse, 2024). For each weight matrix W (rows x cols) with gradient G:
//   M <- beta M + (1 - beta) G                          (momentum, an EMA as in the reference)
//   U = (1 - beta) G + beta M  with Nesterov, else U = M
//   O = NewtonSchulz5(U) ~ polar factor of U            (newton_schulz.h)
//   W <- W - lr (sqrt(max(1, rows / cols)) O + weight_decay W)
// The EMA form differs from the blog's sum form (M <- beta M + G) by a constant factor, which
// the normalisation inside Newton-Schulz removes.
//
// Everything that is not a matrix (biases, layer-norm gains and the point of a 2-D function)
// is trained, as in the reference's MuonWithAuxAdam, by Adam with its own learning rate
// adam_lr (scaled by the run's schedule like lr), betas (0.9, 0.95), eps 1e-10 and the same
// decoupled weight decay. So on a 2-D function Muon is that auxiliary Adam.
// Unlike the reference's recommendation (Adam for the first and last layers), every weight
// matrix here goes through Muon, the output layer included.
#include <algorithm>
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/optimizers/geometry/newton_schulz.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

struct MuonOptions {
  double momentum = 0.95;
  bool nesterov = true;
  int ns_steps = 5;
  double weight_decay = 0.0;
  double adam_lr_ratio = 1.0;  // adam_lr / lr, so that -lr * ratio = -adam_lr
  double adam_beta1 = 0.9, adam_beta2 = 0.95, adam_eps = 1e-10;
};

// The whole Muon direction; the chain's ScaleByLearningRate multiplies it by -lr.
class ScaleByMuon final : public Transform {
 public:
  explicit ScaleByMuon(const MuonOptions& o) : o_(o) {}

  void init(const ParamLayout& layout) override {
    momentum_ = Vec::Zero(layout.size);
    second_ = Vec::Zero(layout.size);
    ns_.clear();
    for (const auto& t : layout.tensors) {
      ns_.push_back(t.is_matrix() ? NewtonSchulz(t.rows, t.cols) : NewtonSchulz());
    }
  }

  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    const auto beta = static_cast<Scalar>(o_.momentum);
    const auto wd = static_cast<Scalar>(o_.weight_decay);
    const auto& tensors = ctx.layout->tensors;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      const TensorSlice& t = tensors[i];
      auto gs = g.segment(t.offset, t.size());
      auto ps = params.segment(t.offset, t.size());
      auto m = momentum_.segment(t.offset, t.size());
      if (t.is_matrix()) {
        m = beta * m + (Scalar(1) - beta) * gs;
        if (o_.nesterov) gs = (Scalar(1) - beta) * gs + beta * m;  // else U = M
        MatMap out(gs.data(), t.rows, t.cols);
        if (o_.nesterov) {
          ns_[i].orthogonalise(out, out, o_.ns_steps);
        } else {
          ns_[i].orthogonalise(ConstMatMap(m.data(), t.rows, t.cols), out, o_.ns_steps);
        }
        const auto scale =
            static_cast<Scalar>(std::sqrt(std::max(1.0, static_cast<double>(t.rows) / t.cols)));
        gs = scale * gs + wd * ps;
      } else {
        // Auxiliary Adam (the reference's adam_update), bias-corrected, eps outside the root.
        auto v = second_.segment(t.offset, t.size());
        const auto b1 = static_cast<Scalar>(o_.adam_beta1);
        const auto b2 = static_cast<Scalar>(o_.adam_beta2);
        m = b1 * m + (Scalar(1) - b1) * gs;
        v = b2 * v + (Scalar(1) - b2) * gs.cwiseProduct(gs);
        const auto bc1 = static_cast<Scalar>(1.0 - std::pow(o_.adam_beta1, ctx.step));
        const auto bc2 = static_cast<Scalar>(1.0 - std::pow(o_.adam_beta2, ctx.step));
        const auto eps = static_cast<Scalar>(o_.adam_eps);
        const auto ratio = static_cast<Scalar>(o_.adam_lr_ratio);
        gs.array() =
            ratio * ((m.array() / bc1) / ((v.array() / bc2).sqrt() + eps) + wd * ps.array());
      }
    }
  }

  void visit_state(StateVisitor& v) override {
    visit_slots(v, "momentum", momentum_, "second", second_);
  }

 private:
  MuonOptions o_;
  Vec momentum_, second_;  // momentum for matrices, Adam's m for the rest; Adam's v
  std::vector<NewtonSchulz> ns_;
};

}  // namespace

OptimizerInfo muon_info() {
  OptimizerInfo info = describe("muon", "Muon", family::kGeometry);
  info.description =
      "Per weight matrix, replaces the momentum by its nearest semi-orthogonal matrix (all "
      "singular values ~1, by a Newton-Schulz iteration): steepest descent under the spectral "
      "norm. Biases, gains and 2-D points use an auxiliary Adam.";
  info.citation = {"Muon: An optimizer for hidden layers in neural networks",
                   "Jordan, Jin, Boza, You, Cesista, Newhouse, Bernstein", 2024,
                   "blog post, kellerjordan.github.io/posts/muon"};
  info.params = {
      hp::lr(0.02),
      real("momentum", 0.95, 0.0, 0.9999, "Momentum (EMA) coefficient beta."),
      boolean("nesterov", true, "Orthogonalise (1 - beta) g + beta m instead of m."),
      integer("ns_steps", 5, 1, 20, "Newton-Schulz iterations."),
      hp::weight_decay(0.0),
      log_real("adam_lr", 3e-4, 1e-6, 10.0,
               "Learning rate of the auxiliary Adam for biases, gains and 2-D points."),
      real("adam_beta1", 0.9, 0.0, 0.9999, "Auxiliary Adam's first-moment decay."),
      real("adam_beta2", 0.95, 0.0, 0.999999, "Auxiliary Adam's second-moment decay."),
      log_real("adam_eps", 1e-10, 1e-16, 1.0, "Auxiliary Adam's epsilon."),
  };
  info.make = [](const ParamValues& p) {
    MuonOptions o;
    o.momentum = p.get("momentum");
    o.nesterov = p.get_bool("nesterov");
    o.ns_steps = p.get_int("ns_steps");
    o.weight_decay = p.get("weight_decay");
    o.adam_lr_ratio = p.get("adam_lr") / p.get("lr");
    o.adam_beta1 = p.get("adam_beta1");
    o.adam_beta2 = p.get("adam_beta2");
    o.adam_eps = p.get("adam_eps");
    return chain_optimizer(make_transform<ScaleByMuon>(o), make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
