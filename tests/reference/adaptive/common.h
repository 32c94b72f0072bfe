#pragma once
// Small helpers shared by the adaptive-family references: plain loops on std::vector, no
// Eigen and no core code. Tensors are visited through the harness's layout description
// (offset, rows, cols; weight matrices column-major with rows = output units).
#include <cmath>
#include <vector>

#include "tests/cpp/zoo_harness.h"

namespace descent::reference {

inline double sgn(double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); }

struct Block {
  int offset, rows, cols;
  bool matrix;
};

// The tensors of the problem; without a layout, one block of everything.
inline std::vector<Block> blocks_of(const zoo::Oracle& oracle, std::size_t n) {
  std::vector<Block> out;
  if (oracle.layout != nullptr) {
    for (const auto& t : oracle.layout->tensors) {
      out.push_back(
          {t.offset, t.rows, t.cols, t.role == TensorRole::Weight && t.rows > 1 && t.cols > 1});
    }
  }
  if (out.empty()) out.push_back({0, static_cast<int>(n), 1, false});
  return out;
}

inline std::vector<double> gradient(const zoo::Oracle& oracle, const zoo::Params& p) {
  zoo::Params g;
  oracle.loss_and_grad(p, g);
  return std::vector<double>(g.begin(), g.end());
}

}  // namespace descent::reference
