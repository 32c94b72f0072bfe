#pragma once
// Per-tensor loops for transforms that act tensor by tensor (layer-wise trust ratios, unit-wise
// clipping, per-tensor clipping and moments): one definition for every family.
#include "optim/transform.h"

namespace descent {

// Calls fn(tensor) for every tensor of the step's layout; without a layout (a 2-D function)
// the whole vector is one Point tensor named "all" (a column vector).
template <class Fn>
void for_each_tensor(const StepContext& ctx, int size, Fn&& fn) {
  if (ctx.layout != nullptr && !ctx.layout->tensors.empty()) {
    for (const auto& t : ctx.layout->tensors) fn(t);
  } else {
    TensorSlice whole;
    whole.name = "all";
    whole.rows = size;
    whole.role = TensorRole::Point;
    fn(whole);
  }
}

// Number of tensors for_each_tensor visits, for sizing per-tensor state in init().
inline int tensor_count(const ParamLayout& layout) {
  return layout.tensors.empty() ? 1 : static_cast<int>(layout.tensors.size());
}

}  // namespace descent
