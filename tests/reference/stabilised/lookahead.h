#pragma once
// Reference Lookahead, from "Lookahead Optimizer: k steps forward, 1 step back" (Zhang, Lucas,
// Hinton, Ba, 2019), Algorithm 1: phi_0 = theta_0; the inner optimizer takes k steps from
// theta_{t,0} = phi_{t-1}; then phi_t = phi_{t-1} + alpha (theta_{t,k} - phi_{t-1}) and the
// fast weights restart at phi_t. The inner optimizer's state is kept.
#include <memory>

#include "tests/reference/stabilised/common.h"

namespace descent::reference::stab {

inline Stage lookahead(int k, double alpha) {
  auto slow = std::make_shared<Vector>();
  return [=](Vector& u, const StageContext& c) {
    const zoo::Params& p = *c.params;
    if (slow->empty()) slow->assign(p.begin(), p.end());
    if (c.t % k != 0) return;
    for (std::size_t i = 0; i < p.size(); ++i) {
      const double fast = p[i] + u[i];
      (*slow)[i] += alpha * (fast - (*slow)[i]);
      u[i] = (*slow)[i] - p[i];
    }
  };
}

}  // namespace descent::reference::stab
