#pragma once
// Reference direct feedback alignment, plain loops, from "Direct Feedback Alignment Provides
// Learning in Deep Neural Networks" (Nokland, 2016, Section 2) as studied in "Principled
// Training of Neural Networks with Direct Feedback Alignment" (Launay, Poli, Krzakala, 2019):
// for a tanh MLP with softmax cross-entropy (mean over the batch) and e = dL/d(outputs),
//   output layer:   delta_L = e
//   hidden layer l: delta_l = (B_l e) .* (1 - a_{l+1}^2)      (tanh' from the layer's output)
//   grad W_l = delta_l a_l^T,  grad b_l = sum over samples of delta_l,
// then heavy-ball momentum buf = momentum buf + grad (buf = grad at step 1), p <- p - lr buf.
// B_l (width of hidden layer l x outputs) has entries feedback_scale * N(0, 1) / sqrt(outputs)
// from the run's optimizer stream, drawn layer by layer from the input, column by column (the
// catalog entry's documented draw). The network's forward pass is this file's own (flat
// parameters per layer: W out x in column-major, then b).
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/pcg32.h"

namespace descent::reference::backprop_free {

using Matrix = std::vector<double>;  // column-major

// The feedback matrices of a network with these layer widths (input first, outputs last).
inline std::vector<Matrix> draw_feedback(const std::vector<int>& widths, double scale,
                                         std::uint64_t seed) {
  Pcg32 rng(seed, 4);
  const int k = widths.back();
  const double s = scale / std::sqrt(static_cast<double>(k));
  std::vector<Matrix> b;
  for (std::size_t l = 1; l + 1 < widths.size(); ++l) {
    Matrix m(static_cast<std::size_t>(widths[l]) * k);
    for (double& x : m) x = static_cast<float>(s * rng.normal());
    b.push_back(m);
  }
  return b;
}

class DirectFeedbackAlignment final : public zoo::ReferenceOptimizer {
 public:
  DirectFeedbackAlignment(std::vector<int> widths, std::vector<double> x, std::vector<int> labels,
                          double momentum, double scale)
      : widths_(std::move(widths)),
        x_(std::move(x)),
        labels_(std::move(labels)),
        momentum_(momentum),
        feedback_(draw_feedback(widths_, scale, kZooSeed)) {}

  void step(zoo::Params& p, const zoo::Oracle&, int t, double lr) override {
    const int layers = static_cast<int>(widths_.size()) - 1, n = static_cast<int>(labels_.size());
    std::vector<Matrix> acts(layers + 1);
    std::vector<int> offsets(layers);
    acts[0] = x_;
    int offset = 0;
    for (int l = 0; l < layers; ++l) {
      offsets[l] = offset;
      const int in = widths_[l], out = widths_[l + 1];
      acts[l + 1].assign(static_cast<std::size_t>(out) * n, 0.0);
      for (int j = 0; j < n; ++j) {
        for (int r = 0; r < out; ++r) {
          double s = p[offset + out * in + r];
          for (int c = 0; c < in; ++c) s += p[offset + c * out + r] * acts[l][j * in + c];
          acts[l + 1][j * out + r] = l + 1 < layers ? std::tanh(s) : s;
        }
      }
      offset += out * in + out;
    }
    const int k = widths_.back();
    Matrix e(static_cast<std::size_t>(k) * n);
    for (int j = 0; j < n; ++j) {
      double mx = -1e300, sum = 0;
      for (int r = 0; r < k; ++r) mx = std::max(mx, acts[layers][j * k + r]);
      for (int r = 0; r < k; ++r) sum += std::exp(acts[layers][j * k + r] - mx);
      for (int r = 0; r < k; ++r) {
        const double prob = std::exp(acts[layers][j * k + r] - mx) / sum;
        e[j * k + r] = (prob - (r == labels_[j] ? 1.0 : 0.0)) / n;
      }
    }
    if (buf_.empty()) buf_.assign(p.size(), 0.0);
    std::vector<double> grad(p.size(), 0.0);
    for (int l = 0; l < layers; ++l) {
      const int in = widths_[l], out = widths_[l + 1];
      Matrix delta(static_cast<std::size_t>(out) * n);
      for (int j = 0; j < n; ++j) {
        for (int r = 0; r < out; ++r) {
          if (l + 1 == layers) {
            delta[j * out + r] = e[j * k + r];
            continue;
          }
          double s = 0;
          for (int c = 0; c < k; ++c) s += feedback_[l][c * out + r] * e[j * k + c];
          const double h = acts[l + 1][j * out + r];
          delta[j * out + r] = s * (1 - h * h);
        }
      }
      for (int j = 0; j < n; ++j) {
        for (int r = 0; r < out; ++r) {
          for (int c = 0; c < in; ++c)
            grad[offsets[l] + c * out + r] += delta[j * out + r] * acts[l][j * in + c];
          grad[offsets[l] + out * in + r] += delta[j * out + r];
        }
      }
    }
    for (std::size_t i = 0; i < p.size(); ++i) {
      buf_[i] = t == 1 ? grad[i] : momentum_ * buf_[i] + grad[i];
      p[i] = static_cast<float>(p[i] - lr * buf_[i]);
    }
  }

  const std::vector<Matrix>& feedback() const { return feedback_; }

 private:
  std::vector<int> widths_;
  std::vector<double> x_;
  std::vector<int> labels_;
  double momentum_;
  std::vector<Matrix> feedback_;
  std::vector<double> buf_;
};

}  // namespace descent::reference::backprop_free
