// Shampoo: one preconditioner per side of each weight matrix.
//
// "Shampoo: Preconditioned Stochastic Tensor Optimization" (Gupta, Koren, Singer, 2018),
// Algorithm 1 (matrices): with L_0 = eps I_rows and R_0 = eps I_cols,
//   L_t = L_{t-1} + G_t G_t^T,   R_t = R_{t-1} + G_t^T G_t,
//   W_{t+1} = W_t - lr L_t^{-1/4} G_t R_t^{-1/4}.
// Vectors (biases, gains, the point of a 2-D function) are order-1 tensors, for which the
// general tensor rule (Algorithm 2, exponent -1/(2k) with k = 1) is full-matrix AdaGrad:
//   H_t = H_{t-1} + g_t g_t^T (H_0 = eps I),   w <- w - lr H_t^{-1/2} g_t.
// Size limit: a side longer than max_dim (default 512) keeps only the diagonal of its
// statistics (diag(L) accumulates the row sums of G^2, diag(R) the column sums, diag(H) g^2),
// so that no eigendecomposition is larger than max_dim x max_dim.
// update_interval k recomputes the inverse roots every k steps (steps 1, 1 + k, ...), with
// the statistics still accumulated every step; between recomputations the last roots are
// reused (the usual way to amortise the eigendecompositions in Shampoo implementations).
// Statistics and roots are kept in double: the inverse fourth roots of sums of outer products
// need the small eigenvalues, which float32 would lose. Roots come from an eigendecomposition
// (symmetric_eigen.h, allocation-free), L^p = V diag(max(lambda, eps)^p) V^T; products go
// through nn::product_into, which does not allocate either.
#include <cmath>

#include "nn/product.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/optimizers/geometry/symmetric_eigen.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

// The preconditioner of one side of one tensor: a full n x n statistic, or its diagonal.
struct SidePreconditioner {
  bool full = false;
  double exponent = -0.25;
  Eigen::MatrixXd stat, root, tmp;  // full
  Eigen::VectorXd stat_diag, root_diag, powered;
  SymmetricEigen eig;

  void init(int n, bool full_matrix, double eps, double p) {
    full = full_matrix;
    exponent = p;
    if (full) {
      stat = eps * Eigen::MatrixXd::Identity(n, n);
      root = Eigen::MatrixXd::Identity(n, n);
      tmp.resize(n, n);
      powered.resize(n);
      eig.init(n);
    } else {
      stat_diag = Eigen::VectorXd::Constant(n, eps);
      root_diag = Eigen::VectorXd::Ones(n);
    }
  }

  // root = stat^exponent = V diag(max(lambda, eps)^exponent) V^T (or elementwise).
  void recompute_root(double eps) {
    if (full) {
      eig.compute(stat);
      powered = eig.eigenvalues().cwiseMax(eps).array().pow(exponent).matrix();
      const Eigen::MatrixXd& v = eig.eigenvectors();
      tmp = v * powered.asDiagonal();
      nn::product_into(root, tmp, v.transpose(), false);
    } else {
      root_diag = stat_diag.array().pow(exponent);
    }
  }
};

class ScaleByShampoo final : public Transform {
 public:
  ScaleByShampoo(double eps, int update_interval, int max_dim)
      : eps_(eps), interval_(update_interval), max_dim_(max_dim) {}

  void init(const ParamLayout& layout) override {
    work_.clear();
    for (const auto& t : layout.tensors) {
      Work w;
      w.matrix = t.rows > 1 && t.cols > 1;
      w.g.resize(t.rows, t.cols);
      w.tmp.resize(t.rows, t.cols);
      if (w.matrix) {
        w.left.init(t.rows, t.rows <= max_dim_, eps_, -0.25);
        w.right.init(t.cols, t.cols <= max_dim_, eps_, -0.25);
      } else {
        w.left.init(t.size(), t.size() <= max_dim_, eps_, -0.5);
      }
      work_.push_back(std::move(w));
    }
  }

  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    const auto& tensors = ctx.layout->tensors;
    const bool recompute = (ctx.step - 1) % interval_ == 0;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      const TensorSlice& t = tensors[i];
      Work& w = work_[i];
      MatMap out(g.data() + t.offset, t.rows, t.cols);
      if (w.matrix) {
        w.g = out.cast<double>();
        accumulate(w.left, w.g, false);
        accumulate(w.right, w.g, true);
        if (recompute) {
          w.left.recompute_root(eps_);
          w.right.recompute_root(eps_);
        }
        // tmp = L^{-1/4} G, then G <- tmp R^{-1/4}.
        if (w.left.full) {
          nn::product_into(w.tmp, w.left.root, w.g, false);
        } else {
          w.tmp = w.left.root_diag.asDiagonal() * w.g;
        }
        if (w.right.full) {
          nn::product_into(w.g, w.tmp, w.right.root, false);
        } else {
          w.g = w.tmp * w.right.root_diag.asDiagonal();
        }
      } else {
        Eigen::Map<Eigen::VectorXd> gv(w.g.data(), t.size());
        Eigen::Map<Eigen::VectorXd> tv(w.tmp.data(), t.size());
        gv = Eigen::Map<const Vec>(g.data() + t.offset, t.size()).cast<double>();
        if (w.left.full) {
          w.left.stat.noalias() += gv * gv.transpose();
        } else {
          w.left.stat_diag.array() += gv.array().square();
        }
        if (recompute) w.left.recompute_root(eps_);
        if (w.left.full) {
          tv.noalias() = w.left.root * gv;
        } else {
          tv = w.left.root_diag.cwiseProduct(gv);
        }
        gv = tv;
      }
      out = w.g.cast<Scalar>();
    }
  }

  void visit_state(StateVisitor& v) override {
    for (std::size_t i = 0; i < work_.size(); ++i) {
      const std::string k = "tensor." + std::to_string(i);
      for (SidePreconditioner* side : {&work_[i].left, &work_[i].right}) {
        const std::string s = k + (side == &work_[i].left ? ".left" : ".right");
        v.slot(s + ".stat", side->stat);
        v.slot(s + ".root", side->root);
        v.slot(s + ".stat_diag", side->stat_diag);
        v.slot(s + ".root_diag", side->root_diag);
      }
    }
  }

 private:
  struct Work {
    bool matrix = false;
    Eigen::MatrixXd g, tmp;
    SidePreconditioner left, right;  // right unused for vectors
  };

  // Left: L += G G^T (diagonal: row sums of G^2); right: R += G^T G (column sums).
  static void accumulate(SidePreconditioner& side, const Eigen::MatrixXd& g, bool right) {
    if (side.full) {
      if (right) {
        nn::product_into(side.stat, g.transpose(), g, true);
      } else {
        nn::product_into(side.stat, g, g.transpose(), true);
      }
    } else if (right) {
      side.stat_diag += g.array().square().colwise().sum().matrix().transpose();
    } else {
      side.stat_diag += g.array().square().rowwise().sum().matrix();
    }
  }

  double eps_;
  int interval_, max_dim_;
  std::vector<Work> work_;
};

}  // namespace

OptimizerInfo shampoo_info() {
  OptimizerInfo info = describe("shampoo", "Shampoo", family::kGeometry);
  info.description =
      "Preconditions each weight matrix from both sides, L^{-1/4} G R^{-1/4}, with L and R "
      "the accumulated G G^T and G^T G; vectors get full-matrix AdaGrad. Sides longer than "
      "max_dim keep only the diagonal.";
  info.citation = {"Shampoo: Preconditioned Stochastic Tensor Optimization", "Gupta, Koren, Singer",
                   2018, "ICML 2018"};
  info.params = {
      hp::lr(0.1),
      log_real("eps", 1e-4, 1e-12, 1.0,
               "Initial statistics eps I: regularises the inverse roots of L and R."),
      integer("update_interval", 1, 1, 1000,
              "Recompute the inverse roots every this many steps (statistics accumulate every "
              "step)."),
      integer("max_dim", 512, 2, 1024,
              "Largest side with a full preconditioner; longer sides use the diagonal only."),
  };
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<ScaleByShampoo>(
                               p.get("eps"), p.get_int("update_interval"), p.get_int("max_dim")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
