#include "nn/loss.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace descent {
namespace nn {
namespace {

template <class S>
void check_labels(const BasicTargets<S>& t, const char* loss) {
  if (t.labels == nullptr) {
    throw std::invalid_argument(std::string(loss) + " loss needs class labels");
  }
}

template <class S, bool WithGrad>
double mse(const ConstMatRef<S>& out, const BasicTargets<S>& t, MatRef<S>* dout) {
  if (t.values == nullptr || t.values->rows() != out.rows() || t.values->cols() < out.cols()) {
    throw std::invalid_argument("mse targets: need output_dim rows, at least batch columns");
  }
  const Eigen::Index batch = out.cols();
  const auto y = t.values->leftCols(batch);
  const S inv_batch = S(1) / S(batch);
  double sum = 0.0;
  for (Eigen::Index j = 0; j < batch; ++j) {
    if constexpr (WithGrad) {
      auto d = dout->col(j);
      d = out.col(j) - y.col(j);
      sum += static_cast<double>(d.squaredNorm());
      d *= inv_batch;
    } else {
      sum += static_cast<double>((out.col(j) - y.col(j)).squaredNorm());
    }
  }
  return 0.5 * sum / static_cast<double>(batch);
}

template <class S, bool WithGrad>
double cross_entropy(const ConstMatRef<S>& out, const BasicTargets<S>& t, MatRef<S>* dout) {
  check_labels(t, "cross_entropy");
  const Eigen::Index batch = out.cols();
  const S inv_batch = S(1) / S(batch);
  double sum = 0.0;
  for (Eigen::Index j = 0; j < batch; ++j) {
    const int label = t.labels[j];
    if (label < 0 || label >= out.rows()) {
      throw std::invalid_argument("cross_entropy label out of range");
    }
    auto logits = out.col(j).array();
    const S max = logits.maxCoeff();
    S sum_exp;
    if constexpr (WithGrad) {
      auto d = dout->col(j).array();
      d = (logits - max).exp();
      sum_exp = d.sum();
      d *= inv_batch / sum_exp;  // softmax / B
      d(label) -= inv_batch;
    } else {
      sum_exp = (logits - max).exp().sum();
    }
    sum += static_cast<double>(max + std::log(sum_exp) - logits(label));
  }
  return sum / static_cast<double>(batch);
}

// StableMax's s(x) and s'(x) / s(x): x + 1 and 1 / (x + 1) for x >= 0; 1 / (1 - x) and
// s(x) again for x < 0 (s'(x) = 1 / (1 - x)^2 = s(x)^2 there).
template <class S>
S stablemax_s(S x) {
  return x >= S(0) ? x + S(1) : S(1) / (S(1) - x);
}
template <class S>
S stablemax_dlog_s(S x) {
  return x >= S(0) ? S(1) / (x + S(1)) : S(1) / (S(1) - x);
}

template <class S, bool WithGrad>
double stablemax(const ConstMatRef<S>& out, const BasicTargets<S>& t, MatRef<S>* dout) {
  check_labels(t, "stablemax");
  const Eigen::Index batch = out.cols();
  const Eigen::Index classes = out.rows();
  const S inv_batch = S(1) / S(batch);
  double sum = 0.0;
  for (Eigen::Index j = 0; j < batch; ++j) {
    const int label = t.labels[j];
    if (label < 0 || label >= classes) {
      throw std::invalid_argument("stablemax label out of range");
    }
    S total = S(0);
    for (Eigen::Index i = 0; i < classes; ++i) total += stablemax_s(out(i, j));
    const S z_label = out(label, j);
    sum += static_cast<double>(std::log(total) - std::log(stablemax_s(z_label)));
    if constexpr (WithGrad) {
      // dL/dz_i = s'(z_i) / sum s - [i = label] s'(z_label) / s(z_label).
      const S inv_total = inv_batch / total;
      for (Eigen::Index i = 0; i < classes; ++i) {
        const S z = out(i, j);
        const S s = stablemax_s(z);
        (*dout)(i, j) = (z >= S(0) ? S(1) : s * s) * inv_total;
      }
      (*dout)(label, j) -= stablemax_dlog_s(z_label) * inv_batch;
    }
  }
  return sum / static_cast<double>(batch);
}

template <class S, bool WithGrad>
double logistic(const ConstMatRef<S>& out, const BasicTargets<S>& t, MatRef<S>* dout) {
  check_labels(t, "logistic");
  if (out.rows() != 1) throw std::invalid_argument("logistic loss needs one output");
  const Eigen::Index batch = out.cols();
  const S inv_batch = S(1) / S(batch);
  double sum = 0.0;
  for (Eigen::Index j = 0; j < batch; ++j) {
    const int label = t.labels[j];
    if (label != 0 && label != 1) throw std::invalid_argument("logistic label must be 0 or 1");
    const S y = S(label);
    const S z = out(0, j);
    const S e = std::exp(-std::abs(z));  // in (0, 1]: no overflow
    sum += static_cast<double>(std::max(z, S(0)) - y * z + std::log1p(e));
    if constexpr (WithGrad) {
      const S sigmoid = z >= S(0) ? S(1) / (S(1) + e) : e / (S(1) + e);
      (*dout)(0, j) = (sigmoid - y) * inv_batch;
    }
  }
  return sum / static_cast<double>(batch);
}

template <class S, bool WithGrad>
double dispatch(LossKind kind, const ConstMatRef<S>& out, const BasicTargets<S>& t,
                MatRef<S>* dout) {
  if (out.cols() == 0) throw std::invalid_argument("loss of an empty batch");
  switch (kind) {
    case LossKind::Mse:
      return mse<S, WithGrad>(out, t, dout);
    case LossKind::CrossEntropy:
      return cross_entropy<S, WithGrad>(out, t, dout);
    case LossKind::Logistic:
      return logistic<S, WithGrad>(out, t, dout);
    case LossKind::StableMax:
      return stablemax<S, WithGrad>(out, t, dout);
  }
  throw std::invalid_argument("unknown loss");
}

}  // namespace

template <class S>
double loss_value(LossKind kind, const ConstMatRef<S>& out, const BasicTargets<S>& targets) {
  return dispatch<S, false>(kind, out, targets, nullptr);
}

template <class S>
double loss_value_and_grad(LossKind kind, const ConstMatRef<S>& out, const BasicTargets<S>& targets,
                           MatRef<S> dout) {
  if (dout.rows() != out.rows() || dout.cols() != out.cols()) {
    throw std::invalid_argument("loss gradient buffer has the wrong shape");
  }
  return dispatch<S, true>(kind, out, targets, &dout);
}

template <class S>
void loss_hessian_product(LossKind kind, const ConstMatRef<S>& out, const ConstMatRef<S>& dir,
                          MatRef<S> dst, const int* labels) {
  if (dir.rows() != out.rows() || dir.cols() != out.cols() || dst.rows() != out.rows() ||
      dst.cols() != out.cols()) {
    throw std::invalid_argument("loss Hessian product: shapes differ");
  }
  const Eigen::Index batch = out.cols();
  if (batch == 0) throw std::invalid_argument("loss of an empty batch");
  const S inv_batch = S(1) / S(batch);
  switch (kind) {
    case LossKind::Mse:
      dst = dir * inv_batch;
      return;
    case LossKind::CrossEntropy:
      for (Eigen::Index j = 0; j < batch; ++j) {
        auto logits = out.col(j).array();
        auto d = dst.col(j).array();
        d = (logits - logits.maxCoeff()).exp();
        d /= d.sum();  // p
        // p .* (dir - p^T dir): the softmax Jacobian, symmetric.
        const S mean_dir = (d * dir.col(j).array()).sum();
        d *= (dir.col(j).array() - mean_dir) * inv_batch;
      }
      return;
    case LossKind::Logistic:
      for (Eigen::Index j = 0; j < batch; ++j) {
        const S z = out(0, j);
        const S e = std::exp(-std::abs(z));
        const S sigmoid = z >= S(0) ? S(1) / (S(1) + e) : e / (S(1) + e);
        dst(0, j) = sigmoid * (S(1) - sigmoid) * dir(0, j) * inv_batch;
      }
      return;
    case LossKind::StableMax:
      // s' = 1, s'' = 0 for z >= 0; s' = s^2, s'' = 2 s^3 for z < 0 (s = 1 / (1 - z)).
      // (log s)'' = -1 / (z + 1)^2 for z >= 0 and s^2 for z < 0.
      if (labels == nullptr) throw std::invalid_argument("stablemax Hessian needs the labels");
      for (Eigen::Index j = 0; j < batch; ++j) {
        S total = S(0), slope_dot_dir = S(0);
        for (Eigen::Index i = 0; i < out.rows(); ++i) {
          const S z = out(i, j);
          const S s = stablemax_s(z);
          total += s;
          slope_dot_dir += (z >= S(0) ? S(1) : s * s) * dir(i, j);
        }
        for (Eigen::Index i = 0; i < out.rows(); ++i) {
          const S z = out(i, j);
          const S s = stablemax_s(z);
          const S slope = z >= S(0) ? S(1) : s * s;
          const S bend = z >= S(0) ? S(0) : S(2) * s * s * s;
          dst(i, j) =
              (bend * dir(i, j) / total - slope * slope_dot_dir / (total * total)) * inv_batch;
        }
        const Eigen::Index l = labels[j];
        const S z = out(l, j);
        const S s = stablemax_s(z);
        const S log_bend = z >= S(0) ? -S(1) / ((z + S(1)) * (z + S(1))) : s * s;
        dst(l, j) -= log_bend * dir(l, j) * inv_batch;
      }
      return;
  }
  throw std::invalid_argument("unknown loss");
}

template void loss_hessian_product<float>(LossKind, const ConstMatRef<float>&,
                                          const ConstMatRef<float>&, MatRef<float>, const int*);
template void loss_hessian_product<double>(LossKind, const ConstMatRef<double>&,
                                           const ConstMatRef<double>&, MatRef<double>, const int*);
template double loss_value<float>(LossKind, const ConstMatRef<float>&, const BasicTargets<float>&);
template double loss_value<double>(LossKind, const ConstMatRef<double>&,
                                   const BasicTargets<double>&);
template double loss_value_and_grad<float>(LossKind, const ConstMatRef<float>&,
                                           const BasicTargets<float>&, MatRef<float>);
template double loss_value_and_grad<double>(LossKind, const ConstMatRef<double>&,
                                            const BasicTargets<double>&, MatRef<double>);

}  // namespace nn
}  // namespace descent
