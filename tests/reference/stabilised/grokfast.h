#pragma once
// Reference Grokfast-EMA, from "Grokfast: Accelerated Grokking by Amplifying Slow Gradients"
// (Lee et al., 2024), Algorithm 2: h <- alpha h + (1 - alpha) g; g <- g + lamb h, with the
// filter h started at the first gradient (as the authors' gradfilter_ema). State in double.
#include <memory>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

inline Stage grokfast(double alpha, double lamb) {
  auto h = std::make_shared<Vector>();
  return [=](Vector& g, const StageContext&) {
    if (h->empty()) {
      *h = g;
    } else {
      for (std::size_t i = 0; i < g.size(); ++i) (*h)[i] = alpha * (*h)[i] + (1 - alpha) * g[i];
    }
    for (std::size_t i = 0; i < g.size(); ++i) g[i] += lamb * (*h)[i];
  };
}

}  // namespace descent::reference::stab
