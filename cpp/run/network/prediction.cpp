// Predictions for the page's decision-boundary and regression plots: class probabilities by
// the loss's own link (softmax, StableMax, sigmoid) or the regression outputs.
#include <cmath>

#include "run/network_problem.h"

namespace descent {

void NetworkProblem::predict(ConstVecRef params, const Eigen::Ref<const Mat>& x, Mat& out) {
  const int n = static_cast<int>(x.cols());
  const bool logistic = mlp_.spec().loss == LossKind::Logistic;
  const bool softmax = mlp_.spec().loss == LossKind::CrossEntropy;
  const bool stablemax = mlp_.spec().loss == LossKind::StableMax;
  out.resize(logistic ? 2 : mlp_.output_dim(), n);
  for (int start = 0; start < n; start += kEvalChunk) {
    const int m = std::min(kEvalChunk, n - start);
    mlp_.forward(params, x.middleCols(start, m), out_);
    auto logits = out_.leftCols(m);
    if (softmax) {
      softmax_.resize(logits.rows());
      for (int j = 0; j < m; ++j) {
        auto col = logits.col(j);
        softmax_ = (col.array() - col.maxCoeff()).exp();
        out.col(start + j) = softmax_ / softmax_.sum();
      }
    } else if (stablemax) {
      // The probabilities the StableMax loss trains: s(z_i) / sum_k s(z_k).
      for (int j = 0; j < m; ++j) {
        auto col = out.col(start + j);
        for (Eigen::Index i = 0; i < col.size(); ++i) {
          const Scalar z = logits(i, j);
          col(i) = z >= Scalar(0) ? z + Scalar(1) : Scalar(1) / (Scalar(1) - z);
        }
        col /= col.sum();
      }
    } else if (logistic) {
      for (int j = 0; j < m; ++j) {
        const Scalar p = Scalar(1) / (Scalar(1) + std::exp(-logits(0, j)));
        out(0, start + j) = Scalar(1) - p;
        out(1, start + j) = p;
      }
    } else {
      out.middleCols(start, m) = logits;
    }
  }
}

}  // namespace descent
