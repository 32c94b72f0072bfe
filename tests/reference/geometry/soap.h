#pragma once
// Reference SOAP, plain loops, from "SOAP: Improving and Stabilizing Shampoo using Adam"
// (Vyas et al., 2024), Algorithm 3, with the choices of the authors' soap.py that the catalog
// entry follows: the first step only sets L, R and their eigenvectors (descending eigenvalues)
// and does not move; then per weight matrix G
//   G' = Q_L^T G Q_R;  m = b1 m + (1 - b1) G;  v = b2 v + (1 - b2) G'^2
//   N = Q_L ((Q_L^T m Q_R) / (sqrt(v) + eps)) Q_R^T
//   W <- W - lr sqrt(1 - b2^s) / (1 - b1^s) N;  W <- W - lr wd W
//   L = sb L + (1 - sb) G G^T;  R = sb R + (1 - sb) G^T G
//   every f steps: sort Q's columns by diag(Q^T L Q) (decreasing; v permuted alike),
//                  Q <- Gram-Schmidt orthonormalisation of L Q.
// Vectors: Adam in the original space (same schedule, same skipped first step). Eigenvectors
// by cyclic Jacobi (linalg.h). All in double.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "tests/reference/adaptive/common.h"
#include "tests/reference/geometry/linalg.h"

namespace descent::reference {

class Soap final : public zoo::ReferenceOptimizer {
 public:
  Soap(double b1, double b2, double sb, double eps, double wd, int frequency)
      : b1_(b1), b2_(b2), sb_(sb < 0 ? b2 : sb), eps_(eps), wd_(wd), f_(frequency) {}

  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    const std::vector<double> g = gradient(oracle, p);
    const auto blocks = blocks_of(oracle, p.size());
    if (state_.empty()) state_.resize(blocks.size());
    const int s = t - 1;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      const Block& blk = blocks[b];
      State& st = state_[b];
      const int r = blk.rows, c = blk.cols;
      const bool matrix = r > 1 && c > 1;
      Matrix G = read_tensor(zoo::Params(g.begin(), g.end()), blk.offset, r, c);
      if (s == 0) {
        st.m = Matrix(r, c);
        st.v = Matrix(r, c);
        if (matrix) {
          st.L = Matrix(r, r);
          st.R = Matrix(c, c);
          accumulate(st, G);
          st.QL = eigenvectors_descending(st.L);
          st.QR = eigenvectors_descending(st.R);
        }
        continue;
      }
      const Matrix Gp = matrix ? multiply(multiply(transpose(st.QL), G), st.QR) : G;
      for (int i = 0; i < r; ++i) {
        for (int j = 0; j < c; ++j) {
          st.m(i, j) = b1_ * st.m(i, j) + (1 - b1_) * G(i, j);
          st.v(i, j) = b2_ * st.v(i, j) + (1 - b2_) * Gp(i, j) * Gp(i, j);
        }
      }
      Matrix mp = matrix ? multiply(multiply(transpose(st.QL), st.m), st.QR) : st.m;
      for (int i = 0; i < r; ++i)
        for (int j = 0; j < c; ++j) mp(i, j) /= std::sqrt(st.v(i, j)) + eps_;
      const Matrix N = matrix ? multiply(multiply(st.QL, mp), transpose(st.QR)) : mp;
      const double step_size = lr * std::sqrt(1 - std::pow(b2_, s)) / (1 - std::pow(b1_, s));
      for (int i = 0; i < r; ++i) {
        for (int j = 0; j < c; ++j) {
          const int k = blk.offset + i + j * r;
          double w = p[k] - step_size * N(i, j);
          w -= lr * wd_ * w;
          p[k] = static_cast<float>(w);
        }
      }
      if (!matrix) continue;
      accumulate(st, G);
      if (s % f_ == 0) {
        std::vector<int> order = sort_order(st.L, st.QL);
        Matrix v2 = st.v;
        for (int i = 0; i < r; ++i)
          for (int j = 0; j < c; ++j) v2(i, j) = st.v(order[i], j);
        st.v = v2;
        st.QL = power_step(st.L, st.QL, order);
        order = sort_order(st.R, st.QR);
        v2 = st.v;
        for (int i = 0; i < r; ++i)
          for (int j = 0; j < c; ++j) v2(i, j) = st.v(i, order[j]);
        st.v = v2;
        st.QR = power_step(st.R, st.QR, order);
      }
    }
  }

 private:
  struct State {
    Matrix m, v, L, R, QL, QR;
  };

  void accumulate(State& st, const Matrix& G) const {
    const Matrix ggt = multiply(G, transpose(G)), gtg = multiply(transpose(G), G);
    for (std::size_t k = 0; k < st.L.a.size(); ++k)
      st.L.a[k] = sb_ * st.L.a[k] + (1 - sb_) * ggt.a[k];
    for (std::size_t k = 0; k < st.R.a.size(); ++k)
      st.R.a[k] = sb_ * st.R.a[k] + (1 - sb_) * gtg.a[k];
  }

  static Matrix eigenvectors_descending(const Matrix& s) {
    std::vector<double> values;
    Matrix vectors;
    symmetric_eigen(s, values, vectors);
    std::vector<int> idx(values.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return values[a] > values[b]; });
    Matrix q(s.rows, s.rows);
    for (int k = 0; k < s.rows; ++k)
      for (int i = 0; i < s.rows; ++i) q(i, k) = vectors(i, idx[k]);
    return q;
  }

  static std::vector<int> sort_order(const Matrix& s, const Matrix& q) {
    const Matrix sq = multiply(s, q);
    std::vector<double> est(q.cols, 0.0);
    for (int k = 0; k < q.cols; ++k)
      for (int i = 0; i < q.rows; ++i) est[k] += q(i, k) * sq(i, k);
    std::vector<int> idx(q.cols);
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return est[a] > est[b]; });
    return idx;
  }

  // Gram-Schmidt orthonormalisation of the columns of s Q[:, order].
  static Matrix power_step(const Matrix& s, const Matrix& q, const std::vector<int>& order) {
    Matrix sorted(q.rows, q.cols);
    for (int k = 0; k < q.cols; ++k)
      for (int i = 0; i < q.rows; ++i) sorted(i, k) = q(i, order[k]);
    Matrix x = multiply(s, sorted);
    for (int k = 0; k < x.cols; ++k) {
      for (int j = 0; j < k; ++j) {
        double d = 0;
        for (int i = 0; i < x.rows; ++i) d += x(i, j) * x(i, k);
        for (int i = 0; i < x.rows; ++i) x(i, k) -= d * x(i, j);
      }
      double n = 0;
      for (int i = 0; i < x.rows; ++i) n += x(i, k) * x(i, k);
      n = std::sqrt(n);
      for (int i = 0; i < x.rows; ++i) x(i, k) /= n > 0 ? n : 1.0;
    }
    return x;
  }

  double b1_, b2_, sb_, eps_, wd_;
  int f_;
  std::vector<State> state_;
};

}  // namespace descent::reference
