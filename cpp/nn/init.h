#pragma once
// Weight initialisation schemes. A layer's weight is fan_out x fan_in (rows = outputs,
// columns = inputs). Every scheme is multiplied by the gain; biases start at zero and
// LayerNorm gains at one (see Mlp::init_params).
//   he_uniform      U(-b, b), b = gain sqrt(6 / fan_in)            std = gain sqrt(2 / fan_in)
//   he_normal       N(0, s^2), s = gain sqrt(2 / fan_in)
//   xavier_uniform  U(-b, b), b = gain sqrt(6 / (fan_in + fan_out))
//   xavier_normal   N(0, s^2), s = gain sqrt(2 / (fan_in + fan_out))
//   lecun_uniform   U(-b, b), b = gain sqrt(3 / fan_in)            std = gain sqrt(1 / fan_in)
//   lecun_normal    N(0, s^2), s = gain sqrt(1 / fan_in)
//   orthogonal      gain Q, Q from the QR factorisation of a Gaussian matrix with the signs of
//                   R's diagonal folded into Q (so Q is Haar-distributed); orthonormal columns
//                   when fan_out >= fan_in, orthonormal rows otherwise
//   zero            0
// Normal draws are not truncated. Values are drawn in double, in column-major storage order,
// then rounded to the scalar type: float and double models get the same weights from the
// same generator state.
#include "core/rng.h"
#include "nn/nn_types.h"

namespace descent {

enum class InitScheme {
  HeUniform,
  HeNormal,
  XavierUniform,
  XavierNormal,
  LecunUniform,
  LecunNormal,
  Orthogonal,
  Zero
};

namespace nn {

// The uniform bound b or the normal standard deviation s above (0 for zero; gain for
// orthogonal, whose entries have standard deviation gain / sqrt(max(fan_in, fan_out))).
double init_scale(InitScheme scheme, int fan_in, int fan_out, double gain);
bool init_is_uniform(InitScheme scheme);

// Fills w (fan_out x fan_in) with draws from rng.
template <class S>
void init_weight(InitScheme scheme, double gain, MatRef<S> w, Rng& rng);

extern template void init_weight<float>(InitScheme, double, MatRef<float>, Rng&);
extern template void init_weight<double>(InitScheme, double, MatRef<double>, Rng&);

}  // namespace nn
}  // namespace descent
