#pragma once
// Reference adaptive gradient clipping, from "High-Performance Large-Scale Image Recognition
// Without Normalization" (Brock, De, Smith, Simonyan, 2021), Section 4.1, Eq. (3): for every
// unit i (row of a weight matrix; any other tensor as a whole),
//   G_i <- lambda (|W_i|* / |G_i|) G_i   if |G_i| / |W_i|* > lambda,   |W_i|* = max(|W_i|, eps).
#include <algorithm>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

inline Stage agc(double clip, double eps) {
  return [=](Vector& g, const StageContext& c) {
    for (const auto& t : tensors_of(*c.oracle, static_cast<int>(g.size()))) {
      for (const auto& unit : units_of(t)) {
        const double w = std::max(norm_over(*c.params, unit), eps);
        const double n = norm_over(g, unit);
        if (n / w > clip) {
          for (int i : unit) g[i] *= clip * w / n;
        }
      }
    }
  };
}

}  // namespace descent::reference::stab
