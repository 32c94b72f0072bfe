// Mathematical constants the core shares (std::numbers arrives only in C++20).
#pragma once

namespace descent {

inline constexpr double kPi = 3.14159265358979323846;

}  // namespace descent
