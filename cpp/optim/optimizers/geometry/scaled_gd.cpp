// ScaledGD(lambda): gradient descent on a factor U, preconditioned by its own Gram matrix.
//
// "The Power of Preconditioning in Overparameterized Low-Rank Matrix Sensing" (Xu, Shen, Chi,
// Ma, ICML 2023), eq. (5): for the factor U (n x r') of X = U U^T,
//   U <- U - lr grad f(U) (U^T U + lambda I)^{-1}.
// The preconditioner undoes the factor's own scaling: each direction of U moves at a rate
// independent of its singular value, so a small singular value grows as fast as a large one
// (plain gradient descent learns them one at a time, ScaledGD all at once). lambda damps the
// inverse while U is small (from a small initialisation U^T U ~ 0, and the first steps are
// gradient descent at lr / lambda).
// Every weight matrix (rows x cols, the run's layout) is treated as such a factor, with cols
// as the rank side: matrix sensing's U (n x r') and each dense layer's W (outputs x inputs,
// preconditioned by W^T W, inputs x inputs). Vectors (biases, gains, a 2-D point) have no
// factor structure and take the plain gradient step.
// The Gram matrix and the solve are in double (a Cholesky factorisation of U^T U + lambda I,
// symmetric positive definite for lambda > 0); the buffers are sized once in init, so a step
// does not allocate.
#include <Eigen/Cholesky>
#include <memory>
#include <vector>

#include "nn/product.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"

namespace descent {
namespace {

// The buffers of one weight matrix (rows x cols), built in place (never copied).
struct FactorWorkspace {
  FactorWorkspace(int rows, int cols)
      : factor(rows, cols), gram(cols, cols), gradient(cols, rows), cholesky(cols) {}
  Eigen::MatrixXd factor;    // U, rows x cols
  Eigen::MatrixXd gram;      // U^T U + lambda I, cols x cols
  Eigen::MatrixXd gradient;  // G^T, cols x rows: overwritten by (U^T U + lambda I)^{-1} G^T
  Eigen::LLT<Eigen::MatrixXd> cholesky;
};

// g <- g (U^T U + lambda I)^{-1} per weight matrix; the chain's ScaleByLearningRate then
// multiplies by -lr.
class ScaleByFactorGram final : public Transform {
 public:
  explicit ScaleByFactorGram(double lambda) : lambda_(lambda) {}

  void init(const ParamLayout& layout) override {
    work_.clear();
    for (const auto& t : layout.tensors) {
      work_.push_back(t.is_matrix() ? std::make_unique<FactorWorkspace>(t.rows, t.cols) : nullptr);
    }
  }

  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    const auto& tensors = ctx.layout->tensors;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      const TensorSlice& t = tensors[i];
      if (!t.is_matrix()) continue;  // vectors: the plain gradient
      FactorWorkspace& w = *work_[i];
      w.factor = ConstMatMap(params.data() + t.offset, t.rows, t.cols).cast<double>();
      nn::product_into(w.gram, w.factor.transpose(), w.factor, false);
      w.gram.diagonal().array() += lambda_;
      MatMap gs(g.data() + t.offset, t.rows, t.cols);
      w.gradient = gs.transpose().cast<double>();
      w.cholesky.compute(w.gram);
      w.cholesky.solveInPlace(w.gradient);
      gs = w.gradient.transpose().cast<Scalar>();
    }
  }

  // Scratch only: everything is recomputed from the parameters at every step.
  void visit_state(StateVisitor& /*v*/) override {}

 private:
  double lambda_;
  std::vector<std::unique_ptr<FactorWorkspace>> work_;  // null for vectors
};

}  // namespace

OptimizerInfo scaled_gd_info() {
  OptimizerInfo info = describe("scaled_gd", "ScaledGD(λ)", family::kGeometry);
  info.description =
      "Gradient descent on each weight matrix U, right-multiplied by (U^T U + lambda I)^-1: "
      "every direction of the factor moves at the same rate whatever its singular value, so "
      "low-rank matrix sensing learns all singular values together instead of one at a "
      "time. Vectors take the plain gradient step.";
  info.citation = {"The Power of Preconditioning in Overparameterized Low-Rank Matrix Sensing",
                   "Xu, Shen, Chi, Ma", 2023, "ICML 2023, eq. (5)"};
  info.params = {hp::lr(0.1),
                 log_real("lambda", 0.1, 1e-8, 100.0,
                          "Damping lambda added to U^T U before inverting it (the paper's "
                          "lambda, of the order of the smallest singular value to learn): "
                          "small lets a network's weakly scaled directions take huge steps.")};
  info.make = [](const ParamValues& p) {
    return chain_optimizer(make_transform<ScaleByFactorGram>(p.get("lambda")),
                           make_transform<ScaleByLearningRate>());
  };
  return info;
}

}  // namespace descent
