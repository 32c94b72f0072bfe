// Subset-Norm ("Subset-Norm and Subspace-Momentum: Faster Memory-Efficient Adaptive
// Optimization with Convergence Guarantees", Nguyen, Nguyen, 2025; arXiv:2411.07120): the
// coordinates are partitioned into subsets that share one adaptive step size, built from the
// squared norm of the gradient over the subset, which interpolates between AdaGrad-Norm (one
// subset) and coordinate-wise AdaGrad (singletons) and cuts the second-moment memory from O(d)
// to about O(sqrt d). As in the authors' AdamwSN code (timmytonga/adam-subset-norm):
//   - a weight matrix m x n (rows = outputs) has one subset per slice along its smaller
//     dimension: one per row if m >= n, else one per column; biases, gains and 2-D points are
//     not reduced (one subset per coordinate, i.e. plain Adam there);
//   - s_k = |g_subset_k|^2; v_k <- b2 v_k + (1-b2) s_k (second_moment "ema", AdamW-SN), or
//     v_k <- v_k + s_k (second_moment "sum", the paper's AdaGrad-Subset-Norm stepsize);
//   - m <- b1 m + (1-b1) g (b1 = 0: no momentum);
//   - u_i = lr c_t m_i / (sqrt(v_k(i)) + eps), c_t = sqrt(1-b2^t)/(1-b1^t) ("ema") or
//     1/(1-b1^t) ("sum", 1 without momentum); decoupled weight decay.
#include <cmath>

#include "core/state_slots.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/stabilised.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

class ScaleBySubsetNorm final : public Transform {
 public:
  ScaleBySubsetNorm(double beta1, double beta2, double eps, bool sum)
      : beta1_(beta1), beta2_(beta2), eps_(eps), sum_(sum) {}

  void init(const ParamLayout& layout) override {
    m_ = Vec::Zero(layout.size);
    // Subset index of every coordinate.
    subset_of_.assign(layout.size, 0);
    int subsets = 0;
    auto add_tensor = [&](const TensorSlice& t) {
      if (t.is_matrix()) {
        const bool per_row = t.rows >= t.cols;
        for (int j = 0; j < t.cols; ++j) {
          for (int i = 0; i < t.rows; ++i) {
            subset_of_[t.offset + i + j * t.rows] = subsets + (per_row ? i : j);
          }
        }
        subsets += per_row ? t.rows : t.cols;
      } else {
        for (int i = 0; i < t.size(); ++i) subset_of_[t.offset + i] = subsets + i;
        subsets += t.size();
      }
    };
    if (layout.tensors.empty()) {
      TensorSlice whole;
      whole.rows = layout.size;
      whole.role = TensorRole::Point;
      add_tensor(whole);
    } else {
      for (const auto& t : layout.tensors) add_tensor(t);
    }
    v_ = Vec::Zero(subsets);
    s_ = Vec::Zero(subsets);
  }

  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    s_.setZero();
    for (Eigen::Index i = 0; i < g.size(); ++i) s_[subset_of_[i]] += g[i] * g[i];
    if (sum_) {
      v_ += s_;
    } else {
      v_ = static_cast<Scalar>(beta2_) * v_ + static_cast<Scalar>(1 - beta2_) * s_;
    }
    if (beta1_ > 0) {
      m_ = static_cast<Scalar>(beta1_) * m_ + static_cast<Scalar>(1 - beta1_) * g;
    } else {
      m_ = g;
    }
    double c = beta1_ > 0 ? 1.0 / (1.0 - std::pow(beta1_, ctx.step)) : 1.0;
    if (!sum_) c *= std::sqrt(1.0 - std::pow(beta2_, ctx.step));
    const auto cs = static_cast<Scalar>(c);
    const auto eps = static_cast<Scalar>(eps_);
    for (Eigen::Index i = 0; i < g.size(); ++i) {
      g[i] = cs * m_[i] / (std::sqrt(v_[subset_of_[i]]) + eps);
    }
  }

  void visit_state(StateVisitor& v) override { visit_slots(v, "m", m_, "v", v_, "s", s_); }

 private:
  double beta1_, beta2_, eps_;
  bool sum_;
  Vec m_, v_, s_;
  std::vector<int> subset_of_;
};

}  // namespace

OptimizerInfo subset_norm_info() {
  OptimizerInfo info = describe("subset_norm", "Subset-Norm (AdamW-SN)", family::kAdaptive);
  info.description =
      "AdamW whose second moment is shared per row (or column) of each weight matrix, built "
      "from the squared norm of that slice's gradient: between AdaGrad-Norm and Adam.";
  info.citation = {
      "Subset-Norm and Subspace-Momentum: Faster Memory-Efficient Adaptive "
      "Optimization with Convergence Guarantees",
      "Nguyen, Nguyen", 2025, "ICML 2025 (arXiv:2411.07120)"};
  info.params = {
      hp::lr(1e-3),
      real("beta1", 0.9, 0.0, 0.9999, "Momentum decay (0: no momentum, as RMSProp/AdaGrad)."),
      hp::beta2(0.999),
      hp::eps(1e-6),
      hp::weight_decay(0.0),
      choice("second_moment", "ema", {"ema", "sum"},
             "ema: exponential average of subset norms (AdamW-SN, the authors' "
             "code); sum: running sum (AdaGrad-Subset-Norm, the paper's analysis).")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<ScaleBySubsetNorm>(p.get("beta1"), p.get("beta2"), p.get("eps"),
                                          p.choice("second_moment") == "sum"),
        make_transform<ScaleByLearningRate>(),
        make_transform<DecoupledWeightDecay>(p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
