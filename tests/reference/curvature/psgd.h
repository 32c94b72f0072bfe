#pragma once
// Reference PSGD, plain loops, from "Preconditioned Stochastic Gradient Descent" (Li, 2015)
// and "Curvature-Informed SGD via General Purpose Lie-Group Preconditioners" (Pooladzandi,
// Li, 2024): a probe v ~ N(0, I) and h = H v each step; the preconditioner P = Q^T Q is moved
// on its Lie group towards P E[hh^T] P = E[vv^T] by a step normalised by the largest entry of
// its gradient:
//   diagonal: a = q h, b = v / q, q <- q - mu (a^2 - b^2) q / max|a^2 - b^2|
//             (one normalisation over all diagonal coordinates);
//   Kronecker per tensor (rows x cols, both <= kron_max_dim): rebalance by
//             rho = sqrt(max diag Q1 / max diag Q2); A = Q1 Hv Q2^T; B = Q1^{-T} V Q2^{-1};
//             Q1 <- Q1 - mu triu(AA^T - BB^T) Q1 / max|.|, Q2 <- Q2 - mu triu(A^TA - B^TB) Q2 /
//             max|.|;
//   m = beta m + (1 - beta) g;  x <- x - lr P m  (Kronecker: Q1^T Q1 M Q2^T Q2).
// State in double; probes from an independent PCG32 of the optimizer stream.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"
#include "tests/reference/pcg32.h"

namespace descent::reference::curvature {

struct Dense {
  int r = 0, c = 0;
  std::vector<double> a;  // row-major
  Dense() = default;
  Dense(int rows, int cols) : r(rows), c(cols), a(static_cast<std::size_t>(rows) * cols, 0.0) {}
  double& operator()(int i, int j) { return a[static_cast<std::size_t>(i) * c + j]; }
  double operator()(int i, int j) const { return a[static_cast<std::size_t>(i) * c + j]; }
};

inline Dense mul(const Dense& x, const Dense& y, bool tx = false, bool ty = false) {
  const int n = tx ? x.c : x.r, k = tx ? x.r : x.c, m = ty ? y.r : y.c;
  Dense out(n, m);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) {
      double s = 0;
      for (int l = 0; l < k; ++l) s += (tx ? x(l, i) : x(i, l)) * (ty ? y(j, l) : y(l, j));
      out(i, j) = s;
    }
  return out;
}

class Psgd final : public zoo::ReferenceOptimizer {
 public:
  Psgd(double mu, double init_scale, double beta, bool kron, int kron_max_dim)
      : mu_(mu), init_(init_scale), beta_(beta), kron_(kron), max_dim_(kron_max_dim) {}

  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    const std::size_t n = p.size();
    if (m_.empty()) setup(oracle, n);
    zoo::Params g, v(n), h;
    oracle.loss_and_grad(p, g);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<float>(rng_.normal());
    oracle.hvp(p, v, h);
    for (std::size_t i = 0; i < n; ++i) m_[i] = beta_ * m_[i] + (1 - beta_) * g[i];
    std::vector<double> step(n, 0.0);
    // Diagonal part.
    double max_grad = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!diag_[i]) continue;
      const double a = q_[i] * h[i], b = v[i] / q_[i];
      max_grad = std::max(max_grad, std::abs(a * a - b * b));
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (!diag_[i]) continue;
      const double a = q_[i] * h[i], b = v[i] / q_[i];
      q_[i] -= mu_ / (max_grad + 1e-30) * (a * a - b * b) * q_[i];
      step[i] = q_[i] * q_[i] * m_[i];
    }
    // Kronecker part.
    for (auto& f : factors_) {
      Dense vm(f.rows, f.cols), hm(f.rows, f.cols), gm(f.rows, f.cols);
      for (int c = 0; c < f.cols; ++c)
        for (int r = 0; r < f.rows; ++r) {
          const std::size_t i = f.offset + static_cast<std::size_t>(c) * f.rows + r;
          vm(r, c) = v[i];
          hm(r, c) = h[i];
          gm(r, c) = m_[i];
        }
      double d1 = 0, d2 = 0;
      for (int i = 0; i < f.rows; ++i) d1 = std::max(d1, f.q1(i, i));
      for (int i = 0; i < f.cols; ++i) d2 = std::max(d2, f.q2(i, i));
      const double rho = std::sqrt(d1 / d2);
      for (double& x : f.q1.a) x /= rho;
      for (double& x : f.q2.a) x *= rho;
      const Dense a = mul(f.q1, mul(hm, f.q2, false, true));
      // B = Q1^{-T} V Q2^{-1}: forward substitution with Q1^T (lower), then per row with Q2^T.
      Dense b = vm;
      for (int c = 0; c < f.cols; ++c)
        for (int r = 0; r < f.rows; ++r) {
          double s = b(r, c);
          for (int l = 0; l < r; ++l) s -= f.q1(l, r) * b(l, c);
          b(r, c) = s / f.q1(r, r);
        }
      for (int r = 0; r < f.rows; ++r)
        for (int c = 0; c < f.cols; ++c) {
          double s = b(r, c);
          for (int l = 0; l < c; ++l) s -= b(r, l) * f.q2(l, c);
          b(r, c) = s / f.q2(c, c);
        }
      update_factor(f.q1, mul(a, a, false, true), mul(b, b, false, true));
      update_factor(f.q2, mul(a, a, true, false), mul(b, b, true, false));
      const Dense pg = mul(mul(f.q1, mul(f.q1, gm), true, false), mul(f.q2, f.q2, true, false));
      for (int c = 0; c < f.cols; ++c)
        for (int r = 0; r < f.rows; ++r)
          step[f.offset + static_cast<std::size_t>(c) * f.rows + r] = pg(r, c);
    }
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<float>(p[i] - lr * step[i]);
  }

 private:
  struct Factor {
    int offset, rows, cols;
    Dense q1, q2;
  };
  void setup(const zoo::Oracle& oracle, std::size_t n) {
    m_.assign(n, 0.0);
    q_.assign(n, std::sqrt(init_));
    diag_.assign(n, true);
    if (!kron_) return;
    std::vector<std::array<int, 3>> tensors;
    if (oracle.layout != nullptr && !oracle.layout->tensors.empty()) {
      for (const auto& t : oracle.layout->tensors) tensors.push_back({t.offset, t.rows, t.cols});
    } else {
      tensors.push_back({0, static_cast<int>(n), 1});
    }
    for (auto [offset, rows, cols] : tensors) {
      if (rows > max_dim_ || cols > max_dim_) continue;
      Factor f{offset, rows, cols, Dense(rows, rows), Dense(cols, cols)};
      const double s = std::pow(init_, 0.25);
      for (int i = 0; i < rows; ++i) f.q1(i, i) = s;
      for (int i = 0; i < cols; ++i) f.q2(i, i) = s;
      for (int i = 0; i < rows * cols; ++i) diag_[offset + i] = false;
      factors_.push_back(f);
    }
  }
  // Q <- Q - mu triu(aa - bb) Q / max|triu(aa - bb)|.
  void update_factor(Dense& q, const Dense& aa, const Dense& bb) const {
    Dense grad(q.r, q.c);
    double mx = 0;
    for (int i = 0; i < q.r; ++i)
      for (int j = i; j < q.c; ++j) {
        grad(i, j) = aa(i, j) - bb(i, j);
        mx = std::max(mx, std::abs(grad(i, j)));
      }
    const Dense gq = mul(grad, q);
    for (std::size_t k = 0; k < q.a.size(); ++k) q.a[k] -= mu_ / (mx + 1e-30) * gq.a[k];
  }

  double mu_, init_, beta_;
  bool kron_;
  int max_dim_;
  std::vector<double> m_, q_;
  std::vector<bool> diag_;
  std::vector<Factor> factors_;
  Pcg32 rng_{kZooSeed, 4};
};

}  // namespace descent::reference::curvature
