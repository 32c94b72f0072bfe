#pragma once
// Several named slots in one call: visit_slots(v, "m", m_, "v", v_, "t", t_) visits exactly
// what v.slot("m", m_); v.slot("v", v_); v.slot("t", t_); would, in that order, so the stored
// names (and every checkpoint saved before) stay the same.
#include "core/state.h"

namespace descent {

inline void visit_slots(StateVisitor& /*visitor*/) {}

template <class T, class... Rest>
void visit_slots(StateVisitor& visitor, const char* name, T& item, Rest&... rest) {
  visitor.slot(name, item);
  visit_slots(visitor, rest...);
}

}  // namespace descent
