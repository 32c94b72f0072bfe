#pragma once
// Reference K-FAC, plain loops, from "Optimizing Neural Networks with Kronecker-factored
// Approximate Curvature" (Martens, Grosse, 2015): for each dense layer of a tanh MLP with a
// softmax cross-entropy (mean over the batch), with abar = (a, 1) the layer's inputs and
// g = B dL/dz the per-sample pre-activation gradients (the data's own labels, as the catalog
// entry's empirical-Fisher simplification),
//   A = eps A + (1 - eps) mean(abar abar^T),  G = eps G + (1 - eps) mean(g g^T),
//   eps = min(1 - 1/k, decay)                                          (Section 5)
//   pi = sqrt((tr A / (in + 1)) / (tr G / out))                        (Section 6.3)
//   step = -lr (G + sqrt(lambda)/pi I)^{-1} [grad_W grad_b] (A + pi sqrt(lambda) I)^{-1}
// with the damped inverses recomputed every `interval` steps. The network's forward and
// backward passes are this file's own (tanh hidden layers, flat parameters per layer W (out x
// in, column-major) then b); the inverses by Gauss-Jordan elimination. All in double.
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference::curvature {

class Kfac final : public zoo::ReferenceOptimizer {
 public:
  using M = std::vector<double>;  // row-major square or rectangular matrices

  Kfac(std::vector<int> widths, std::vector<double> x, std::vector<int> labels, double damping,
       double decay, int interval)
      : widths_(std::move(widths)),
        x_(std::move(x)),
        labels_(std::move(labels)),
        lambda_(damping),
        decay_(decay),
        interval_(interval) {}

  void step(zoo::Params& p, const zoo::Oracle&, int t, double lr) override {
    const int layers = static_cast<int>(widths_.size()) - 1, b = static_cast<int>(labels_.size());
    // Forward: acts[l] = input of layer l (in x b, column-major: acts[l][j * in + i]).
    std::vector<std::vector<double>> acts(layers + 1);
    acts[0] = x_;
    std::vector<int> offsets(layers);
    int offset = 0;
    for (int l = 0; l < layers; ++l) {
      offsets[l] = offset;
      const int in = widths_[l], out = widths_[l + 1];
      acts[l + 1].assign(static_cast<std::size_t>(out) * b, 0.0);
      for (int j = 0; j < b; ++j) {
        for (int r = 0; r < out; ++r) {
          double s = p[offset + out * in + r];
          for (int c = 0; c < in; ++c) s += p[offset + c * out + r] * acts[l][j * in + c];
          acts[l + 1][j * out + r] = l + 1 < layers ? std::tanh(s) : s;
        }
      }
      offset += out * in + out;
    }
    // Backward: delta of the mean loss at the output, then through tanh.
    std::vector<std::vector<double>> deltas(layers);
    const int k = widths_.back();
    deltas[layers - 1].assign(static_cast<std::size_t>(k) * b, 0.0);
    for (int j = 0; j < b; ++j) {
      double mx = -1e300, sum = 0;
      for (int r = 0; r < k; ++r) mx = std::max(mx, acts[layers][j * k + r]);
      for (int r = 0; r < k; ++r) sum += std::exp(acts[layers][j * k + r] - mx);
      for (int r = 0; r < k; ++r) {
        const double prob = std::exp(acts[layers][j * k + r] - mx) / sum;
        deltas[layers - 1][j * k + r] = (prob - (r == labels_[j] ? 1.0 : 0.0)) / b;
      }
    }
    for (int l = layers - 1; l > 0; --l) {
      const int in = widths_[l], out = widths_[l + 1];
      deltas[l - 1].assign(static_cast<std::size_t>(in) * b, 0.0);
      for (int j = 0; j < b; ++j) {
        for (int c = 0; c < in; ++c) {
          double s = 0;
          for (int r = 0; r < out; ++r) s += p[offsets[l] + c * out + r] * deltas[l][j * out + r];
          const double h = acts[l][j * in + c];
          deltas[l - 1][j * in + c] = s * (1 - h * h);
        }
      }
    }
    if (a_.empty()) {
      a_.resize(layers);
      g_.resize(layers);
      ainv_.resize(layers);
      ginv_.resize(layers);
    }
    const double eps = std::min(1.0 - 1.0 / t, decay_);
    zoo::Params next = p;
    for (int l = 0; l < layers; ++l) {
      const int in = widths_[l], out = widths_[l + 1], n = in + 1;
      if (a_[l].empty()) {
        a_[l].assign(static_cast<std::size_t>(n) * n, 0.0);
        g_[l].assign(static_cast<std::size_t>(out) * out, 0.0);
      }
      for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
          double s = 0;
          for (int j = 0; j < b; ++j) s += abar(acts[l], in, j, r) * abar(acts[l], in, j, c);
          a_[l][r * n + c] = eps * a_[l][r * n + c] + (1 - eps) * s / b;
        }
      }
      for (int r = 0; r < out; ++r) {
        for (int c = 0; c < out; ++c) {
          double s = 0;
          for (int j = 0; j < b; ++j)
            s += (b * deltas[l][j * out + r]) * (b * deltas[l][j * out + c]);
          g_[l][r * out + c] = eps * g_[l][r * out + c] + (1 - eps) * s / b;
        }
      }
      if ((t - 1) % interval_ == 0) {
        double ta = 0, tg = 0;
        for (int i = 0; i < n; ++i) ta += a_[l][i * n + i];
        for (int i = 0; i < out; ++i) tg += g_[l][i * out + i];
        ta /= n;
        tg /= out;
        const double pi = ta > 0 && tg > 0 ? std::sqrt(ta / tg) : 1.0;
        M ad = a_[l], gd = g_[l];
        for (int i = 0; i < n; ++i) ad[i * n + i] += pi * std::sqrt(lambda_);
        for (int i = 0; i < out; ++i) gd[i * out + i] += std::sqrt(lambda_) / pi;
        ainv_[l] = inverse(ad, n);
        ginv_[l] = inverse(gd, out);
      }
      // Gradient [grad_W grad_b] (out x n, row-major).
      M grad(static_cast<std::size_t>(out) * n, 0.0);
      for (int r = 0; r < out; ++r)
        for (int c = 0; c < n; ++c)
          for (int j = 0; j < b; ++j)
            grad[r * n + c] += deltas[l][j * out + r] * abar(acts[l], in, j, c);
      M left(static_cast<std::size_t>(out) * n, 0.0), step(static_cast<std::size_t>(out) * n, 0.0);
      for (int r = 0; r < out; ++r)
        for (int c = 0; c < n; ++c)
          for (int q = 0; q < out; ++q) left[r * n + c] += ginv_[l][r * out + q] * grad[q * n + c];
      for (int r = 0; r < out; ++r)
        for (int c = 0; c < n; ++c)
          for (int q = 0; q < n; ++q) step[r * n + c] += left[r * n + q] * ainv_[l][q * n + c];
      for (int r = 0; r < out; ++r) {
        for (int c = 0; c < in; ++c) {
          const int w = offsets[l] + c * out + r;
          next[w] = static_cast<float>(p[w] - lr * step[r * n + c]);
        }
        const int bias = offsets[l] + out * in + r;
        next[bias] = static_cast<float>(p[bias] - lr * step[r * n + in]);
      }
    }
    p = next;
  }

 private:
  static double abar(const std::vector<double>& a, int in, int j, int i) {
    return i < in ? a[static_cast<std::size_t>(j) * in + i] : 1.0;
  }

  // Gauss-Jordan with partial pivoting.
  static M inverse(M a, int n) {
    M inv(static_cast<std::size_t>(n) * n, 0.0);
    for (int i = 0; i < n; ++i) inv[i * n + i] = 1;
    for (int c = 0; c < n; ++c) {
      int piv = c;
      for (int r = c + 1; r < n; ++r)
        if (std::abs(a[r * n + c]) > std::abs(a[piv * n + c])) piv = r;
      for (int k = 0; k < n; ++k) {
        std::swap(a[c * n + k], a[piv * n + k]);
        std::swap(inv[c * n + k], inv[piv * n + k]);
      }
      const double d = a[c * n + c];
      for (int k = 0; k < n; ++k) {
        a[c * n + k] /= d;
        inv[c * n + k] /= d;
      }
      for (int r = 0; r < n; ++r) {
        if (r == c) continue;
        const double f = a[r * n + c];
        if (f == 0) continue;
        for (int k = 0; k < n; ++k) {
          a[r * n + k] -= f * a[c * n + k];
          inv[r * n + k] -= f * inv[c * n + k];
        }
      }
    }
    return inv;
  }

  std::vector<int> widths_;
  std::vector<double> x_;
  std::vector<int> labels_;
  double lambda_, decay_;
  int interval_;
  std::vector<M> a_, g_, ainv_, ginv_;
};

}  // namespace descent::reference::curvature
