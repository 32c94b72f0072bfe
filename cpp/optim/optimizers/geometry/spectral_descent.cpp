// Steepest descent under the spectral norm, per tensor.
//
// "Old Optimizer, New Norm: An Anthology" (Bernstein, Newhouse, 2024): the steepest-descent
// step  argmin_D <G, D> + (1 / (2 lr)) ||D||^2  under a norm ||.|| is
//   D = -lr ||G||_dual * argmax_{||T|| = 1} <G, T>.
// For the spectral norm of one matrix G = U S V^T the dual norm is the nuclear norm tr S and
// the maximiser is U V^T, so D = -lr tr(S) U V^T (the paper's "Shampoo without accumulation").
// For a whole network measured by the largest spectral norm over its tensors,
// ||W|| = max_l ||W_l||_2, the dual norm is the sum of the tensors' nuclear norms, so every
// tensor moves along its own U_l V_l^T with one shared scale:
//   D_l = -lr (sum_k tr S_k) U_l V_l^T.                        scale = "global" (default)
// The other choices: scale = "layer" applies the single-matrix rule to each tensor
// (D_l = -lr tr(S_l) U_l V_l^T); scale = "none" drops the dual norm (D_l = -lr U_l V_l^T,
// Muon without momentum and with an exact polar factor).
// Vectors (biases, gains, the point of a 2-D function) are n x 1 matrices: their spectral
// and nuclear norms are both the Euclidean norm and U V^T = g / ||g||, so with scale "layer"
// they take plain gradient steps and with "none" normalised gradient steps.
// Small singular values are damped: the update uses U diag(s / sqrt(s^2 + (eps s_max)^2)) V^T,
// which is U V^T on every singular value well above eps s_max and ~ G / (eps s_max) below it.
// With exact U V^T, directions whose singular values are rounding noise (float32 gradients of
// a rank-deficient layer, e.g. the output layer of a 3-class network has rank <= 2) would get
// full-size steps in arbitrary directions; the damped factor is a smooth function of G.
// The dual norm (sum of all singular values) is not damped.
// Computation, in double: for a tall G (rows >= cols), with G^T G = V S^2 V^T,
//   U diag(s / sqrt(s^2 + d^2)) V^T = G V diag(1 / sqrt(s^2 + d^2)) V^T,   d = eps s_max,
// so one eigendecomposition of the small Gram matrix G^T G (symmetric_eigen.h) gives both the
// factor and the singular values s = sqrt(lambda); a wide G uses G G^T from the left. This
// replaces an SVD: Eigen's JacobiSVD allocates on every call for larger layers, and the
// damping keeps the squared singular values' lost precision out of the result.
// Cost O(rows cols min(rows, cols)) per matrix and step.
#include <algorithm>
#include <cmath>
#include <string>

#include "nn/product.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/optimizers/geometry/symmetric_eigen.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

enum class SpectralScale { Global, Layer, None };

class ScaleBySpectralSteepest final : public Transform {
 public:
  ScaleBySpectralSteepest(SpectralScale scale, double eps) : scale_(scale), eps_(eps) {}

  void init(const ParamLayout& layout) override {
    work_.clear();
    for (const auto& t : layout.tensors) {
      Work w;
      w.matrix = t.rows > 1 && t.cols > 1;
      w.g.resize(t.rows, t.cols);
      w.polar.resize(t.rows, t.cols);
      if (w.matrix) {
        const int k = std::min(t.rows, t.cols);
        w.gram.resize(k, k);
        w.factor.resize(k, k);
        w.vd.resize(k, k);
        w.weights.resize(k);
        w.eig.init(k);
      }
      work_.push_back(std::move(w));
    }
  }

  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    const auto& tensors = ctx.layout->tensors;
    double total_nuclear = 0.0;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      const TensorSlice& t = tensors[i];
      Work& w = work_[i];
      w.g = ConstMatMap(g.data() + t.offset, t.rows, t.cols).cast<double>();
      if (w.matrix) {
        damped_polar(w, t.rows >= t.cols);
      } else {
        // One singular value, ||g||, with U V^T = g / ||g||.
        w.nuclear = w.g.norm();
        if (w.nuclear > 0) {
          w.polar = w.g / (w.nuclear * std::sqrt(1.0 + eps_ * eps_));
        } else {
          w.polar.setZero();
        }
      }
      total_nuclear += w.nuclear;
    }
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      const TensorSlice& t = tensors[i];
      const Work& w = work_[i];
      double factor = 1.0;
      if (scale_ == SpectralScale::Global) factor = total_nuclear;
      if (scale_ == SpectralScale::Layer) factor = w.nuclear;
      MatMap(g.data() + t.offset, t.rows, t.cols) = (factor * w.polar).cast<Scalar>();
    }
  }

  void visit_state(StateVisitor& /*v*/) override {}

 private:
  struct Work {
    bool matrix = false;
    double nuclear = 0.0;
    Eigen::MatrixXd g, polar, gram, factor, vd;  // vd = V diag(weights)
    Eigen::VectorXd weights;
    SymmetricEigen eig;
  };

  // w.polar <- G V diag(1 / sqrt(s^2 + d^2)) V^T (tall) or V diag(...) V^T G (wide), from the
  // Gram matrix's eigendecomposition; w.nuclear <- sum of the singular values.
  void damped_polar(Work& w, bool tall) const {
    if (tall) {
      nn::product_into(w.gram, w.g.transpose(), w.g, false);
    } else {
      nn::product_into(w.gram, w.g, w.g.transpose(), false);
    }
    w.eig.compute(w.gram);
    const Eigen::VectorXd& lambda = w.eig.eigenvalues();  // increasing
    const double s_max = std::sqrt(std::max(0.0, lambda(lambda.size() - 1)));
    w.nuclear = lambda.cwiseMax(0.0).cwiseSqrt().sum();
    if (s_max == 0) {
      w.polar.setZero();
      return;
    }
    const double d2 = (eps_ * s_max) * (eps_ * s_max);
    w.weights = (lambda.cwiseMax(0.0).array() + d2).rsqrt().matrix();
    const Eigen::MatrixXd& v = w.eig.eigenvectors();
    w.vd = v * w.weights.asDiagonal();
    nn::product_into(w.factor, w.vd, v.transpose(), false);
    if (tall) {
      nn::product_into(w.polar, w.g, w.factor, false);
    } else {
      nn::product_into(w.polar, w.factor, w.g, false);
    }
  }

  SpectralScale scale_;
  double eps_;
  std::vector<Work> work_;
};

SpectralScale parse_scale(const std::string& s) {
  if (s == "layer") return SpectralScale::Layer;
  if (s == "none") return SpectralScale::None;
  return SpectralScale::Global;
}

}  // namespace

OptimizerInfo spectral_descent_info() {
  OptimizerInfo info = describe("spectral_descent", "Spectral descent", family::kGeometry);
  info.description =
      "Steepest descent under the spectral norm: each weight matrix moves along U V^T from "
      "the SVD of its gradient (every singular value equal), scaled by the dual (nuclear) "
      "norm; vectors count as one-column matrices.";
  info.citation = {"Old Optimizer, New Norm: An Anthology", "Bernstein, Newhouse", 2024,
                   "arXiv:2409.20325"};
  info.params = {
      hp::lr(0.01),
      choice("scale", "global", {"global", "layer", "none"},
             "Step scale: the sum of all tensors' nuclear norms (steepest descent under the "
             "largest spectral norm over the network), each tensor's own nuclear norm, or "
             "none (a fixed-size step U V^T)."),
      log_real("eps", 1e-3, 1e-6, 1.0,
               "Singular values below eps times the largest are damped, s / sqrt(s^2 + (eps "
               "s_max)^2), instead of getting a full-size step."),
  };
  info.make = [](const ParamValues& p) {
    return chain_optimizer(
        make_transform<ScaleBySpectralSteepest>(parse_scale(p.choice("scale")), p.get("eps")),
        make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
