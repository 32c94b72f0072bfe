#pragma once
// Two-player zero-sum games on the plane, min over x, max over y of f(x, y), as entries of
// the 2-D function catalog (FunctionInfo::game). See games.cpp for what each part means.
#include "problems/functions/function2d.h"

namespace descent {

FunctionInfo bilinear_game_info();
FunctionInfo quadratic_game_info();

}  // namespace descent
