// AdamP and SGDP ("AdamP: Slowing Down the Slowdown for Momentum Optimizers on
// Scale-invariant Weights", Heo, Chun, Oh, Han, Yun, Kim, Uh, Ha, 2021), Algorithms 1-2 in
// the form of the authors' code (clovaai/AdamP). Per weight matrix W (rows = output units):
//   1. the base step p (Adam's m / (sqrt(v_hat) + eps), or SGD momentum) is computed;
//   2. if W looks scale-invariant -- max over rows of |cos(g_r, w_r)| < delta / sqrt(cols)
//      (channel view), else |cos(g, w)| < delta / sqrt(rows * cols) (layer view) -- the
//      radial component is removed from p in that view: p_r <- p_r - (w^_r . p_r) w^_r with
//      w^_r = w_r / (||w_r|| + eps), and the weight decay of that matrix is scaled by
//      wd_ratio;
//   3. W <- W (1 - lr wd ratio) - lr p / (1 - b1^t)   (SGDP: decay lr wd ratio / (1 - momentum)).
// Like the official code, vectors (biases, gains, and the 2-D point of function problems) are
// never projected: the rule needs a tensor with more than one dimension, and these slices are
// treated as plain vectors. The cosine is x.y / max(|x| |y|, eps), as torch's
// cosine_similarity.
#include "core/state_slots.h"
#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

// Projects the slice `p` (rows x cols, column-major) of a weight matrix w with gradient g;
// returns true when it did (the matrix is treated as scale-invariant).
bool project_radial(const Scalar* g, const Scalar* w, Scalar* p, int rows, int cols, double delta,
                    double eps) {
  auto at = [rows](int r, int c) { return r + c * rows; };
  // Channel view: one vector per row (output unit).
  double max_cos = 0.0;
  for (int r = 0; r < rows; ++r) {
    double gw = 0, gg = 0, ww = 0;
    for (int c = 0; c < cols; ++c) {
      gw += double(g[at(r, c)]) * w[at(r, c)];
      gg += double(g[at(r, c)]) * g[at(r, c)];
      ww += double(w[at(r, c)]) * w[at(r, c)];
    }
    max_cos = std::max(max_cos, std::abs(gw) / std::max(std::sqrt(gg * ww), eps));
  }
  if (max_cos < delta / std::sqrt(double(cols))) {
    for (int r = 0; r < rows; ++r) {
      double ww = 0;
      for (int c = 0; c < cols; ++c) ww += double(w[at(r, c)]) * w[at(r, c)];
      const double inv = 1.0 / (std::sqrt(ww) + eps);
      double dot = 0;
      for (int c = 0; c < cols; ++c) dot += w[at(r, c)] * inv * p[at(r, c)];
      for (int c = 0; c < cols; ++c) p[at(r, c)] -= static_cast<Scalar>(w[at(r, c)] * inv * dot);
    }
    return true;
  }
  // Layer view: the whole matrix as one vector.
  const int n = rows * cols;
  double gw = 0, gg = 0, ww = 0;
  for (int i = 0; i < n; ++i) {
    gw += double(g[i]) * w[i];
    gg += double(g[i]) * g[i];
    ww += double(w[i]) * w[i];
  }
  if (std::abs(gw) / std::max(std::sqrt(gg * ww), eps) < delta / std::sqrt(double(n))) {
    const double inv = 1.0 / (std::sqrt(ww) + eps);
    double dot = 0;
    for (int i = 0; i < n; ++i) dot += w[i] * inv * p[i];
    for (int i = 0; i < n; ++i) p[i] -= static_cast<Scalar>(w[i] * inv * dot);
    return true;
  }
  return false;
}

struct ProjectionSettings {
  double delta, wd_ratio, eps, weight_decay;
};

// Projects `step` per weight matrix, then writes updates = step * scale + decay * p, with the
// decay reduced by wd_ratio on projected matrices.
void project_and_decay(const Vec& grad, ConstVecRef params, Vec& step, VecRef updates, Scalar scale,
                       double decay, const ProjectionSettings& s, const StepContext& ctx) {
  adaptive::for_each_tensor(ctx, static_cast<int>(params.size()), [&](const TensorSlice& t) {
    double ratio = 1.0;
    if (t.is_matrix() && project_radial(grad.data() + t.offset, params.data() + t.offset,
                                        step.data() + t.offset, t.rows, t.cols, s.delta, s.eps)) {
      ratio = s.wd_ratio;
    }
    const auto wd = static_cast<Scalar>(decay * ratio);
    updates.segment(t.offset, t.size()) =
        scale * step.segment(t.offset, t.size()) + wd * params.segment(t.offset, t.size());
  });
}

class ScaleByAdamP final : public Transform {
 public:
  ScaleByAdamP(double beta1, double beta2, bool nesterov, ProjectionSettings s)
      : beta1_(beta1), beta2_(beta2), nesterov_(nesterov), s_(s) {}
  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    v_ = Vec::Zero(layout.size);
    grad_ = Vec::Zero(layout.size);
    step_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    const auto b1 = static_cast<Scalar>(beta1_);
    const auto b2 = static_cast<Scalar>(beta2_);
    grad_ = g;
    m_ = b1 * m_ + static_cast<Scalar>(1 - beta1_) * grad_;
    v_ = b2 * v_ + static_cast<Scalar>(1 - beta2_) * grad_.cwiseProduct(grad_);
    const double t = ctx.step;
    const auto bc2_sqrt = static_cast<Scalar>(std::sqrt(1.0 - std::pow(beta2_, t)));
    const auto eps = static_cast<Scalar>(s_.eps);
    if (nesterov_) {
      step_.array() = (b1 * m_.array() + static_cast<Scalar>(1 - beta1_) * grad_.array()) /
                      (v_.array().sqrt() / bc2_sqrt + eps);
    } else {
      step_.array() = m_.array() / (v_.array().sqrt() / bc2_sqrt + eps);
    }
    const auto scale = static_cast<Scalar>(1.0 / (1.0 - std::pow(beta1_, t)));
    project_and_decay(grad_, params, step_, g, scale, s_.weight_decay, s_, ctx);
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m", m_, "v", v_); }

 private:
  double beta1_, beta2_;
  bool nesterov_;
  ProjectionSettings s_;
  Vec m_, v_, grad_, step_;
};

class ScaleBySgdP final : public Transform {
 public:
  ScaleBySgdP(double momentum, double dampening, bool nesterov, ProjectionSettings s)
      : momentum_(momentum), dampening_(dampening), nesterov_(nesterov), s_(s) {}
  void init(const ParamLayout& layout) override {
    buf_ = Vec::Zero(layout.size);
    grad_ = Vec::Zero(layout.size);
    step_ = Vec::Zero(layout.size);
  }
  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    const auto mu = static_cast<Scalar>(momentum_);
    grad_ = g;
    // The buffer starts at zero (unlike torch.optim.SGD, which starts it at g).
    buf_ = mu * buf_ + static_cast<Scalar>(1 - dampening_) * grad_;
    if (nesterov_) {
      step_ = grad_ + mu * buf_;
    } else {
      step_ = buf_;
    }
    project_and_decay(grad_, params, step_, g, Scalar(1), s_.weight_decay / (1.0 - momentum_), s_,
                      ctx);
  }

  void visit_state(StateVisitor& v) override { v.slot("buf", buf_); }

 private:
  double momentum_, dampening_;
  bool nesterov_;
  ProjectionSettings s_;
  Vec buf_, grad_, step_;
};

const Citation kAdamP{
    "AdamP: Slowing Down the Slowdown for Momentum Optimizers on Scale-invariant Weights",
    "Heo, Chun, Oh, Han, Yun, Kim, Uh, Ha", 2021, "ICLR 2021"};

std::vector<ParamSpec> projection_params() {
  return {real("delta", 0.1, 0.0, 10.0,
               "Threshold on |cos(w, g)| * sqrt(dim) below which a matrix counts as "
               "scale-invariant and is projected."),
          real("wd_ratio", 0.1, 0.0, 1.0, "Weight-decay multiplier on projected matrices.")};
}

ProjectionSettings settings(const ParamValues& p) {
  return {p.get("delta"), p.get("wd_ratio"), p.get("eps"), p.get("weight_decay")};
}

}  // namespace

OptimizerInfo adamp_info() {
  OptimizerInfo info = describe("adamp", "AdamP", family::kAdaptive);
  info.description =
      "AdamW that, for weight matrices whose gradient is orthogonal to the weights "
      "(scale-invariant), removes the radial part of the step so the norm does not grow and "
      "the effective step size does not shrink.";
  info.citation = kAdamP;
  info.params = {hp::lr(1e-3),
                 hp::beta1(),
                 hp::beta2(),
                 hp::eps(1e-8),
                 hp::weight_decay(1e-2),
                 boolean("nesterov", false, "Use Nesterov momentum in the Adam step.")};
  for (auto& s : projection_params()) info.params.push_back(s);
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<ScaleByAdamP>(p.get("beta1"), p.get("beta2"),
                                                        p.get_bool("nesterov"), settings(p)),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

OptimizerInfo sgdp_info() {
  OptimizerInfo info = describe("sgdp", "SGDP", family::kClassic);
  info.description =
      "SGD with momentum that removes the radial part of the step for scale-invariant weight "
      "matrices (gradient orthogonal to the weights), keeping their effective step size.";
  info.citation = kAdamP;
  info.params = {hp::lr(0.1),
                 hp::momentum(0.9),
                 real("dampening", 0.0, 0.0, 1.0, "Dampening for momentum."),
                 boolean("nesterov", true, "Use Nesterov momentum."),
                 hp::weight_decay(1e-5),
                 hp::eps(1e-8)};
  for (auto& s : projection_params()) info.params.push_back(s);
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<ScaleBySgdP>(p.get("momentum"), p.get("dampening"),
                                                       p.get_bool("nesterov"), settings(p)),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
