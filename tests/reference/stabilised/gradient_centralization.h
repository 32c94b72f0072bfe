#pragma once
// Reference gradient centralisation, from "Gradient Centralization: A New Optimization
// Technique for Deep Neural Networks" (Yong, Huang, Hua, Zhang, 2020), Eq. (1):
// Phi_GC(grad w_i) = grad w_i - mean_j(grad w_ij) for the fan-in vector w_i of every output
// unit of a weight matrix (fan-in at least 2); other tensors are left alone.
#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

inline Stage gradient_centralization() {
  return [](Vector& g, const StageContext& c) {
    for (const auto& t : tensors_of(*c.oracle, static_cast<int>(g.size()))) {
      if (!t.weight || t.cols < 2) continue;
      for (const auto& unit : units_of(t)) {
        double mean = 0;
        for (int i : unit) mean += g[i];
        mean /= static_cast<double>(unit.size());
        for (int i : unit) g[i] -= mean;
      }
    }
  };
}

}  // namespace descent::reference::stab
