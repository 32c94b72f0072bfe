#pragma once
// Reference Muon, written from the reference code of "Muon: An optimizer for hidden layers in
// neural networks" (Jordan et al., 2024; muon_update, zeropower_via_newtonschulz5 and
// MuonWithAuxAdam's adam_update), in double with plain loops:
//   matrices:  M <- lerp(M, G, 1 - beta);  U = lerp(G, M, beta) (Nesterov) or M;
//              X = U / (||U||_F + 1e-7), transposed if rows > cols;
//              5 times: A = X X^T, B = b A + c A A, X = a X + B X;
//              W <- W (1 - lr wd) - lr sqrt(max(1, rows / cols)) X
//   other tensors: Adam with adam_lr, bias correction, eps outside the root, the same
//              decoupled decay with adam_lr.
// adam_lr follows the run's schedule: adam_lr * (lr_t / lr).
#include <algorithm>
#include <cmath>
#include <vector>

#include "tests/reference/geometry/linalg.h"

namespace descent::reference {

class Muon final : public zoo::ReferenceOptimizer {
 public:
  struct Options {
    double lr = 0.02;  // the configured base rate, to recover the schedule factor
    double momentum = 0.95;
    bool nesterov = true;
    int ns_steps = 5;
    double weight_decay = 0.0;
    double adam_lr = 3e-4, adam_beta1 = 0.9, adam_beta2 = 0.95, adam_eps = 1e-10;
  };
  explicit Muon(const Options& o) : o_(o) {}

  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    if (m_.empty()) m_.assign(p.size(), 0.0), v_.assign(p.size(), 0.0);
    const double adam_lr = o_.adam_lr * lr / o_.lr;
    const double beta = o_.momentum;
    for (const auto& ts : oracle.layout->tensors) {
      const int r = ts.rows, c = ts.cols, off = ts.offset;
      const bool matrix = ts.role == TensorRole::Weight && r > 1 && c > 1;
      if (!matrix) {
        for (int i = off; i < off + ts.size(); ++i) {
          m_[i] = o_.adam_beta1 * m_[i] + (1 - o_.adam_beta1) * g[i];
          v_[i] = o_.adam_beta2 * v_[i] + (1 - o_.adam_beta2) * g[i] * g[i];
          const double mh = m_[i] / (1 - std::pow(o_.adam_beta1, t));
          const double vh = v_[i] / (1 - std::pow(o_.adam_beta2, t));
          p[i] = static_cast<float>(p[i] * (1 - adam_lr * o_.weight_decay) -
                                    adam_lr * mh / (std::sqrt(vh) + o_.adam_eps));
        }
        continue;
      }
      Matrix u(r, c);
      for (int j = 0; j < c; ++j) {
        for (int i = 0; i < r; ++i) {
          const int k = off + i + j * r;
          m_[k] = m_[k] + (1 - beta) * (g[k] - m_[k]);
          u(i, j) = o_.nesterov ? g[k] + beta * (m_[k] - g[k]) : m_[k];
        }
      }
      const Matrix o = newton_schulz(u);
      const double scale = std::sqrt(std::max(1.0, static_cast<double>(r) / c));
      for (int j = 0; j < c; ++j) {
        for (int i = 0; i < r; ++i) {
          const int k = off + i + j * r;
          p[k] = static_cast<float>(p[k] * (1 - lr * o_.weight_decay) - lr * scale * o(i, j));
        }
      }
    }
  }

  // NewtonSchulz5 as in zeropower_via_newtonschulz5 (double instead of bfloat16).
  Matrix newton_schulz(const Matrix& g) const {
    const double a = 3.4445, b = -4.7750, c = 2.0315;
    const bool tall = g.rows > g.cols;
    Matrix x = tall ? transpose(g) : g;
    const double norm = frobenius(x) + 1e-7;
    for (double& e : x.a) e /= norm;
    for (int s = 0; s < o_.ns_steps; ++s) {
      const Matrix A = multiply(x, transpose(x));
      const Matrix AA = multiply(A, A);
      Matrix B(A.rows, A.cols);
      for (std::size_t i = 0; i < B.a.size(); ++i) B.a[i] = b * A.a[i] + c * AA.a[i];
      const Matrix BX = multiply(B, x);
      for (std::size_t i = 0; i < x.a.size(); ++i) x.a[i] = a * x.a[i] + BX.a[i];
    }
    return tall ? transpose(x) : x;
  }

 private:
  Options o_;
  std::vector<double> m_, v_;
};

}  // namespace descent::reference
