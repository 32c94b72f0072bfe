#pragma once
// Shared pieces of the stabilised family's reference implementations: tensor/unit bookkeeping
// from the problem's layout (shapes only), plain inner optimizers (SGD, Adam) in double, and a
// pipeline "pre stages -> inner optimizer -> post stages" mirroring how a run composes
// transforms, so that each catalog transform is checked around a known optimizer. Plain loops
// over std::vector, no Eigen and no core code.
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference::stab {

using Vector = std::vector<double>;
using Index = std::vector<int>;

struct Tensor {
  int offset = 0, rows = 0, cols = 1;
  bool weight = false;  // a weight matrix (rows = outputs, cols = inputs), column-major
  bool bias_or_gain = false;
  int size() const { return rows * cols; }
};

// The tensors of the problem (one tensor of n entries without a layout).
inline std::vector<Tensor> tensors_of(const zoo::Oracle& oracle, int n) {
  std::vector<Tensor> out;
  if (oracle.layout == nullptr || oracle.layout->tensors.empty()) {
    out.push_back({0, n, 1, false, false});
    return out;
  }
  for (const auto& t : oracle.layout->tensors) {
    Tensor x;
    x.offset = t.offset;
    x.rows = t.rows;
    x.cols = t.cols;
    x.weight = t.role == TensorRole::Weight;
    x.bias_or_gain = t.role == TensorRole::Bias || t.role == TensorRole::Gain;
    out.push_back(x);
  }
  return out;
}

inline Index all_of(const Tensor& t) {
  Index idx;
  for (int i = 0; i < t.size(); ++i) idx.push_back(t.offset + i);
  return idx;
}

// Units: the rows (fan-in vectors of output neurons) of a weight matrix; any other tensor is
// one unit.
inline std::vector<Index> units_of(const Tensor& t) {
  std::vector<Index> units;
  if (!t.weight) {
    units.push_back(all_of(t));
    return units;
  }
  for (int i = 0; i < t.rows; ++i) {
    Index row;
    for (int j = 0; j < t.cols; ++j) row.push_back(t.offset + i + j * t.rows);
    units.push_back(row);
  }
  return units;
}

template <class V>
double norm_over(const V& x, const Index& idx) {
  double s = 0;
  for (int i : idx) s += static_cast<double>(x[i]) * static_cast<double>(x[i]);
  return std::sqrt(s);
}

inline Vector gradient(const zoo::Oracle& oracle, const zoo::Params& p) {
  zoo::Params g;
  oracle.loss_and_grad(p, g);
  return Vector(g.begin(), g.end());
}

// Turns a (processed) gradient into an update, including the -lr.
class Inner {
 public:
  virtual ~Inner() = default;
  virtual void update(Vector& g, const zoo::Params& p, int t, double lr) = 0;
};

// SGD (no momentum): u = -lr g.
class SgdInner final : public Inner {
 public:
  void update(Vector& g, const zoo::Params&, int, double lr) override {
    for (double& x : g) x *= -lr;
  }
};

// Adam (Kingma, Ba, 2015, Algorithm 1, eps outside the bias-corrected root as in PyTorch).
class AdamInner final : public Inner {
 public:
  AdamInner(double b1, double b2, double eps) : b1_(b1), b2_(b2), eps_(eps) {}
  void update(Vector& g, const zoo::Params&, int t, double lr) override {
    if (m_.empty()) m_.assign(g.size(), 0.0), v_.assign(g.size(), 0.0);
    for (std::size_t i = 0; i < g.size(); ++i) {
      m_[i] = b1_ * m_[i] + (1 - b1_) * g[i];
      v_[i] = b2_ * v_[i] + (1 - b2_) * g[i] * g[i];
      const double m_hat = m_[i] / (1 - std::pow(b1_, t));
      const double v_hat = v_[i] / (1 - std::pow(b2_, t));
      g[i] = -lr * m_hat / (std::sqrt(v_hat) + eps_);
    }
  }

 private:
  double b1_, b2_, eps_;
  Vector m_, v_;
};

struct StageContext {
  const zoo::Oracle* oracle;
  const zoo::Params* params;  // the parameters before the update
  const Vector* gradient;     // the gradient after the pre stages (post stages only)
  int t;
  double lr;
};
using Stage = std::function<void(Vector&, const StageContext&)>;

// gradient -> pre stages -> inner optimizer -> post stages -> p += u.
class Pipeline final : public zoo::ReferenceOptimizer {
 public:
  Pipeline(std::vector<Stage> pre, std::unique_ptr<Inner> inner, std::vector<Stage> post)
      : pre_(std::move(pre)), inner_(std::move(inner)), post_(std::move(post)) {}
  void step(zoo::Params& p, const zoo::Oracle& oracle, int t, double lr) override {
    Vector g = gradient(oracle, p);
    StageContext ctx{&oracle, &p, nullptr, t, lr};
    for (auto& s : pre_) s(g, ctx);
    const Vector processed = g;
    ctx.gradient = &processed;
    inner_->update(g, p, t, lr);
    for (auto& s : post_) s(g, ctx);
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<float>(p[i] + g[i]);
  }

 private:
  std::vector<Stage> pre_;
  std::unique_ptr<Inner> inner_;
  std::vector<Stage> post_;
};

}  // namespace descent::reference::stab
