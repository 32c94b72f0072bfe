#pragma once
// Our own generator, so that the same seed gives the same numbers with any standard library
// (native glibc, Emscripten's musl) and any compiler. PCG32 (XSH-RR), from
// "PCG: A Family of Simple Fast Space-Efficient Statistically Good Algorithms for Random
// Number Generation" (M. E. O'Neill, 2014).
#include <cmath>
#include <cstdint>

namespace descent {

// Independent streams derived from one run seed. Two runs that differ only in their optimizer
// draw identical data, initial weights and batches because each consumer owns a stream.
enum class Stream : std::uint64_t {
  Data = 1,       // data-set generation and train/test split
  Init = 2,       // weight initialisation
  Batch = 3,      // minibatch order
  Optimizer = 4,  // optimizers and transforms that sample (noise, Hutchinson probes, ES)
  Probe = 5,      // diagnostics (random directions, power-iteration start vectors)
};

// Everything a generator carries, for checkpoints (core/state.h).
struct RngState {
  std::uint64_t state = 0, inc = 0;
  bool has_spare = false;
  double spare = 0.0;
};

class Rng {
 public:
  Rng(std::uint64_t seed, Stream stream) : Rng(seed, static_cast<std::uint64_t>(stream)) {}
  Rng(std::uint64_t seed, std::uint64_t stream) : state_(0), inc_((stream << 1u) | 1u) {
    next_u32();
    state_ += seed;
    next_u32();
  }

  std::uint32_t next_u32() {
    std::uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + inc_;
    auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    auto rot = static_cast<std::uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() {
    std::uint64_t hi = next_u32() >> 5;  // 27 bits
    std::uint64_t lo = next_u32() >> 6;  // 26 bits
    return static_cast<double>((hi << 26) | lo) * (1.0 / 9007199254740992.0);
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // Unbiased integer in [0, n) (Lemire's rejection method on 32 bits).
  std::uint32_t below(std::uint32_t n) {
    std::uint32_t threshold = (0u - n) % n;
    for (;;) {
      std::uint32_t r = next_u32();
      if (r >= threshold) return r % n;
    }
  }

  // Standard normal by the Box-Muller transform; the spare value is kept for the next call.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = uniform();
    double u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    double radius = std::sqrt(-2.0 * std::log(u1));
    double angle = 6.283185307179586 * u2;
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  RngState state() const { return {state_, inc_, has_spare_, spare_}; }
  void restore(const RngState& s) {
    state_ = s.state;
    inc_ = s.inc | 1u;  // an increment is odd
    has_spare_ = s.has_spare;
    spare_ = s.spare;
  }

  // Fisher-Yates shuffle of any random-access container.
  template <class Container>
  void shuffle(Container& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = below(static_cast<std::uint32_t>(i));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  std::uint64_t state_;
  std::uint64_t inc_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace descent
