#pragma once
// Adam's moment estimates ("Adam: A Method for Stochastic Optimization", Kingma, Ba, 2015,
// Algorithm 1), shared by every optimizer that keeps them:
//   m <- b1 m + (1 - b1) g        v <- b2 v + (1 - b2) g^2
// Each coefficient is rounded to Scalar once, as in the callers' own loops before.
#include "core/types.h"

namespace descent {

inline void update_moments(ConstVecRef g, double beta1, double beta2, Vec& m, Vec& v) {
  m = static_cast<Scalar>(beta1) * m + static_cast<Scalar>(1 - beta1) * g;
  v = static_cast<Scalar>(beta2) * v + static_cast<Scalar>(1 - beta2) * g.cwiseProduct(g);
}

}  // namespace descent
