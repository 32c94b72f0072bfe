#pragma once
// Reference damped generalized Gauss-Newton, plain loops, from Schraudolph (2002), "Fast
// curvature matrix-vector products for second-order gradient descent" (G = J^T H_L J) and
// Martens (2010), "Deep learning via Hessian-free optimization" (damping G + lambda I):
//   d = -lr (J^T H J + lambda I)^{-1} J^T g,
// solved here DIRECTLY in parameter space (a P x P system by Gaussian elimination with
// partial pivoting), unlike the core, which solves the (batch x outputs) system of the
// push-through identity: the two agree only if that identity and both assemblies are right.
// J column by column by forward-mode JVPs of a plain MLP with unit vectors; H and g from the
// logits: mse H = I / B, g = (z - y) / B; cross-entropy H = (diag p - p p^T) / B,
// g = (p - e_label) / B.
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/curvature/mlp_jvp.h"

namespace descent::reference::curvature {

// Solves A x = b (n x n, row-major) by Gaussian elimination with partial pivoting.
inline std::vector<double> solve_dense(std::vector<double> a, std::vector<double> b, int n) {
  for (int c = 0; c < n; ++c) {
    int pivot = c;
    for (int r = c + 1; r < n; ++r)
      if (std::abs(a[r * n + c]) > std::abs(a[pivot * n + c])) pivot = r;
    if (pivot != c) {
      for (int k = 0; k < n; ++k) std::swap(a[c * n + k], a[pivot * n + k]);
      std::swap(b[c], b[pivot]);
    }
    for (int r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      for (int k = c; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n);
  for (int r = n - 1; r >= 0; --r) {
    double s = b[r];
    for (int k = r + 1; k < n; ++k) s -= a[r * n + k] * x[k];
    x[r] = s / a[r * n + r];
  }
  return x;
}

class GaussNewton final : public zoo::ReferenceOptimizer {
 public:
  // labels for cross-entropy (empty for mse); targets (out x batch, column-major) for mse.
  GaussNewton(TanhMlp net, double lambda, std::vector<int> labels, std::vector<double> targets)
      : net_(std::move(net)),
        lambda_(lambda),
        labels_(std::move(labels)),
        targets_(std::move(targets)) {}
  void step(zoo::Params& p, const zoo::Oracle&, int, double lr) override {
    const int np = static_cast<int>(p.size());
    const int k = net_.widths.back(), b = net_.batch, n = k * b;
    // J (n x P), column i = J e_i.
    std::vector<double> jac(static_cast<std::size_t>(n) * np), z, dz;
    zoo::Params e(np, 0.0f);
    for (int i = 0; i < np; ++i) {
      e[i] = 1.0f;
      net_.jvp(p, e, z, dz);
      e[i] = 0.0f;
      for (int r = 0; r < n; ++r) jac[static_cast<std::size_t>(r) * np + i] = dz[r];
    }
    // H blocks and g from the logits z (out x batch).
    std::vector<double> h(static_cast<std::size_t>(n) * n, 0.0), g(n);
    for (int j = 0; j < b; ++j) {
      if (labels_.empty()) {
        for (int a = 0; a < k; ++a) {
          h[(j * k + a) * n + j * k + a] = 1.0 / b;
          g[j * k + a] = (z[j * k + a] - targets_[j * k + a]) / b;
        }
      } else {
        double mx = z[j * k], sum = 0;
        for (int a = 1; a < k; ++a) mx = std::max(mx, z[j * k + a]);
        std::vector<double> pr(k);
        for (int a = 0; a < k; ++a) sum += pr[a] = std::exp(z[j * k + a] - mx);
        for (int a = 0; a < k; ++a) pr[a] /= sum;
        for (int a = 0; a < k; ++a) {
          g[j * k + a] = (pr[a] - (a == labels_[j] ? 1.0 : 0.0)) / b;
          for (int c = 0; c < k; ++c)
            h[(j * k + a) * n + j * k + c] = ((a == c ? pr[a] : 0.0) - pr[a] * pr[c]) / b;
        }
      }
    }
    // G = J^T H J + lambda I (P x P), grad = J^T g.
    std::vector<double> hj(static_cast<std::size_t>(n) * np, 0.0);
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < n; ++c) {
        const double hv = h[r * n + c];
        if (hv == 0) continue;
        for (int i = 0; i < np; ++i)
          hj[static_cast<std::size_t>(r) * np + i] +=
              hv * jac[static_cast<std::size_t>(c) * np + i];
      }
    std::vector<double> gm(static_cast<std::size_t>(np) * np, 0.0), grad(np, 0.0);
    for (int r = 0; r < n; ++r)
      for (int i = 0; i < np; ++i) {
        const double jri = jac[static_cast<std::size_t>(r) * np + i];
        grad[i] += jri * g[r];
        for (int l = 0; l < np; ++l)
          gm[static_cast<std::size_t>(i) * np + l] +=
              jri * hj[static_cast<std::size_t>(r) * np + l];
      }
    for (int i = 0; i < np; ++i) gm[static_cast<std::size_t>(i) * np + i] += lambda_;
    const std::vector<double> d = solve_dense(gm, grad, np);
    for (int i = 0; i < np; ++i) p[i] = static_cast<float>(p[i] - lr * d[i]);
  }

 private:
  TanhMlp net_;
  double lambda_;
  std::vector<int> labels_;
  std::vector<double> targets_;
};

}  // namespace descent::reference::curvature
