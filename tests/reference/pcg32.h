#pragma once
// The run's optimizer stream, for references whose draws must be the core's (probes,
// particles, gradient noise, Gravity's normals): PCG32 XSH-RR ("PCG: A Family of Simple Fast
// Space-Efficient Statistically Good Algorithms for Random Number Generation", O'Neill, 2014;
// pcg32_srandom_r with initstate = seed, initseq = 4, the optimizer stream), uniforms with 53
// random bits (27 + 26 bits of two outputs) and standard normals by Box-Muller, cos first, sin kept
// as the spare. An independent implementation of that documented contract.
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace descent::reference {

class Pcg32 {
 public:
  Pcg32(std::uint64_t seed, std::uint64_t sequence) {
    inc_ = (sequence << 1u) | 1u;
    next();
    state_ += seed;
    next();
  }
  std::uint32_t next() {
    const std::uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + inc_;
    const auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    const auto rot = static_cast<std::uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((~rot + 1u) & 31u));
  }
  // +1 when the top bit of the next output is set, else -1.
  double rademacher() { return (next() >> 31) != 0 ? 1.0 : -1.0; }
  double uniform() {
    const std::uint64_t a = next() >> 5, b = next() >> 6;
    return static_cast<double>(a * 67108864ULL + b) / 9007199254740992.0;
  }
  double normal() {
    if (spare_ready_) {
      spare_ready_ = false;
      return spare_;
    }
    const double u1 = std::max(uniform(), 1e-300), u2 = uniform();
    const double r = std::sqrt(-2 * std::log(u1)), angle = 2 * 3.14159265358979323846 * u2;
    spare_ = r * std::sin(angle);
    spare_ready_ = true;
    return r * std::cos(angle);
  }

 private:
  std::uint64_t state_ = 0, inc_ = 0;
  bool spare_ready_ = false;
  double spare_ = 0;
};

// The seed every zoo lockstep test uses (zoo::config_json).
constexpr std::uint64_t kZooSeed = 5;

}  // namespace descent::reference
