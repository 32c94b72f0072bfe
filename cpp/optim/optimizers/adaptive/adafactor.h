#pragma once
// Adafactor's update ("Adafactor: Adaptive Learning Rates with Sublinear Memory Cost",
// Shazeer, Stern, 2018, Algorithms 4 (matrices) and 5 (vectors), Sections 5-8):
//   beta2_t = 1 - t^(-decay_rate)                                  (Section 7.2, t 1-based)
//   matrix G (n x m):  R <- beta2_t R + (1 - beta2_t) (G^2 + eps1) 1_m   (row sums, n entries)
//                      C <- beta2_t C + (1 - beta2_t) 1_n^T (G^2 + eps1) (column sums, m entries)
//                      V = R C / (1_n^T R)                           (rank-1 factored estimate)
//   vector g:          v <- beta2_t v + (1 - beta2_t) (g^2 + eps1)
//   U = G / sqrt(V);   U <- U / max(1, RMS(U) / clip_threshold)      (update clipping, Section 6)
//   rho_t = lr min(1e-2, 1 / sqrt(t)) with relative_step, else lr    (Section 8)
//   alpha_t = max(eps2, RMS(X_{t-1})) rho_t with scale_parameter, else rho_t
//   optional momentum (beta1 > 0, as tensor2tensor's adafactor.py): m <- beta1 m + (1-beta1)
//   alpha_t U X <- X - alpha_t U  (or X - m).
// A tensor is factored when it is a matrix (rows, cols > 1) whose shorter side is at least
// min_dim_size_to_factor; its second-moment state is then rows + cols numbers instead of
// rows * cols. Statistics are kept in double (they are O(rows + cols) for matrices).
#include <algorithm>
#include <cmath>
#include <vector>

#include "optim/transform.h"

namespace descent::adaptive {

class ScaleByAdafactor final : public Transform {
 public:
  struct Options {
    double beta1 = 0.0, decay_rate = 0.8, eps1 = 1e-30, eps2 = 1e-3, clip_threshold = 1.0;
    bool relative_step = true, scale_parameter = true;
    int min_dim_size_to_factor = 2;
  };
  explicit ScaleByAdafactor(Options o) : o_(o) {}

  void init(const ParamLayout& layout) override {
    states_.clear();
    if (layout.tensors.empty()) {
      TensorSlice whole{"x", 0, layout.size, 1, TensorRole::Point};
      states_.push_back(make_state(whole));
    }
    for (const auto& t : layout.tensors) states_.push_back(make_state(t));
    u_.assign(static_cast<std::size_t>(layout.size), 0.0);
    m_ = o_.beta1 > 0 ? Vec::Zero(layout.size) : Vec();
  }

  // Numbers of optimizer state kept (second-moment statistics plus momentum), for the
  // memory property: rows + cols per factored matrix.
  std::size_t state_size() const {
    std::size_t n = static_cast<std::size_t>(m_.size());
    for (const auto& s : states_) n += s.row.size() + s.col.size() + s.full.size();
    return n;
  }

  void update(VecRef g, ConstVecRef params, const StepContext& ctx) override {
    const double t = ctx.step;
    const double beta2 = 1.0 - std::pow(t, -o_.decay_rate);
    const double rho = ctx.lr * (o_.relative_step ? std::min(1e-2, 1.0 / std::sqrt(t)) : 1.0);
    for (auto& s : states_) {
      const int rows = s.slice.rows, cols = s.slice.cols, off = s.slice.offset;
      const auto at = [&](int i, int j) { return off + i + j * rows; };  // column-major
      if (s.factored) {
        for (int i = 0; i < rows; ++i) s.row[i] *= beta2;
        for (int j = 0; j < cols; ++j) {
          double col_sum = 0.0;
          for (int i = 0; i < rows; ++i) {
            const double gij = g[at(i, j)];
            const double sq = gij * gij + o_.eps1;
            col_sum += sq;
            s.row[i] += (1.0 - beta2) * sq;
          }
          s.col[j] = beta2 * s.col[j] + (1.0 - beta2) * col_sum;
        }
        double row_total = 0.0;
        for (int i = 0; i < rows; ++i) row_total += s.row[i];
        for (int j = 0; j < cols; ++j) {
          for (int i = 0; i < rows; ++i) {
            const double v = s.row[i] * s.col[j] / row_total;
            u_[at(i, j)] = g[at(i, j)] / std::sqrt(v);
          }
        }
      } else {
        for (int k = 0; k < rows * cols; ++k) {
          const double gk = g[off + k];
          s.full[k] = beta2 * s.full[k] + (1.0 - beta2) * (gk * gk + o_.eps1);
          u_[off + k] = gk / std::sqrt(s.full[k]);
        }
      }
      const int n = rows * cols;
      double u_sq = 0.0, x_sq = 0.0;
      for (int k = 0; k < n; ++k) {
        u_sq += u_[off + k] * u_[off + k];
        const double x = params[off + k];
        x_sq += x * x;
      }
      const double clip = std::max(1.0, std::sqrt(u_sq / n) / o_.clip_threshold);
      const double alpha = o_.scale_parameter ? std::max(o_.eps2, std::sqrt(x_sq / n)) * rho : rho;
      for (int k = 0; k < n; ++k) {
        const double step = alpha * u_[off + k] / clip;
        if (o_.beta1 > 0) {
          m_[off + k] = static_cast<Scalar>(o_.beta1 * m_[off + k] + (1.0 - o_.beta1) * step);
          g[off + k] = -m_[off + k];
        } else {
          g[off + k] = static_cast<Scalar>(-step);
        }
      }
    }
  }

  void visit_state(StateVisitor& v) override {
    for (std::size_t i = 0; i < states_.size(); ++i) {
      const std::string k = "tensor." + std::to_string(i);
      v.slot(k + ".row", states_[i].row);
      v.slot(k + ".col", states_[i].col);
      v.slot(k + ".full", states_[i].full);
    }
    v.slot("m", m_);
  }

 private:
  struct State {
    TensorSlice slice;
    bool factored = false;
    std::vector<double> row, col, full;
  };
  State make_state(const TensorSlice& t) const {
    State s;
    s.slice = t;
    s.factored = t.rows > 1 && t.cols > 1 && std::min(t.rows, t.cols) >= o_.min_dim_size_to_factor;
    if (s.factored) {
      s.row.assign(static_cast<std::size_t>(t.rows), 0.0);
      s.col.assign(static_cast<std::size_t>(t.cols), 0.0);
    } else {
      s.full.assign(static_cast<std::size_t>(t.size()), 0.0);
    }
    return s;
  }

  Options o_;
  std::vector<State> states_;
  std::vector<double> u_;  // this step's unclipped U, scratch
  Vec m_;
};

}  // namespace descent::adaptive
