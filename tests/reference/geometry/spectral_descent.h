#pragma once
// Reference steepest descent under the spectral norm, from "Old Optimizer, New Norm: An
// Anthology" (Bernstein, Newhouse, 2024): for G = U S V^T the steepest-descent step with
// step size lr is -lr ||G||_dual U V^T, the dual of the spectral norm being the nuclear norm.
// Over a network normed by the largest spectral norm the dual is the sum of the nuclear norms
// ("global"); "layer" uses each tensor's own nuclear norm; "none" none. Vectors are n x 1
// matrices. SVD by one-sided Jacobi in double (linalg.h). As in the core, singular values
// small against eps s_max are damped: U diag(s / sqrt(s^2 + (eps s_max)^2)) V^T.
#include <string>
#include <vector>

#include "tests/reference/geometry/linalg.h"

namespace descent::reference {

class SpectralDescent final : public zoo::ReferenceOptimizer {
 public:
  SpectralDescent(std::string scale, double eps = 1e-3) : scale_(std::move(scale)), eps_(eps) {}

  void step(zoo::Params& p, const zoo::Oracle& oracle, int, double lr) override {
    zoo::Params g;
    oracle.loss_and_grad(p, g);
    const auto& tensors = oracle.layout->tensors;
    std::vector<Matrix> polar;
    std::vector<double> nuclear;
    double total = 0;
    for (const auto& ts : tensors) {
      double n = 0;
      polar.push_back(damped_polar_factor(read_tensor(g, ts.offset, ts.rows, ts.cols), eps_, n));
      nuclear.push_back(n);
      total += n;
    }
    for (std::size_t k = 0; k < tensors.size(); ++k) {
      const auto& ts = tensors[k];
      double factor = 1.0;
      if (scale_ == "global") factor = total;
      if (scale_ == "layer") factor = nuclear[k];
      for (int j = 0; j < ts.cols; ++j) {
        for (int i = 0; i < ts.rows; ++i) {
          const int idx = ts.offset + i + j * ts.rows;
          p[idx] = static_cast<float>(p[idx] - lr * factor * polar[k](i, j));
        }
      }
    }
  }

 private:
  std::string scale_;
  double eps_;
};

}  // namespace descent::reference
