#pragma once
// DP-SGD ("Deep Learning with Differential Privacy", Abadi et al., 2016, Algorithm 1) and
// DiceSGD ("Differentially Private SGD Without Clipping Bias: An Error-Feedback Approach",
// Zhang, Bu, Hong, Wang, ICLR 2024, Algorithm 1) written from the papers' equations on a
// one-hidden-layer tanh network with a softmax cross-entropy loss, in plain double loops:
// each example's gradient is backpropagated alone, then
//   v = (1/B) sum_j g_j min(1, C / |g_j|)
//   g = v + clip(e, C2) + w,  w ~ N(0, (sigma C / B)^2 I)  (w drawn coordinate by coordinate)
//   e <- e + (1/B) sum_j g_j - v - clip(e, C2)             (error feedback only)
//   theta <- theta - lr g.
// Parameters in the core's layout: W1 (hidden x in, column-major), b1, W2 (classes x hidden,
// column-major), b2. No Eigen, no core code.
#include <cmath>
#include <cstddef>
#include <vector>

#include "../pcg32.h"

namespace descent::reference {

struct TinyNet {
  int in = 0, hidden = 0, classes = 0;
  std::size_t size() const {
    return static_cast<std::size_t>(hidden * in + hidden + classes * hidden + classes);
  }
};

// The gradient of example (x, label)'s own cross-entropy loss at theta.
inline std::vector<double> example_gradient(const TinyNet& net, const std::vector<double>& theta,
                                            const double* x, int label) {
  const int in = net.in, hid = net.hidden, k = net.classes;
  const double* w1 = theta.data();
  const double* b1 = w1 + hid * in;
  const double* w2 = b1 + hid;
  const double* b2 = w2 + k * hid;
  std::vector<double> h(hid), logits(k), p(k);
  for (int i = 0; i < hid; ++i) {
    double z = b1[i];
    for (int c = 0; c < in; ++c) z += w1[i + c * hid] * x[c];
    h[i] = std::tanh(z);
  }
  double top = -1e300;
  for (int o = 0; o < k; ++o) {
    double z = b2[o];
    for (int i = 0; i < hid; ++i) z += w2[o + i * k] * h[i];
    logits[o] = z;
    if (z > top) top = z;
  }
  double total = 0;
  for (int o = 0; o < k; ++o) total += p[o] = std::exp(logits[o] - top);
  std::vector<double> g(net.size(), 0.0);
  double* gw1 = g.data();
  double* gb1 = gw1 + hid * in;
  double* gw2 = gb1 + hid;
  double* gb2 = gw2 + k * hid;
  std::vector<double> dh(hid, 0.0);
  for (int o = 0; o < k; ++o) {
    const double d = p[o] / total - (o == label ? 1.0 : 0.0);  // dL/dlogit
    gb2[o] = d;
    for (int i = 0; i < hid; ++i) {
      gw2[o + i * k] = d * h[i];
      dh[i] += w2[o + i * k] * d;
    }
  }
  for (int i = 0; i < hid; ++i) {
    const double dz = dh[i] * (1 - h[i] * h[i]);
    gb1[i] = dz;
    for (int c = 0; c < in; ++c) gw1[i + c * hid] = dz * x[c];
  }
  return g;
}

inline double norm_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}

struct DpSgdReference {
  TinyNet net;
  double clip = 1, sigma = 0, feedback_clip = 1, lr = 0.1;
  bool feedback = false;
  std::vector<double> theta, error;
  Pcg32 noise;

  DpSgdReference(TinyNet n, std::vector<double> start, double c, double s, bool ef, double c2,
                 double rate, std::uint64_t seed)
      : net(n),
        clip(c),
        sigma(s),
        feedback_clip(c2),
        lr(rate),
        feedback(ef),
        theta(std::move(start)),
        error(theta.size(), 0.0),
        noise(seed, 6) {}

  // One step on the examples (inputs column by column in xs, in x batch).
  void step(const std::vector<double>& xs, const std::vector<int>& labels) {
    const std::size_t n = theta.size();
    const int batch = static_cast<int>(labels.size());
    std::vector<double> clipped(n, 0.0), mean(n, 0.0);
    for (int j = 0; j < batch; ++j) {
      const std::vector<double> g = example_gradient(net, theta, &xs[j * net.in], labels[j]);
      const double norm = norm_of(g);
      const double scale = norm > clip ? clip / norm : 1.0;
      for (std::size_t i = 0; i < n; ++i) {
        clipped[i] += g[i] * scale / batch;
        mean[i] += g[i] / batch;
      }
    }
    std::vector<double> released = clipped;
    if (feedback) {
      const double e = norm_of(error);
      const double scale = e > feedback_clip ? feedback_clip / e : 1.0;
      for (std::size_t i = 0; i < n; ++i) {
        const double fed = error[i] * scale;
        released[i] += fed;
        error[i] += mean[i] - clipped[i] - fed;
      }
    }
    if (sigma > 0) {
      for (std::size_t i = 0; i < n; ++i) released[i] += sigma * clip / batch * noise.normal();
    }
    for (std::size_t i = 0; i < n; ++i) theta[i] -= lr * released[i];
  }
};

}  // namespace descent::reference
