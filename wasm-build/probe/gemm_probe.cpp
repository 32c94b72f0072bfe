// Probe for the wasm build: Eigen float products (and a toy-MLP step) driven from JS in
// chunks, so V8 can tier the code up between calls. Build: build.sh --probe [--nosimd];
// run: node probe/run.mjs OUT/probe/gemm_probe.mjs OUT/probe/gemm_probe-nosimd.mjs.
#include <emscripten/bind.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
using Vec = Eigen::Matrix<float, Eigen::Dynamic, 1>;

Mat filled(int r, int c, unsigned seed) {
  // Deterministic, cheap, bounded values (no <random>: identical on every build).
  Mat m(r, c);
  unsigned s = seed * 2654435761u + 1u;
  for (int j = 0; j < c; ++j)
    for (int i = 0; i < r; ++i) {
      s = s * 1664525u + 1013904223u;
      m(i, j) = static_cast<float>((s >> 8) & 0xFFFF) / 65536.0f - 0.5f;
    }
  return m;
}

struct Case {
  std::string name;
  double flops;  // per call of kernel()
  Mat a, b, c;
  int kind;
};

std::vector<Case>& cases() {
  static std::vector<Case> cs;
  if (cs.empty()) {
    const int n = 128, k = 784, m = 64;
    auto add = [](std::string name, double flops, Mat a, Mat b, int kind) {
      cs.push_back({std::move(name), flops, std::move(a), std::move(b), Mat(), kind});
    };
    const double g = 2.0 * n * k * m;
    add("A*B       128x784 * 784x64", g, filled(n, k, 1), filled(k, m, 2), 0);
    add("A^T*B     (784x128)^T * 784x64", g, filled(k, n, 3), filled(k, m, 4), 1);
    add("A*B^T     128x784 * (64x784)^T", g, filled(n, k, 5), filled(m, k, 6), 2);
    add("X^T*G     (128x784)^T * 128x64", g, filled(n, k, 7), filled(n, m, 8), 3);
    add("W*x gemv  64x784 * 784", 2.0 * m * k, filled(m, k, 9), filled(k, 1, 10), 4);
    // Toy MLP layer typical of the app: 32x32 weights, batch 64, forward + backward.
    add("toy MLP 32x32 b64 fwd+bwd", 3 * 2.0 * 32 * 32 * 64, filled(32, 32, 11), filled(32, 64, 12),
        5);
    // Tiny layer (2-D toy problems): per-call overhead (allocation, exception landing
    // pads) dominates here.
    add("tiny MLP 8x8 b16 fwd+bwd", 3 * 2.0 * 8 * 8 * 16, filled(8, 8, 17), filled(8, 16, 18), 5);
    // Elementwise math (softmax, sigmoid, tanh, log-loss).
    // "flops" here counts elements: the rate is Gelem/s.
    add("tanh      128x64 [elem]", 128.0 * 64, filled(128, 64, 13), Mat(), 6);
    add("exp       128x64 [elem]", 128.0 * 64, filled(128, 64, 14), Mat(), 7);
    add("log       128x64 [elem]", 128.0 * 64, filled(128, 64, 15), Mat(), 8);
    add("sqrt      128x64 [elem]", 128.0 * 64, filled(128, 64, 16), Mat(), 9);
  }
  return cs;
}

void kernel(Case& cs) {
  switch (cs.kind) {
    case 0:
      cs.c.noalias() = cs.a * cs.b;
      break;
    case 1:
      cs.c.noalias() = cs.a.transpose() * cs.b;
      break;
    case 2:
      cs.c.noalias() = cs.a * cs.b.transpose();
      break;
    case 3:
      cs.c.noalias() = cs.a.transpose() * cs.b;
      break;
    case 4:
      cs.c.noalias() = cs.a * cs.b;
      break;
    case 5: {
      // Temporaries on purpose: this is where exception landing pads cost.
      Mat h = (cs.a * cs.b).cwiseMax(0.0f);  // forward
      Mat dw = h * cs.b.transpose();         // weight gradient
      Mat dx = cs.a.transpose() * h;         // input gradient
      cs.c = dw.leftCols(1) + dx.leftCols(1);
      break;
    }
    case 6:
      cs.c = (4.0f * cs.a.array()).tanh().matrix();
      break;
    case 7:
      cs.c = (4.0f * cs.a.array()).exp().matrix();
      break;
    case 8:
      cs.c = (cs.a.array() + 0.75f).log().matrix();
      break;
    case 9:
      cs.c = (cs.a.array() + 0.75f).sqrt().matrix();
      break;  // Adam's sqrt(v)
  }
}

}  // namespace

int probe_count() { return static_cast<int>(cases().size()); }
std::string probe_name(int i) { return cases().at(i).name; }
double probe_flops(int i) { return cases().at(i).flops; }

// Runs case i `reps` times; returns a checksum of the result (to compare builds).
double probe_run(int i, int reps) {
  Case& cs = cases().at(i);
  for (int r = 0; r < reps; ++r) kernel(cs);
  return static_cast<double>(cs.c.sum());
}

std::string probe_simd() { return Eigen::SimdInstructionSetsInUse(); }

// Checks the patched Eigen paths against scalar libc: vectorized sqrt must equal
// std::sqrt bit for bit (denormals included), cast<int> must truncate like C++, and
// exp must stay close to std::exp.
std::string probe_accuracy() {
  const int n = 1 << 16;
  Eigen::ArrayXf x(n);
  for (int i = 0; i < n; ++i) {
    float f;
    // Positive floats from the smallest denormal up to ~1.7e38.
    const unsigned bits = 0x00000001u + static_cast<unsigned>(i) * 0x00007F01u;
    std::memcpy(&f, &bits, 4);
    x[i] = f;
  }
  Eigen::ArrayXf sq = x.sqrt();
  int sqrt_bad = 0;
  for (int i = 0; i < n; ++i) {
    const float ref = std::sqrt(x[i]);
    sqrt_bad += std::memcmp(&sq[i], &ref, 4) != 0;
  }
  Eigen::ArrayXf y = Eigen::ArrayXf::LinSpaced(n, -3.0e6f, 3.0e6f);
  Eigen::ArrayXi yi = y.cast<int>();
  int cast_bad = 0;
  for (int i = 0; i < n; ++i) cast_bad += (yi[i] != static_cast<int>(y[i]));
  Eigen::ArrayXf z = Eigen::ArrayXf::LinSpaced(n, -80.0f, 80.0f);
  Eigen::ArrayXf ez = z.exp();
  double exp_err = 0;
  for (int i = 0; i < n; ++i) {
    const double ref = std::exp(static_cast<double>(z[i]));
    exp_err = std::max(exp_err, std::abs(ez[i] - ref) / ref);
  }
  char err[32];
  std::snprintf(err, sizeof err, "%.2e", exp_err);
  return "sqrt != std::sqrt: " + std::to_string(sqrt_bad) + "/" + std::to_string(n) +
         ", cast<int> != static_cast: " + std::to_string(cast_bad) + "/" + std::to_string(n) +
         ", exp max rel err: " + err;
}

// Exceptions must work in the core (config errors): throw and catch across frames.
std::string probe_exception(int v) {
  try {
    if (v < 0) throw std::invalid_argument("negative: " + std::to_string(v));
    return "no exception";
  } catch (const std::exception& e) {
    return std::string("caught: ") + e.what();
  }
}

EMSCRIPTEN_BINDINGS(gemm_probe) {
  emscripten::function("count", &probe_count);
  emscripten::function("name", &probe_name);
  emscripten::function("flops", &probe_flops);
  emscripten::function("run", &probe_run);
  emscripten::function("simd", &probe_simd);
  emscripten::function("accuracy", &probe_accuracy);
  emscripten::function("exception", &probe_exception);
}
