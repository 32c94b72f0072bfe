#pragma once
// Reference norm-growth limiter, from "Fira: Can We Achieve Full-rank Training of LLMs Under
// Low-rank Constraint?" (Chen et al., 2024), Section 4 (norm-growth limiter), per tensor:
//   if |S_t| / |S_{t-1}| > gamma:  S_t <- S_t gamma |S_{t-1}| / |S_t|
// where |S_{t-1}| is the norm after limiting; the first step is unchanged.
#include <memory>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

inline Stage fira_limiter(double gamma) {
  auto previous = std::make_shared<Vector>();
  return [=](Vector& g, const StageContext& c) {
    const auto ts = tensors_of(*c.oracle, static_cast<int>(g.size()));
    if (previous->empty()) previous->assign(ts.size(), -1.0);
    for (std::size_t k = 0; k < ts.size(); ++k) {
      const Index idx = all_of(ts[k]);
      double n = norm_over(g, idx);
      double& prev = (*previous)[k];
      if (prev >= 0 && n > gamma * (prev + 1e-8)) {
        const double s = gamma * (prev + 1e-8) / n;
        for (int i : idx) g[i] *= s;
        n *= s;
      }
      prev = n;
    }
  };
}

}  // namespace descent::reference::stab
