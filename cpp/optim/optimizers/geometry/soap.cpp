// SOAP: Adam run in the eigenbasis of Shampoo's preconditioner, per weight matrix.
//
// "SOAP: Improving and Stabilizing Shampoo using Adam" (Vyas, Morwani, Zhao, Kwun, Shapira,
// Brandfonbrener, Janson, Kakade, 2024, Algorithm 3), with the details of the authors' code
// (github.com/nikhilvyas/SOAP, soap.py), which this follows:
//   L <- sb L + (1 - sb) G G^T,   R <- sb R + (1 - sb) G^T G        (sb = shampoo_beta)
//   G' = Q_L^T G Q_R                         (the gradient in the eigenbasis)
//   m <- b1 m + (1 - b1) G                   (momentum kept in the original space)
//   v <- b2 v + (1 - b2) G'^2                (Adam's second moment, in the eigenbasis)
//   N = Q_L ((Q_L^T m Q_R) / (sqrt(v) + eps)) Q_R^T
//   W <- W - lr sqrt(1 - b2^s) / (1 - b1^s) N,   then W <- W - lr wd W   (decoupled, after)
// The first step only initialises L, R and their eigenvectors Q (descending eigenvalues) and
// leaves the weights unchanged (so that no gradient is used in its own projection); s counts
// the steps after it. L and R take the gradient after each step's update, and every
// precondition_frequency steps Q is refreshed by one step of subspace iteration:
// sort Q's columns (and v's rows or columns with them) by the estimated eigenvalues
// diag(Q^T L Q) in decreasing order, then Q <- orthonormal factor of L Q (modified
// Gram-Schmidt here; QR's column signs do not change the update).
// A side longer than max_precond_dim is not rotated (identity), as in the code; vectors
// (biases, gains, a 2-D function's point) get plain Adam (the code's precondition_1d = false).
// Statistics, eigenvectors and moments are kept in double.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "nn/product.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/optimizers/geometry/symmetric_eigen.h"

namespace descent {
namespace {

// One side of one matrix: its statistic GG and eigenbasis Q.
struct Side {
  bool rotated = false;
  Eigen::MatrixXd gg, q, work;  // work: L Q, then scratch
  Eigen::VectorXd estimate;
  std::vector<int> order;
  SymmetricEigen eig;

  void init(int n, bool on) {
    rotated = on;
    if (!on) return;
    gg = Eigen::MatrixXd::Zero(n, n);
    q = Eigen::MatrixXd::Identity(n, n);
    work.resize(n, n);
    estimate.resize(n);
    order.resize(n);
    eig.init(n);
  }

  // Q = eigenvectors of GG, decreasing eigenvalues.
  void eigenbasis() {
    eig.compute(gg);
    const int n = static_cast<int>(q.rows());
    for (int k = 0; k < n; ++k) q.col(k) = eig.eigenvectors().col(n - 1 - k);
  }

  // The permutation sorting diag(Q^T GG Q) in decreasing order (stable), into `order`.
  void sort_order() {
    nn::product_into(work, gg, q, false);
    const int n = static_cast<int>(q.rows());
    for (int k = 0; k < n; ++k) estimate[k] = q.col(k).dot(work.col(k));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return estimate[a] > estimate[b]; });
  }

  // Q <- Q[:, order]; Q <- orthonormal factor of GG Q (modified Gram-Schmidt).
  void power_step() {
    const int n = static_cast<int>(q.rows());
    for (int k = 0; k < n; ++k) work.col(k) = q.col(order[k]);
    q = work;
    nn::product_into(work, gg, q, false);
    for (int k = 0; k < n; ++k) {
      for (int j = 0; j < k; ++j) work.col(k) -= work.col(j).dot(work.col(k)) * work.col(j);
      const double norm = work.col(k).norm();
      work.col(k) /= norm > 0 ? norm : 1.0;
    }
    q = work;
  }
};

class ScaleBySoap final : public Transform {
 public:
  struct Options {
    double beta1 = 0.95, beta2 = 0.95, shampoo_beta = -1, eps = 1e-8, weight_decay = 0.01;
    int frequency = 10, max_dim = 10000;
  };
  explicit ScaleBySoap(Options o) : o_(o) {
    if (o_.shampoo_beta < 0) o_.shampoo_beta = o_.beta2;  // the code's default: beta2
  }

  void init(const ParamLayout& layout) override {
    work_.clear();
    auto add = [&](const TensorSlice& t) {
      Work w;
      w.slice = t;
      w.matrix = t.rows > 1 && t.cols > 1;
      w.left.init(t.rows, w.matrix && t.rows <= o_.max_dim);
      w.right.init(t.cols, w.matrix && t.cols <= o_.max_dim);
      w.g.resize(t.rows, t.cols);
      w.m = Eigen::MatrixXd::Zero(t.rows, t.cols);
      w.v = Eigen::MatrixXd::Zero(t.rows, t.cols);
      w.a.resize(t.rows, t.cols);
      w.b.resize(t.rows, t.cols);
      w.perm.resize(t.rows, t.cols);
      work_.push_back(std::move(w));
    };
    if (layout.tensors.empty()) add(TensorSlice{"x", 0, layout.size, 1, TensorRole::Point});
    for (const auto& t : layout.tensors) add(t);
    calls_ = 0;
  }

  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    ++calls_;
    const int s = calls_ - 1;  // steps since the initialising one
    for (auto& w : work_) {
      const TensorSlice& t = w.slice;
      MatMap out(g.data() + t.offset, t.rows, t.cols);
      w.g = out.cast<double>();
      if (s == 0) {
        accumulate(w);
        if (w.left.rotated) w.left.eigenbasis();
        if (w.right.rotated) w.right.eigenbasis();
        out.setZero();
        continue;
      }
      project(w, w.g, w.a);  // a = G'
      w.m = o_.beta1 * w.m + (1 - o_.beta1) * w.g;
      w.v = o_.beta2 * w.v + (1 - o_.beta2) * w.a.cwiseAbs2();
      project(w, w.m, w.a);  // a = m'
      w.a.array() /= w.v.array().sqrt() + o_.eps;
      project_back(w, w.a, w.b);  // b = N
      const double step_size =
          ctx.lr * std::sqrt(1 - std::pow(o_.beta2, s)) / (1 - std::pow(o_.beta1, s));
      const double decay = ctx.lr * o_.weight_decay;
      for (int j = 0; j < t.cols; ++j) {
        for (int i = 0; i < t.rows; ++i) {
          const double p = params[t.offset + i + j * t.rows];
          const double u = -step_size * w.b(i, j);
          out(i, j) = static_cast<Scalar>(u - decay * (p + u));
        }
      }
      accumulate(w);
      if (s % o_.frequency == 0) refresh(w);
    }
  }

  void visit_state(StateVisitor& v) override {
    for (std::size_t i = 0; i < work_.size(); ++i) {
      const std::string k = "tensor." + std::to_string(i);
      for (Side* side : {&work_[i].left, &work_[i].right}) {
        const std::string s = k + (side == &work_[i].left ? ".left" : ".right");
        v.slot(s + ".gg", side->gg);
        v.slot(s + ".q", side->q);
        v.slot(s + ".estimate", side->estimate);
        v.slot(s + ".order", side->order);
      }
      v.slot(k + ".m", work_[i].m);
      v.slot(k + ".v", work_[i].v);
    }
    v.slot("calls", calls_);
  }

 private:
  struct Work {
    TensorSlice slice;
    bool matrix = false;
    Side left, right;
    Eigen::MatrixXd g, m, v, a, b, perm;
  };

  void accumulate(Work& w) const {
    const double sb = o_.shampoo_beta;
    if (w.left.rotated) {
      w.left.gg *= sb;
      nn::product_into(w.left.work, w.g, w.g.transpose(), false);
      w.left.gg += (1 - sb) * w.left.work;
    }
    if (w.right.rotated) {
      w.right.gg *= sb;
      nn::product_into(w.right.work, w.g.transpose(), w.g, false);
      w.right.gg += (1 - sb) * w.right.work;
    }
  }

  // out = Q_L^T x Q_R (identity on sides that are not rotated).
  static void project(Work& w, const Eigen::MatrixXd& x, Eigen::MatrixXd& out) {
    if (w.left.rotated) {
      nn::product_into(w.perm, w.left.q.transpose(), x, false);
    } else {
      w.perm = x;
    }
    if (w.right.rotated) {
      nn::product_into(out, w.perm, w.right.q, false);
    } else {
      out = w.perm;
    }
  }

  // out = Q_L x Q_R^T.
  static void project_back(Work& w, const Eigen::MatrixXd& x, Eigen::MatrixXd& out) {
    if (w.left.rotated) {
      nn::product_into(w.perm, w.left.q, x, false);
    } else {
      w.perm = x;
    }
    if (w.right.rotated) {
      nn::product_into(out, w.perm, w.right.q.transpose(), false);
    } else {
      out = w.perm;
    }
  }

  // Reorders each rotated side by its estimated eigenvalues (v's rows / columns with it), then
  // one subspace-iteration step.
  static void refresh(Work& w) {
    if (w.left.rotated) {
      w.left.sort_order();
      for (int i = 0; i < w.v.rows(); ++i) w.perm.row(i) = w.v.row(w.left.order[i]);
      w.v = w.perm;
      w.left.power_step();
    }
    if (w.right.rotated) {
      w.right.sort_order();
      for (int j = 0; j < w.v.cols(); ++j) w.perm.col(j) = w.v.col(w.right.order[j]);
      w.v = w.perm;
      w.right.power_step();
    }
  }

  Options o_;
  std::vector<Work> work_;
  int calls_ = 0;
};

}  // namespace

OptimizerInfo soap_info() {
  OptimizerInfo info = describe("soap", "SOAP", family::kGeometry);
  info.description =
      "Adam in Shampoo's eigenbasis: each weight matrix's gradient is rotated by the "
      "eigenvectors of the running G G^T and G^T G, Adam's second moment is kept there, and "
      "the update is rotated back; the eigenvectors are refreshed every precondition_frequency "
      "steps by one subspace-iteration (QR) step, as in the authors' code. The first step only "
      "initialises the bases (no move). Vectors get plain Adam. Defaults as the authors' "
      "soap.py (betas 0.95, shampoo_beta = beta2, eps 1e-8, weight decay 0.01 applied after "
      "the step, frequency 10, max_precond_dim 10000). One gradient per step.";
  info.citation = {"SOAP: Improving and Stabilizing Shampoo using Adam",
                   "Vyas, Morwani, Zhao, Kwun, Shapira, Brandfonbrener, Janson, Kakade", 2024,
                   "ICLR 2025"};
  info.params = {
      hp::lr(3e-3),
      hp::beta1(0.95),
      hp::beta2(0.95),
      real("shampoo_beta", -1.0, -1.0, 0.9999,
           "Decay of the G G^T and G^T G statistics (-1: use beta2, the code's default)."),
      hp::eps(1e-8),
      hp::weight_decay(0.01),
      integer("precondition_frequency", 10, 1, 1000,
              "Refresh the eigenbases every this many steps."),
      integer("max_precond_dim", 10000, 1, 10000,
              "Sides longer than this are not rotated (identity on that side)."),
  };
  info.make = [](const ParamValues& p) {
    ScaleBySoap::Options o;
    o.beta1 = p.get("beta1");
    o.beta2 = p.get("beta2");
    o.shampoo_beta = p.get("shampoo_beta");
    o.eps = p.get("eps");
    o.weight_decay = p.get("weight_decay");
    o.frequency = p.get_int("precondition_frequency");
    o.max_dim = p.get_int("max_precond_dim");
    return chain_optimizer(make_transform<ScaleBySoap>(o));
  };
  return info;
}

}  // namespace descent
