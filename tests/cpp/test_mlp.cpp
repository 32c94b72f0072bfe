// Tests of the MLP (cpp/nn): activations, losses, initialisation, the parameter layout,
// forward semantics against an independent per-sample reference, finite-difference gradient
// checks in double, Hessian-vector and Jacobian-vector products (R-operator) against finite
// differences in double, and the no-heap-allocation guarantee of the hot path.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
// GCC 12 at -O3 flags libstdc++'s memmove of zero elements into a still-empty std::vector
// (ModelSpec::hidden assigned in these tests) as a null argument: a false -Wnonnull.
#pragma GCC diagnostic ignored "-Wnonnull"
#endif
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "nn/activation.h"
#include "nn/init.h"
#include "nn/layer_norm.h"
#include "nn/loss.h"
#include "nn/mlp.h"
#include "nn/model_catalog.h"
#include "optim/optimizer.h"

// ---------------------------------------------------------------------------------------------
// Heap-allocation counter.
//
// Eigen allocates with std::malloc (Eigen::internal::aligned_malloc), not operator new, so a
// replacement operator new would miss exactly the allocations that matter (temporaries,
// GEMM packing buffers). EIGEN_RUNTIME_NO_MALLOC does not work either: the check is compiled
// into the library's own translation units (built without the macro) and is an eigen_assert,
// which NDEBUG (Release) disables. So on glibc the test binary interposes malloc, calloc,
// realloc, aligned_alloc and posix_memalign. Each forwards to glibc's own allocator
// (__libc_*; free stays glibc's) and counts only while g_counting is set, which only
// AllocationCounter below does: other tests in this binary see the normal allocator.
// ---------------------------------------------------------------------------------------------
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
inline void count_allocation() {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  }
}
}  // namespace

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define DESCENT_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DESCENT_TEST_SANITIZED 1
#endif

#if defined(__GLIBC__) && !defined(DESCENT_TEST_SANITIZED)
#define DESCENT_TEST_COUNTS_MALLOC 1
extern "C" {
void* __libc_malloc(std::size_t size) noexcept;
void* __libc_calloc(std::size_t count, std::size_t size) noexcept;
void* __libc_realloc(void* p, std::size_t size) noexcept;
void* __libc_memalign(std::size_t alignment, std::size_t size) noexcept;

void* malloc(std::size_t size) noexcept {
  count_allocation();
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
  count_allocation();
  return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) noexcept {
  count_allocation();
  return __libc_realloc(p, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  count_allocation();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  count_allocation();
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) return 22;  // EINVAL
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr && size != 0) return 12;  // ENOMEM
  *out = p;
  return 0;
}
}  // extern "C"
#endif

namespace descent {

// Reads the workspace of an Mlp (friend of BasicMlp).
struct MlpTestPeer {
  // Smallest |input of the activation| over the hidden layers after the last forward pass.
  template <class S>
  static double min_abs_activation_input(const BasicMlp<S>& mlp, int batch) {
    double m = std::numeric_limits<double>::infinity();
    for (std::size_t l = 0; l < mlp.layers_.size(); ++l) {
      if (!mlp.layers_[l].hidden) continue;
      m = std::min(m, static_cast<double>(mlp.work_[l].z.leftCols(batch).cwiseAbs().minCoeff()));
    }
    return m;
  }
};

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

class AllocationCounter {
 public:
  AllocationCounter() {
    g_allocations.store(0);
    g_counting.store(true);
  }
  ~AllocationCounter() { g_counting.store(false); }
  long count() const { return g_allocations.load(); }
};

// Keeps the compiler from removing an allocation whose result is otherwise unused.
void* volatile g_sink = nullptr;

constexpr Activation kActivations[] = {Activation::Relu, Activation::LeakyRelu, Activation::Gelu,
                                       Activation::Silu, Activation::Tanh,      Activation::Sigmoid,
                                       Activation::Sin,  Activation::Linear};
constexpr InitScheme kInits[] = {InitScheme::HeUniform,     InitScheme::HeNormal,
                                 InitScheme::XavierUniform, InitScheme::XavierNormal,
                                 InitScheme::LecunUniform,  InitScheme::LecunNormal,
                                 InitScheme::Orthogonal,    InitScheme::Zero};
constexpr LossKind kLosses[] = {LossKind::Mse, LossKind::CrossEntropy, LossKind::Logistic,
                                LossKind::StableMax};

// ----- scalar reference formulas (independent of the vectorised code) -----

double ref_act(Activation a, double z) {
  switch (a) {
    case Activation::Relu:
      return z > 0 ? z : 0.0;
    case Activation::LeakyRelu:
      return z > 0 ? z : 0.01 * z;
    case Activation::Gelu:
      return 0.5 * z * (1.0 + std::erf(z / std::sqrt(2.0)));
    case Activation::Silu:
      return z / (1.0 + std::exp(-z));
    case Activation::Tanh:
      return std::tanh(z);
    case Activation::Sigmoid:
      return 1.0 / (1.0 + std::exp(-z));
    case Activation::Sin:
      return std::sin(z);
    case Activation::Linear:
      return z;
  }
  return 0.0;
}

int output_dim_for(LossKind loss) {
  switch (loss) {
    case LossKind::Mse:
      return 2;
    case LossKind::CrossEntropy:
    case LossKind::StableMax:
      return 3;
    case LossKind::Logistic:
      return 1;
  }
  return 0;
}

struct Problem {
  MatrixXd x;
  std::vector<int> labels;
  MatrixXd values;
  BasicTargets<double> targets() const { return {labels.data(), &values}; }
};

Problem make_problem(int input_dim, LossKind loss, int batch, Rng& rng) {
  Problem p;
  p.x.resize(input_dim, batch);
  for (Eigen::Index k = 0; k < p.x.size(); ++k) p.x.data()[k] = rng.normal();
  const int classes = loss == LossKind::Logistic ? 2 : output_dim_for(loss);
  p.labels.resize(batch);
  for (int& label : p.labels) label = static_cast<int>(rng.below(classes));
  p.values.resize(output_dim_for(loss), batch);
  for (Eigen::Index k = 0; k < p.values.size(); ++k) p.values.data()[k] = rng.normal();
  return p;
}

// An independent per-sample forward pass in double, reading the parameters in the documented
// layout order: W (out x in, column-major), b, then LayerNorm gain and bias on hidden layers.
VectorXd reference_forward(const ModelSpec& spec, int input_dim, int output_dim,
                           const VectorXd& params, const VectorXd& x) {
  std::vector<int> widths = {input_dim};
  for (int w : spec.hidden) widths.push_back(w);
  widths.push_back(output_dim);
  const int layers = static_cast<int>(widths.size()) - 1;
  int offset = 0;
  VectorXd h = x;
  for (int l = 1; l <= layers; ++l) {
    const int in = widths[l - 1], out = widths[l];
    const bool hidden = l < layers;
    VectorXd z(out);
    for (int r = 0; r < out; ++r) {
      double s = 0.0;
      for (int c = 0; c < in; ++c) s += params[offset + c * out + r] * h[c];
      z[r] = s;
    }
    offset += out * in;
    for (int r = 0; r < out; ++r) z[r] += params[offset + r];
    offset += out;
    if (!hidden) return z;
    if (spec.layer_norm) {
      double mean = 0.0;
      for (int r = 0; r < out; ++r) mean += z[r] / out;
      double var = 0.0;
      for (int r = 0; r < out; ++r) var += (z[r] - mean) * (z[r] - mean) / out;
      for (int r = 0; r < out; ++r) {
        z[r] =
            params[offset + r] * (z[r] - mean) / std::sqrt(var + 1e-5) + params[offset + out + r];
      }
      offset += 2 * out;
    }
    VectorXd a(out);
    for (int r = 0; r < out; ++r) a[r] = ref_act(spec.activation, z[r]);
    h = (spec.residual && l > 1 && in == out) ? VectorXd(h + a) : a;
  }
  return h;
}

VectorXd random_params(const BasicMlp<double>& mlp, std::uint64_t seed) {
  VectorXd params(mlp.num_params());
  Rng rng(seed, Stream::Init);
  mlp.init_params(params, rng);
  // Move every parameter (biases and LayerNorm parameters included) off its initial value.
  for (Eigen::Index i = 0; i < params.size(); ++i) params[i] += 0.2 * rng.normal();
  return params;
}

std::string describe(const ModelSpec& spec) {
  std::string s = std::string(name(spec.activation)) + " " + name(spec.loss) + " hidden=[";
  for (int w : spec.hidden) s += std::to_string(w) + ",";
  s += "]";
  if (spec.layer_norm) s += " layer_norm";
  if (spec.residual) s += " residual";
  return s;
}

// ----- activations -----

TEST(NnActivation, ValuesMatchScalarFormulas) {
  const std::vector<double> points = {-30.0, -3.0, -1.0, -0.25, 0.0, 0.3, 1.0, 2.5, 30.0};
  MatrixXd z(3, 3);
  for (int k = 0; k < 9; ++k) z.data()[k] = points[k];
  for (Activation a : kActivations) {
    SCOPED_TRACE(name(a));
    MatrixXd out(3, 3);
    nn::activation_value<double>(a, z, out);
    Eigen::MatrixXf out_f(3, 3);
    nn::activation_value<float>(a, z.cast<float>(), out_f);
    for (int k = 0; k < 9; ++k) {
      const double expected = ref_act(a, points[k]);
      EXPECT_NEAR(out.data()[k], expected, 1e-14 * (1.0 + std::abs(expected))) << points[k];
      EXPECT_NEAR(out_f.data()[k], expected, 2e-6 * (1.0 + std::abs(expected))) << points[k];
    }
  }
  // Spot values written out by hand.
  MatrixXd one(1, 1), out(1, 1);
  one(0, 0) = 1.0;
  nn::activation_value<double>(Activation::Gelu, one, out);
  EXPECT_NEAR(out(0, 0), 0.8413447460685429, 1e-15);  // Phi(1)
  nn::activation_value<double>(Activation::Silu, one, out);
  EXPECT_NEAR(out(0, 0), 0.7310585786300049, 1e-15);  // sigmoid(1)
  one(0, 0) = -2.0;
  nn::activation_value<double>(Activation::LeakyRelu, one, out);
  EXPECT_DOUBLE_EQ(out(0, 0), -0.02);
}

TEST(NnActivation, DerivativesMatchCentralDifferences) {
  // Away from the kink at 0 (relu, leaky_relu); step 1e-5: error ~1e-10 + 1e-16 / 1e-5.
  const std::vector<double> points = {-4.0, -1.3, -0.2, 0.05, 0.7, 1.9, 5.0};
  MatrixXd z(1, static_cast<int>(points.size()));
  for (std::size_t k = 0; k < points.size(); ++k) z(0, static_cast<int>(k)) = points[k];
  const double h = 1e-5;
  for (Activation a : kActivations) {
    SCOPED_TRACE(name(a));
    MatrixXd d(z.rows(), z.cols()), plus(z.rows(), z.cols()), minus(z.rows(), z.cols());
    nn::activation_derivative<double>(a, z, d);
    nn::activation_value<double>(a, (z.array() + h).matrix(), plus);
    nn::activation_value<double>(a, (z.array() - h).matrix(), minus);
    for (Eigen::Index k = 0; k < z.cols(); ++k) {
      EXPECT_NEAR(d(0, k), (plus(0, k) - minus(0, k)) / (2 * h), 1e-8) << z(0, k);
    }
    // backward = grad_out .* f'(z)
    MatrixXd g = MatrixXd::Constant(z.rows(), z.cols(), -2.5), back(z.rows(), z.cols());
    nn::activation_backward<double>(a, z, g, back);
    EXPECT_LT((back - (-2.5) * d).cwiseAbs().maxCoeff(), 1e-15);
  }
  MatrixXd neg(1, 1), d(1, 1);
  neg(0, 0) = -1.0;
  nn::activation_derivative<double>(Activation::Relu, neg, d);
  EXPECT_EQ(d(0, 0), 0.0);
  nn::activation_derivative<double>(Activation::LeakyRelu, neg, d);
  EXPECT_DOUBLE_EQ(d(0, 0), 0.01);
}

// ----- losses -----

TEST(NnLoss, CrossEntropyHandValues) {
  MatrixXd logits(3, 2);
  logits << 1, 0, 2, 0, 3, 0;  // columns (1, 2, 3) and (0, 0, 0)
  const int labels[] = {2, 0};
  BasicTargets<double> t{labels, nullptr};
  // log(e + e^2 + e^3) - 3 = log(1 + e^-1 + e^-2); log 3.
  const double l0 = 0.40760596444437554, l1 = 1.0986122886681098;
  // (Eigen's vectorised exp is accurate to a few ulp, not correctly rounded.)
  EXPECT_NEAR(nn::loss_value<double>(LossKind::CrossEntropy, logits, t), (l0 + l1) / 2, 1e-14);
  MatrixXd d(3, 2);
  const double v = nn::loss_value_and_grad<double>(LossKind::CrossEntropy, logits, t, d);
  EXPECT_NEAR(v, (l0 + l1) / 2, 1e-14);
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  EXPECT_NEAR(d(0, 0), std::exp(1.0) / z / 2, 1e-15);
  EXPECT_NEAR(d(2, 0), (std::exp(3.0) / z - 1) / 2, 1e-15);
  EXPECT_NEAR(d(0, 1), (1.0 / 3 - 1) / 2, 1e-15);
  EXPECT_NEAR(d(1, 1), 1.0 / 3 / 2, 1e-15);
  // Large logits: the max subtraction keeps everything finite.
  Eigen::MatrixXf big(2, 1);
  big << 1000.f, 0.f;
  const int one[] = {1};
  Eigen::MatrixXf dbig(2, 1);
  EXPECT_FLOAT_EQ(static_cast<float>(nn::loss_value_and_grad<float>(
                      LossKind::CrossEntropy, big, BasicTargets<float>{one, nullptr}, dbig)),
                  1000.f);
  EXPECT_FLOAT_EQ(dbig(0, 0), 1.f);
  EXPECT_FLOAT_EQ(dbig(1, 0), -1.f);
}

TEST(NnLoss, LogisticHandValues) {
  MatrixXd z(1, 4);
  z << 2, -1, 100, -100;
  const int labels[] = {1, 1, 0, 0};
  BasicTargets<double> t{labels, nullptr};
  // log(1 + e^-2), log(1 + e), 100 + log(1 + e^-100), log(1 + e^-100).
  const double expected = (0.12692801104297263 + 1.3132616875182228 + 100.0 + 0.0) / 4;
  MatrixXd d(1, 4);
  EXPECT_NEAR(nn::loss_value_and_grad<double>(LossKind::Logistic, z, t, d), expected, 1e-13);
  EXPECT_NEAR(nn::loss_value<double>(LossKind::Logistic, z, t), expected, 1e-13);
  const auto sigmoid = [](double v) { return 1 / (1 + std::exp(-v)); };
  EXPECT_NEAR(d(0, 0), (sigmoid(2) - 1) / 4, 1e-15);
  EXPECT_NEAR(d(0, 1), (sigmoid(-1) - 1) / 4, 1e-15);
  EXPECT_NEAR(d(0, 2), 0.25, 1e-15);
  EXPECT_NEAR(d(0, 3), 0.0, 1e-15);
  // float: no overflow at large |z|.
  Eigen::MatrixXf zf(1, 2);
  zf << 200.f, -200.f;
  const int flipped[] = {0, 1};
  EXPECT_FLOAT_EQ(static_cast<float>(nn::loss_value<float>(LossKind::Logistic, zf,
                                                           BasicTargets<float>{flipped, nullptr})),
                  200.f);
  const int bad[] = {2, 0};
  EXPECT_THROW(nn::loss_value<float>(LossKind::Logistic, zf, BasicTargets<float>{bad, nullptr}),
               std::invalid_argument);
}

TEST(NnLoss, MseHandValues) {
  MatrixXd out(2, 2);
  out << 1, 2, 3, 5;                  // columns (1, 3) and (2, 5)
  MatrixXd y = MatrixXd::Zero(2, 3);  // one column more than the batch: ignored
  y(0, 2) = 100;
  BasicTargets<double> t{nullptr, &y};
  // (0.5 (1 + 9) + 0.5 (4 + 25)) / 2
  EXPECT_NEAR(nn::loss_value<double>(LossKind::Mse, out, t), 9.75, 1e-15);
  MatrixXd d(2, 2);
  EXPECT_NEAR(nn::loss_value_and_grad<double>(LossKind::Mse, out, t, d), 9.75, 1e-15);
  EXPECT_LT((d - out / 2).cwiseAbs().maxCoeff(), 1e-15);
  MatrixXd short_y = MatrixXd::Zero(2, 1);
  EXPECT_THROW(nn::loss_value<double>(LossKind::Mse, out, BasicTargets<double>{nullptr, &short_y}),
               std::invalid_argument);
}

// ----- LayerNorm -----

TEST(NnLayerNorm, NormalisesEachColumn) {
  MatrixXd z(4, 2);
  z << 1, 10, 2, 10, 3, 10, 4, 10;  // second column constant
  VectorXd gain = VectorXd::Constant(4, 2.0), bias = VectorXd::Constant(4, 0.5);
  MatrixXd zhat(4, 2);
  Eigen::RowVectorXd inv(2);
  nn::layer_norm_forward<double>(z, gain, bias, zhat, inv);
  // Column 1: mean 2.5, variance 1.25.
  const double s = 1 / std::sqrt(1.25 + 1e-5);
  EXPECT_NEAR(inv(0), s, 1e-15);
  EXPECT_NEAR(z(0, 0), 2 * (1 - 2.5) * s + 0.5, 1e-14);
  EXPECT_NEAR(z(3, 0), 2 * (4 - 2.5) * s + 0.5, 1e-14);
  EXPECT_NEAR(inv(1), 1 / std::sqrt(1e-5), 1e-9);
  EXPECT_NEAR(z(2, 1), 0.5, 1e-15);
}

// ----- initialisation -----

double sample_std(const MatrixXd& w) {
  const double mean = w.mean();
  return std::sqrt((w.array() - mean).square().sum() / static_cast<double>(w.size()));
}

TEST(NnInit, StatisticsMatchTheSchemes) {
  const int fan_out = 400, fan_in = 500;
  const double gain = 1.5;
  for (InitScheme s : kInits) {
    if (s == InitScheme::Orthogonal || s == InitScheme::Zero) continue;
    SCOPED_TRACE(name(s));
    MatrixXd w(fan_out, fan_in);
    Rng rng(7, Stream::Init);
    nn::init_weight<double>(s, gain, w, rng);
    const double scale = nn::init_scale(s, fan_in, fan_out, gain);
    const double expected_std = nn::init_is_uniform(s) ? scale / std::sqrt(3.0) : scale;
    // 200000 draws: the sample std is within ~0.2% (one standard error); fan_in vs fan_out
    // mix-ups would be off by >= 5%.
    EXPECT_NEAR(sample_std(w) / expected_std, 1.0, 0.01);
    EXPECT_NEAR(w.mean(), 0.0, 0.01 * expected_std);
    if (nn::init_is_uniform(s)) {
      EXPECT_LE(w.cwiseAbs().maxCoeff(), scale);
      EXPECT_GT(w.cwiseAbs().maxCoeff(), 0.999 * scale);
    }
  }
  // The formulas themselves.
  EXPECT_DOUBLE_EQ(nn::init_scale(InitScheme::HeNormal, fan_in, fan_out, gain),
                   gain * std::sqrt(2.0 / fan_in));
  EXPECT_DOUBLE_EQ(nn::init_scale(InitScheme::HeUniform, fan_in, fan_out, gain),
                   gain * std::sqrt(6.0 / fan_in));
  EXPECT_DOUBLE_EQ(nn::init_scale(InitScheme::XavierUniform, fan_in, fan_out, gain),
                   gain * std::sqrt(6.0 / (fan_in + fan_out)));
  EXPECT_DOUBLE_EQ(nn::init_scale(InitScheme::XavierNormal, fan_in, fan_out, gain),
                   gain * std::sqrt(2.0 / (fan_in + fan_out)));
  EXPECT_DOUBLE_EQ(nn::init_scale(InitScheme::LecunUniform, fan_in, fan_out, gain),
                   gain * std::sqrt(3.0 / fan_in));
  EXPECT_DOUBLE_EQ(nn::init_scale(InitScheme::LecunNormal, fan_in, fan_out, gain),
                   gain * std::sqrt(1.0 / fan_in));
  MatrixXd w = MatrixXd::Ones(3, 4);
  Rng rng(1, Stream::Init);
  nn::init_weight<double>(InitScheme::Zero, gain, w, rng);
  EXPECT_EQ(w.cwiseAbs().maxCoeff(), 0.0);
}

TEST(NnInit, OrthogonalIsOrthonormalAndSignFixedQr) {
  const double gain = 2.0;
  for (auto [rows, cols] : {std::pair{50, 20}, std::pair{20, 50}, std::pair{30, 30}}) {
    SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols));
    MatrixXd w(rows, cols);
    Rng rng(11, Stream::Init);
    nn::init_weight<double>(InitScheme::Orthogonal, gain, w, rng);
    const MatrixXd gram = rows >= cols ? MatrixXd(w.transpose() * w) : MatrixXd(w * w.transpose());
    const int k = std::min(rows, cols);
    EXPECT_LT((gram - gain * gain * MatrixXd::Identity(k, k)).cwiseAbs().maxCoeff(), 1e-12);
    // Redraw the same Gaussian matrix A (tall x thin, column-major): Q = W / gain must satisfy
    // A = Q R with R upper triangular with a positive diagonal (the sign fix).
    Rng again(11, Stream::Init);
    MatrixXd a(std::max(rows, cols), k);
    for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = again.normal();
    const MatrixXd q = rows >= cols ? MatrixXd(w / gain) : MatrixXd(w.transpose() / gain);
    const MatrixXd r = q.transpose() * a;
    for (int i = 0; i < k; ++i) {
      EXPECT_GT(r(i, i), 0.0) << i;
      for (int j = 0; j < i; ++j) EXPECT_NEAR(r(i, j), 0.0, 1e-12);
    }
  }
  Eigen::MatrixXf wf(40, 10);
  Rng rng(3, Stream::Init);
  nn::init_weight<float>(InitScheme::Orthogonal, 1.0, wf, rng);
  EXPECT_LT((wf.transpose() * wf - Eigen::MatrixXf::Identity(10, 10)).cwiseAbs().maxCoeff(), 1e-5f);
}

TEST(MlpInit, ParamsFollowTheLayoutAndAreDeterministic) {
  ModelSpec spec;
  spec.hidden = {6, 6};
  spec.layer_norm = true;
  spec.init = InitScheme::HeNormal;
  spec.init_gain = 0.5;
  Mlp mlp(3, 4, spec);
  Vec a(mlp.num_params()), b(mlp.num_params()), c(mlp.num_params());
  Rng r1(42, Stream::Init), r2(42, Stream::Init), r3(43, Stream::Init);
  mlp.init_params(a, r1);
  mlp.init_params(b, r2);
  mlp.init_params(c, r3);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  for (const auto& t : mlp.layout().tensors) {
    SCOPED_TRACE(t.name);
    auto v = a.segment(t.offset, t.size());
    if (t.role == TensorRole::Weight) {
      EXPECT_GT(v.cwiseAbs().minCoeff(), 0.f);
    } else if (t.role == TensorRole::Gain) {
      EXPECT_TRUE((v.array() == 1.f).all());
    } else {
      EXPECT_TRUE((v.array() == 0.f).all());
    }
  }
  // The first weight matrix is exactly init_weight's draw from a fresh generator.
  Rng fresh(42, Stream::Init);
  Eigen::MatrixXf w1(6, 3);
  nn::init_weight<float>(InitScheme::HeNormal, 0.5, w1, fresh);
  EXPECT_EQ(Eigen::Map<const Eigen::MatrixXf>(a.data(), 6, 3), w1);
  // float and double models draw the same weights.
  BasicMlp<double> mlp_d(3, 4, spec);
  VectorXd ad(mlp_d.num_params());
  Rng r4(42, Stream::Init);
  mlp_d.init_params(ad, r4);
  EXPECT_EQ(a, ad.cast<float>());
}

// ----- layout -----

TEST(MlpLayout, NamesOffsetsShapesAndRoles) {
  ModelSpec spec;
  spec.hidden = {4, 5};
  spec.layer_norm = true;
  Mlp mlp(3, 2, spec);
  struct Expected {
    const char* name;
    int offset, rows, cols;
    TensorRole role;
  };
  const Expected expected[] = {
      {"layer1.weight", 0, 4, 3, TensorRole::Weight},
      {"layer1.bias", 12, 4, 1, TensorRole::Bias},
      {"layer1.ln_gain", 16, 4, 1, TensorRole::Gain},
      {"layer1.ln_bias", 20, 4, 1, TensorRole::Bias},
      {"layer2.weight", 24, 5, 4, TensorRole::Weight},
      {"layer2.bias", 44, 5, 1, TensorRole::Bias},
      {"layer2.ln_gain", 49, 5, 1, TensorRole::Gain},
      {"layer2.ln_bias", 54, 5, 1, TensorRole::Bias},
      {"layer3.weight", 59, 2, 5, TensorRole::Weight},
      {"layer3.bias", 69, 2, 1, TensorRole::Bias},
  };
  const auto& tensors = mlp.layout().tensors;
  ASSERT_EQ(tensors.size(), std::size(expected));
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    EXPECT_EQ(tensors[i].name, expected[i].name);
    EXPECT_EQ(tensors[i].offset, expected[i].offset) << expected[i].name;
    EXPECT_EQ(tensors[i].rows, expected[i].rows) << expected[i].name;
    EXPECT_EQ(tensors[i].cols, expected[i].cols) << expected[i].name;
    EXPECT_EQ(tensors[i].role, expected[i].role) << expected[i].name;
  }
  EXPECT_EQ(mlp.num_params(), 71);
  EXPECT_EQ(mlp.output_dim(), 2);

  spec.layer_norm = false;
  spec.hidden = {};
  spec.loss = LossKind::Logistic;
  Mlp linear(3, 2, spec);  // logistic: one output whatever the class count
  ASSERT_EQ(linear.layout().tensors.size(), 2u);
  EXPECT_EQ(linear.layout().tensors[0].name, "layer1.weight");
  EXPECT_EQ(linear.layout().tensors[0].rows, 1);
  EXPECT_EQ(linear.output_dim(), 1);
  EXPECT_EQ(linear.num_params(), 4);
  EXPECT_THROW(Mlp(3, 3, spec), std::invalid_argument);
}

// ----- forward semantics -----

TEST(MlpForward, MatchesPerSampleReference) {
  // input 4 = first hidden width: the first layer is never residual.
  for (bool layer_norm : {false, true}) {
    for (bool residual : {false, true}) {
      for (Activation act : kActivations) {
        ModelSpec spec;
        spec.hidden = {4, 4, 6, 6, 3};
        spec.activation = act;
        spec.layer_norm = layer_norm;
        spec.residual = residual;
        spec.loss = LossKind::Mse;
        SCOPED_TRACE(describe(spec));
        BasicMlp<double> mlp(4, 2, spec);
        const VectorXd params = random_params(mlp, 5);
        Rng rng(9, Stream::Data);
        const Problem p = make_problem(4, LossKind::Mse, 7, rng);
        MatrixXd out;
        mlp.forward(params, p.x, out);
        ASSERT_EQ(out.rows(), 2);
        ASSERT_EQ(out.cols(), 7);
        double max_err = 0.0, max_abs = 0.0;
        for (int j = 0; j < 7; ++j) {
          const VectorXd ref = reference_forward(spec, 4, 2, params, p.x.col(j));
          max_err = std::max(max_err, (out.col(j) - ref).cwiseAbs().maxCoeff());
          max_abs = std::max(max_abs, ref.cwiseAbs().maxCoeff());
        }
        EXPECT_LT(max_err, 1e-12 * (1 + max_abs));
        // The float model agrees to float precision.
        Mlp mlp_f(4, 2, spec);
        Mat out_f;
        mlp_f.forward(params.cast<float>(), p.x.cast<float>(), out_f);
        EXPECT_LT((out_f.cast<double>() - out).cwiseAbs().maxCoeff(), 1e-4 * (1 + max_abs));
      }
    }
  }
}

TEST(MlpForward, LossAndOutputsAgree) {
  ModelSpec spec;
  spec.hidden = {5};
  spec.loss = LossKind::CrossEntropy;
  BasicMlp<double> mlp(3, 3, spec);
  const VectorXd params = random_params(mlp, 2);
  Rng rng(4, Stream::Data);
  const Problem p = make_problem(3, LossKind::CrossEntropy, 6, rng);
  MatrixXd out = MatrixXd::Constant(3, 10, -7.0);  // larger than the batch: first 6 columns
  mlp.forward(params, p.x, out);
  ASSERT_EQ(out.cols(), 10);
  EXPECT_EQ(out(0, 6), -7.0);
  const double direct =
      nn::loss_value<double>(LossKind::CrossEntropy, out.leftCols(6), p.targets());
  EXPECT_NEAR(mlp.loss(params, p.x, p.targets()), direct, 1e-14);
  VectorXd grad = VectorXd::Constant(mlp.num_params(), std::nan(""));
  EXPECT_NEAR(mlp.loss_and_grad(params, p.x, p.targets(), grad), direct, 1e-14);
  EXPECT_TRUE(grad.allFinite());  // every entry written
}

// ----- gradients -----

struct GradCheckResult {
  double max_scaled = 0.0;  // max over components of |a - n| / (kRelTol max(|a|, |n|) + kAbsTol)
  double max_rel = 0.0;     // max relative error over components with max(|a|, |n|) > 1e-4
  double analytic_norm = 0.0;
};

// Analytic gradient a against the fourth-order central difference
//   n = (-f(p + 2h) + 8 f(p + h) - 8 f(p - h) + f(p - 2h)) / 12h,   h = 1e-4,
// of the loss in double. Its truncation error is h^4 |f^(5)| / 30 ~ 3e-18 |f^(5)|, its rounding
// error ~ 3 eps |f| / 2h ~ 1e-12 |f| (losses here are O(1); a second-order difference would
// have truncation errors up to ~1e-9 here, from the large curvature LayerNorm has when a
// sample's features are nearly equal). Each component must satisfy
// |a - n| <= 1e-6 max(|a|, |n|) + 1e-9: the absolute term covers components near 0, where
// any relative measure is FD noise; the relative term leaves a wide margin over the errors
// measured (worst ~1e-8 relative) and is still far below the O(1) relative error of a wrong
// sign, factor or missing term.
constexpr double kStep = 1e-4;
constexpr double kRelTol = 1e-6;
constexpr double kAbsTol = 1e-9;

GradCheckResult check_gradient(const ModelSpec& spec, int input_dim, std::uint64_t seed) {
  const int batch = 5;
  BasicMlp<double> mlp(input_dim, output_dim_for(spec.loss), spec);
  Rng rng(seed, Stream::Data);
  Problem p = make_problem(input_dim, spec.loss, batch, rng);
  VectorXd params = random_params(mlp, seed);
  const bool kinked =
      spec.activation == Activation::Relu || spec.activation == Activation::LeakyRelu;
  // StableMax's s(x) is C1 at 0 but its second derivative jumps there: the fourth-order
  // difference below is only first-order accurate across it, so logits keep away from 0 too.
  const bool kinked_loss = spec.loss == LossKind::StableMax;
  MatrixXd logits;
  const auto kink_free = [&]() {
    mlp.loss(params, p.x, p.targets());
    if (kinked && MlpTestPeer::min_abs_activation_input(mlp, batch) < 1e-2) return false;
    if (kinked_loss) {
      mlp.forward(params, p.x, logits);
      if (logits.cwiseAbs().minCoeff() < 1e-2) return false;
    }
    return true;
  };
  if (kinked || kinked_loss) {
    // Move away from the kinks: redraw until every activation input is >= 1e-2 from 0, far
    // more than parameter steps of 2e-4 can move it.
    for (std::uint64_t s = seed + 1; s < seed + 500; ++s) {
      if (kink_free()) break;
      params = random_params(mlp, s);
    }
    EXPECT_TRUE(kink_free()) << "no kink-free draw";
  }
  VectorXd grad(mlp.num_params());
  mlp.loss_and_grad(params, p.x, p.targets(), grad);
  VectorXd numeric(mlp.num_params());
  for (int i = 0; i < mlp.num_params(); ++i) {
    VectorXd q = params;
    const auto f = [&](double step) {
      q[i] = params[i] + step;
      return mlp.loss(q, p.x, p.targets());
    };
    numeric[i] = (-f(2 * kStep) + 8 * f(kStep) - 8 * f(-kStep) + f(-2 * kStep)) / (12 * kStep);
  }
  GradCheckResult r;
  for (int i = 0; i < mlp.num_params(); ++i) {
    const double err = std::abs(grad[i] - numeric[i]);
    const double size = std::max(std::abs(grad[i]), std::abs(numeric[i]));
    r.max_scaled = std::max(r.max_scaled, err / (kRelTol * size + kAbsTol));
    if (size > 1e-4) r.max_rel = std::max(r.max_rel, err / size);
  }
  r.analytic_norm = grad.norm();
  return r;
}

// The networks the finite-difference checks cover, for one loss: four depths, every
// activation, with and without LayerNorm and residual connections, Xavier-normal initialised.
// Calls check(spec, depth) for each, inside a trace that names the spec.
template <class Check>
void for_each_checked_network(LossKind loss, Check check) {
  const std::vector<std::vector<int>> architectures = {{}, {5}, {4, 4}, {3, 6, 6, 4}};
  for (const auto& hidden : architectures) {
    for (Activation act : kActivations) {
      for (bool layer_norm : {false, true}) {
        for (bool residual : {false, true}) {
          ModelSpec spec;
          // Copying an empty vector trips a GCC 12 -Wnonnull false positive (memmove of
          // 0 bytes to null); the default is already empty.
          if (!hidden.empty()) spec.hidden = hidden;
          spec.activation = act;
          spec.layer_norm = layer_norm;
          spec.residual = residual;
          spec.loss = loss;
          spec.init = InitScheme::XavierNormal;
          SCOPED_TRACE(describe(spec));
          check(spec, static_cast<int>(hidden.size()));
        }
      }
    }
  }
}

void run_gradient_checks(LossKind loss) {
  // No LayerNorm on a width-2 layer: its output is +-gain + bias up to O(eps / var), so the
  // gradients below it are ~1e-6 and the check is ill-conditioned (it passes, with little
  // margin).
  double worst = 0.0;
  for_each_checked_network(loss, [&worst](const ModelSpec& spec, int depth) {
    const GradCheckResult r = check_gradient(spec, 3, 100 + depth);
    EXPECT_LT(r.max_scaled, 1.0) << "worst relative error " << r.max_rel;
    EXPECT_GT(r.analytic_norm, 1e-2);  // a vacuous (zero) gradient would pass trivially
    worst = std::max(worst, r.max_rel);
  });
  std::printf("[          ] %s: worst relative error (components > 1e-4) %.2e\n", name(loss),
              worst);
}

TEST(MlpGradient, MseMatchesFiniteDifferences) { run_gradient_checks(LossKind::Mse); }
TEST(MlpGradient, CrossEntropyMatchesFiniteDifferences) {
  run_gradient_checks(LossKind::CrossEntropy);
}
TEST(MlpGradient, LogisticMatchesFiniteDifferences) { run_gradient_checks(LossKind::Logistic); }
TEST(MlpGradient, StableMaxMatchesFiniteDifferences) { run_gradient_checks(LossKind::StableMax); }

// The float model and its double twin: a residual 8-8 network with LayerNorm, the same
// parameters (from `seed`) in both, and a 32-example problem drawn with rng (seed + 1).
struct FloatAndDouble {
  ModelSpec spec;
  BasicMlp<double> mlp_d;
  Mlp mlp_f;
  VectorXd params;
  Rng rng;
  Problem p;

  static ModelSpec spec_of(Activation activation, LossKind loss) {
    ModelSpec s;
    s.hidden = {8, 8};
    s.activation = activation;
    s.layer_norm = true;
    s.residual = true;
    s.loss = loss;
    return s;
  }
  FloatAndDouble(Activation activation, LossKind loss, std::uint64_t seed)
      : spec(spec_of(activation, loss)),
        mlp_d(3, output_dim_for(loss), spec),
        mlp_f(3, output_dim_for(loss), spec),
        params(random_params(mlp_d, seed)),
        rng(seed + 1, Stream::Data),
        p(make_problem(3, loss, 32, rng)) {}
};

TEST(MlpGradient, FloatModelAgreesWithDouble) {
  for (LossKind loss : kLosses) {
    FloatAndDouble twins(Activation::Gelu, loss, 17);
    SCOPED_TRACE(describe(twins.spec));
    auto& [spec, mlp_d, mlp_f, params, rng, p] = twins;
    VectorXd grad_d(mlp_d.num_params());
    Vec grad_f(mlp_f.num_params());
    const double loss_d = mlp_d.loss_and_grad(params, p.x, p.targets(), grad_d);
    const Mat x_f = p.x.cast<float>(), values_f = p.values.cast<float>();
    const double loss_f =
        mlp_f.loss_and_grad(params.cast<float>(), x_f, Targets{p.labels.data(), &values_f}, grad_f);
    EXPECT_NEAR(loss_f, loss_d, 1e-5 * (1 + std::abs(loss_d)));
    EXPECT_LT((grad_f.cast<double>() - grad_d).norm() / grad_d.norm(), 1e-4);
  }
}

// ----- correct -----

TEST(MlpCorrect, CountsArgmaxAndLogitSign) {
  ModelSpec spec;
  spec.hidden = {};
  spec.loss = LossKind::CrossEntropy;
  Mlp ce(2, 2, spec);
  Vec params(ce.num_params());
  params << 1, 0, 0, 1, 0, 0;  // W = I (column-major), b = 0: logits = x
  Mat x(2, 4);
  x << 1, 0, 2, 5, 0, 1, 3, -1;  // columns (1,0) (0,1) (2,3) (5,-1): argmax 0, 1, 1, 0
  const int labels[] = {0, 1, 0, 0};
  EXPECT_EQ(ce.correct(params, x, labels), 3);

  spec.loss = LossKind::Logistic;
  Mlp logistic(2, 2, spec);
  Vec lp(logistic.num_params());
  lp << 1, -1, 0.5;  // logit = x1 - x2 + 0.5: 1.5, -0.5, -0.5, 6.5 -> classes 1, 0, 0, 1
  const int binary[] = {1, 1, 0, 0};
  EXPECT_EQ(logistic.correct(lp, x, binary), 2);

  spec.loss = LossKind::Mse;
  Mlp regression(2, 2, spec);
  Vec rp = Vec::Zero(regression.num_params());
  EXPECT_THROW(regression.correct(rp, x, labels), std::invalid_argument);
}

// ----- no allocation -----

TEST(MlpNoAllocation, CounterSeesEigenAndOperatorNew) {
#ifndef DESCENT_TEST_COUNTS_MALLOC
  GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
#else
  {
    AllocationCounter counter;
    Mat m(64, 64);
    g_sink = m.data();
    EXPECT_GE(counter.count(), 1);
  }
  {
    AllocationCounter counter;
    auto* v = new std::vector<int>(100);
    g_sink = v->data();
    delete v;
    EXPECT_GE(counter.count(), 2);
  }
  {
    // A plain product this large packs its operands in heap buffers (> 128 KiB), which is why
    // Mlp tiles its products (nn/product.h).
    Mat a = Mat::Ones(300, 300), b = Mat::Ones(300, 512), c(300, 512);
    AllocationCounter counter;
    c.noalias() = a * b;
    g_sink = c.data();
    EXPECT_GE(counter.count(), 1);
  }
#endif
}

struct NoAllocCase {
  int input_dim = 0, output_dim = 0;
  ModelSpec spec;
  int capacity = 0;
  std::vector<int> batches;
};

NoAllocCase no_alloc_case(int input_dim, int output_dim, std::vector<int> hidden, Activation act,
                          bool layer_norm, bool residual, LossKind loss, int capacity,
                          std::vector<int> batches) {
  NoAllocCase c;
  c.input_dim = input_dim;
  c.output_dim = output_dim;
  c.spec.hidden = std::move(hidden);
  c.spec.activation = act;
  c.spec.layer_norm = layer_norm;
  c.spec.residual = residual;
  c.spec.loss = loss;
  c.capacity = capacity;
  c.batches = std::move(batches);
  return c;
}

TEST(MlpNoAllocation, HotPathDoesNotAllocateAfterReserve) {
#ifndef DESCENT_TEST_COUNTS_MALLOC
  GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
#else
  const std::vector<NoAllocCase> cases = {
      no_alloc_case(2, 3, {16, 16}, Activation::Tanh, true, true, LossKind::CrossEntropy, 256,
                    {256, 100, 1}),
      // Products above Eigen's stack-allocation limit.
      no_alloc_case(64, 10, {300, 300}, Activation::Relu, false, false, LossKind::Mse, 512,
                    {512, 333}),
      // Depth 1500 in the weight gradient: split along the batch.
      no_alloc_case(5, 2, {8}, Activation::Gelu, true, false, LossKind::Logistic, 1500, {1500, 7}),
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(describe(c.spec));
    Mlp mlp(c.input_dim, c.output_dim, c.spec);
    Vec params(mlp.num_params()), grad(mlp.num_params());
    Rng rng(1, Stream::Init);
    mlp.init_params(params, rng);
    Mat x(c.input_dim, c.capacity);
    for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = static_cast<float>(rng.normal());
    std::vector<int> labels(c.capacity);
    for (int& l : labels)
      l = static_cast<int>(rng.below(c.spec.loss == LossKind::Logistic ? 2 : 3));
    Mat values = Mat::Ones(mlp.output_dim(), c.capacity);
    const Targets t{labels.data(), &values};
    Mat out(mlp.output_dim(), c.capacity);
    mlp.reserve(c.capacity);
    mlp.reserve_curvature(c.capacity);
    Vec direction = Vec::Ones(mlp.num_params()), hv(mlp.num_params());
    Mat jv(mlp.output_dim(), c.capacity);
    for (int batch : c.batches) {
      SCOPED_TRACE(batch);
      const auto xb = x.leftCols(batch);
      double value = 0.0;
      int correct = 0;
      long allocations = 0;
      {
        AllocationCounter counter;
        value = mlp.loss_and_grad(params, xb, t, grad);
        value += mlp.loss(params, xb, t);
        mlp.forward(params, xb, out);
        if (c.spec.loss != LossKind::Mse) correct = mlp.correct(params, xb, labels.data());
        value += mlp.hessian_vector(params, xb, t, direction, hv);
        mlp.output_jvp(params, xb, direction, jv);
        mlp.output_vjp(params, xb, jv.leftCols(batch), grad);
        allocations = counter.count();
      }
      EXPECT_EQ(allocations, 0);
      EXPECT_TRUE(std::isfinite(value));
      EXPECT_TRUE(grad.allFinite());
      EXPECT_TRUE(hv.allFinite());
      EXPECT_GE(correct, 0);
    }
  }
#endif
}

TEST(MlpReserve, LargerBatchGrowsTheWorkspace) {
  ModelSpec spec;
  spec.hidden = {4};
  spec.loss = LossKind::Mse;
  BasicMlp<double> mlp(2, 1, spec);
  const VectorXd params = random_params(mlp, 3);
  mlp.reserve(2);
  MatrixXd x = MatrixXd::Random(2, 9), y = MatrixXd::Zero(1, 9);
  BasicTargets<double> t{nullptr, &y};
  double expected = 0.0;
  for (int j = 0; j < 9; ++j) {
    const VectorXd out = reference_forward(spec, 2, 1, params, x.col(j));
    expected += 0.5 * out.squaredNorm() / 9;
  }
  EXPECT_NEAR(mlp.loss(params, x, t), expected, 1e-13);
}

// ----- Hessian-vector and Jacobian-vector products (R-operator) -----

// H v against the fourth-order central difference of the analytic gradient along v,
//   n = (-g(p + 2h v) + 8 g(p + h v) - 8 g(p - h v) + g(p - 2h v)) / 12h,   h = 1e-4,
// in double (the gradient itself is checked above). Truncation ~ h^4 |g^(5)| / 30, rounding
// ~ 3 eps |g| / 2h ~ 1e-12; each component must satisfy |a - n| <= 1e-6 max(|a|, |n|) + 1e-8.
// A missing second-order term (f'', the loss Hessian, the LayerNorm scale's derivative, the
// delta R{h}^T term, a residual path) gives O(1) relative errors.
struct HvpCheckResult {
  double max_scaled = 0.0;
  double max_rel = 0.0;
  double hv_norm = 0.0;
  double symmetry = 0.0;   // |w^T H v - v^T H w| / max(|w^T H v|, 1e-12)
  double jvp_error = 0.0;  // max |J v - FD of the outputs| / (1e-6 max + 1e-8)
  double adjoint = 0.0;    // |u^T (J v) - v^T (J^T u)| / max(|u^T J v|, 1e-12)
};

HvpCheckResult check_hvp(const ModelSpec& spec, int input_dim, std::uint64_t seed) {
  const int batch = 5;
  BasicMlp<double> mlp(input_dim, output_dim_for(spec.loss), spec);
  Rng rng(seed, Stream::Data);
  Problem p = make_problem(input_dim, spec.loss, batch, rng);
  VectorXd params = random_params(mlp, seed);
  const bool kinked =
      spec.activation == Activation::Relu || spec.activation == Activation::LeakyRelu;
  if (kinked) {
    for (std::uint64_t s = seed + 1; s < seed + 500; ++s) {
      mlp.loss(params, p.x, p.targets());
      if (MlpTestPeer::min_abs_activation_input(mlp, batch) >= 1e-2) break;
      params = random_params(mlp, s);
    }
  }
  const int n = mlp.num_params();
  VectorXd v(n), w(n);
  for (int i = 0; i < n; ++i) v[i] = rng.normal();
  for (int i = 0; i < n; ++i) w[i] = rng.normal();
  v /= v.norm();  // unit steps keep kinked activations on their side (kink distance >= 1e-2)
  VectorXd hv(n), hw(n), g(n);
  const double value = mlp.hessian_vector(params, p.x, p.targets(), v, hv);
  EXPECT_NEAR(value, mlp.loss(params, p.x, p.targets()), 1e-14);
  mlp.hessian_vector(params, p.x, p.targets(), w, hw);
  const auto grad_at = [&](double step) {
    VectorXd q = params + step * v;
    mlp.loss_and_grad(q, p.x, p.targets(), g);
    return VectorXd(g);
  };
  const VectorXd numeric =
      (-grad_at(2 * kStep) + 8 * grad_at(kStep) - 8 * grad_at(-kStep) + grad_at(-2 * kStep)) /
      (12 * kStep);
  HvpCheckResult r;
  for (int i = 0; i < n; ++i) {
    const double err = std::abs(hv[i] - numeric[i]);
    const double size = std::max(std::abs(hv[i]), std::abs(numeric[i]));
    r.max_scaled = std::max(r.max_scaled, err / (1e-6 * size + 1e-8));
    if (size > 1e-4) r.max_rel = std::max(r.max_rel, err / size);
  }
  r.hv_norm = hv.norm();
  const double wHv = w.dot(hv), vHw = v.dot(hw);
  r.symmetry = std::abs(wHv - vHw) / std::max(std::abs(wHv), 1e-12);

  // J v against the same difference of the outputs, and the adjoint identity with J^T u.
  MatrixXd jv, out_p, out_m, out_pp, out_mm;
  mlp.output_jvp(params, p.x, v, jv);
  const auto outputs_at = [&](double step, MatrixXd& out) {
    const VectorXd q = params + step * v;
    mlp.forward(q, p.x, out);
  };
  outputs_at(kStep, out_p);
  outputs_at(-kStep, out_m);
  outputs_at(2 * kStep, out_pp);
  outputs_at(-2 * kStep, out_mm);
  const MatrixXd jv_numeric = (-out_pp + 8 * out_p - 8 * out_m + out_mm) / (12 * kStep);
  for (Eigen::Index k = 0; k < jv.size(); ++k) {
    const double err = std::abs(jv.data()[k] - jv_numeric.data()[k]);
    const double size = std::max(std::abs(jv.data()[k]), std::abs(jv_numeric.data()[k]));
    r.jvp_error = std::max(r.jvp_error, err / (1e-6 * size + 1e-8));
  }
  MatrixXd u(jv.rows(), jv.cols());
  for (Eigen::Index k = 0; k < u.size(); ++k) u.data()[k] = rng.normal();
  VectorXd jtu(n);
  mlp.output_vjp(params, p.x, u, jtu);
  const double ujv = (u.array() * jv.array()).sum();
  r.adjoint = std::abs(ujv - v.dot(jtu)) / std::max(std::abs(ujv), 1e-12);
  return r;
}

void run_hvp_checks(LossKind loss) {
  double worst = 0.0;
  for_each_checked_network(loss, [&worst](const ModelSpec& spec, int depth) {
    const HvpCheckResult r = check_hvp(spec, 3, 200 + depth);
    EXPECT_LT(r.max_scaled, 1.0) << "worst relative error " << r.max_rel;
    EXPECT_GT(r.hv_norm, 1e-3);  // a vacuous (zero) product would pass trivially
    EXPECT_LT(r.symmetry, 1e-10);
    EXPECT_LT(r.jvp_error, 1.0);
    EXPECT_LT(r.adjoint, 1e-10);
    worst = std::max(worst, r.max_rel);
  });
  std::printf("[          ] %s: HVP worst relative error (components > 1e-4) %.2e\n", name(loss),
              worst);
}

TEST(MlpHessianVector, MseMatchesFiniteDifferences) { run_hvp_checks(LossKind::Mse); }
TEST(MlpHessianVector, CrossEntropyMatchesFiniteDifferences) {
  run_hvp_checks(LossKind::CrossEntropy);
}
TEST(MlpHessianVector, LogisticMatchesFiniteDifferences) { run_hvp_checks(LossKind::Logistic); }
TEST(MlpHessianVector, StableMaxMatchesFiniteDifferences) { run_hvp_checks(LossKind::StableMax); }

// The output scale alpha (ModelSpec::output_scale, Chizat, Oyallon, Bach, 2019): the
// gradient, H v, J v and J^T u against the same finite differences in double with alpha != 1
// (a large and a small alpha), for every checked network; outputs are alpha times those of
// the unscaled network; per-example norms are those of each example's own gradient.
TEST(MlpOutputScale, ExactProductsMatchFiniteDifferences) {
  for (LossKind loss : {LossKind::Mse, LossKind::CrossEntropy, LossKind::Logistic}) {
    for (double alpha : {7.5, 0.2}) {
      for_each_checked_network(loss, [alpha](ModelSpec spec, int depth) {
        spec.output_scale = alpha;
        const GradCheckResult g = check_gradient(spec, 3, 300 + depth);
        EXPECT_LT(g.max_scaled, 1.0) << "alpha " << alpha << ", worst " << g.max_rel;
        EXPECT_GT(g.analytic_norm, 1e-3);
        const HvpCheckResult h = check_hvp(spec, 3, 400 + depth);
        EXPECT_LT(h.max_scaled, 1.0) << "alpha " << alpha << ", worst " << h.max_rel;
        EXPECT_GT(h.hv_norm, 1e-4);
        EXPECT_LT(h.jvp_error, 1.0);
        EXPECT_LT(h.adjoint, 1e-10);
      });
    }
  }
}

TEST(MlpOutputScale, ScalesOutputsAndPerExampleNorms) {
  ModelSpec plain;
  plain.hidden = {6, 5};
  plain.loss = LossKind::CrossEntropy;
  ModelSpec scaled = plain;
  scaled.output_scale = 4.0;
  BasicMlp<double> a(3, 3, plain), b(3, 3, scaled);
  Rng rng(11, Stream::Data);
  Problem p = make_problem(3, LossKind::CrossEntropy, 5, rng);
  const VectorXd params = random_params(a, 12);
  MatrixXd out_a, out_b;
  a.forward(params, p.x, out_a);
  b.forward(params, p.x, out_b);
  EXPECT_LT((out_b - 4.0 * out_a).cwiseAbs().maxCoeff(), 1e-12);
  // Each example's own gradient (a batch of one) against the per-example norms.
  VectorXd grad(b.num_params());
  Eigen::VectorXd norms;
  b.per_example_grad_norms(params, p.x, p.targets(), grad, norms);
  for (int j = 0; j < 5; ++j) {
    const MatrixXd xj = p.x.col(j);
    BasicTargets<double> t;
    t.labels = p.targets().labels + j;
    b.loss_and_grad(params, xj, t, grad);
    EXPECT_NEAR(norms[j], grad.norm(), 1e-12 * grad.norm()) << "example " << j;
  }
}

// StableMax's loss Hessian on the logits against central differences of its gradient, with
// logits on both sides of its kink at 0 (s'' jumps there) but at least 0.1 away from it.
TEST(MlpHessianVector, StableMaxLossHessianMatchesFiniteDifferences) {
  Eigen::MatrixXd z(4, 3);
  z << 1.5, -0.7, 0.3, -2.0, 0.9, -0.4, 0.2, -1.1, 2.5, -0.3, 0.6, -0.9;
  const int labels[3] = {0, 2, 3};
  const BasicTargets<double> t{labels, nullptr};
  Eigen::MatrixXd dir(4, 3);
  dir << 0.3, -0.5, 0.8, 0.1, -0.2, 0.7, -0.6, 0.4, 0.2, 0.9, -0.3, -0.1;
  Eigen::MatrixXd hd(4, 3), gp(4, 3), gm(4, 3);
  nn::loss_hessian_product<double>(LossKind::StableMax, z, dir, hd, labels);
  const double h = 1e-5;
  nn::loss_value_and_grad<double>(LossKind::StableMax, z + h * dir, t, gp);
  nn::loss_value_and_grad<double>(LossKind::StableMax, z - h * dir, t, gm);
  const Eigen::MatrixXd fd = (gp - gm) / (2 * h);
  EXPECT_LT((hd - fd).cwiseAbs().maxCoeff(), 1e-8 * std::max(1.0, fd.cwiseAbs().maxCoeff()));
  EXPECT_GT(hd.cwiseAbs().maxCoeff(), 1e-3);  // not trivially zero
}

// A linear model with the mse loss has the Hessian X X^T / B (per output), exactly.
TEST(MlpHessianVector, LinearLeastSquaresHessianIsTheGramMatrix) {
  ModelSpec spec;
  spec.loss = LossKind::Mse;
  BasicMlp<double> mlp(3, 1, spec);
  const VectorXd params = random_params(mlp, 9);
  Rng rng(10, Stream::Data);
  const Problem p = make_problem(3, LossKind::Mse, 7, rng);
  MatrixXd y = p.values.topRows(1);
  const BasicTargets<double> t{nullptr, &y};
  VectorXd v(4), hv(4);
  v << 0.3, -1.0, 2.0, 0.5;  // weights (1 x 3), then the bias
  mlp.hessian_vector(params, p.x, t, v, hv);
  MatrixXd xa(4, 7);
  xa.topRows(3) = p.x;
  xa.row(3).setOnes();
  const VectorXd expected = xa * (xa.transpose() * v) / 7.0;
  EXPECT_LT((hv - expected).norm(), 1e-12 * expected.norm());
}

TEST(MlpHessianVector, FloatModelAgreesWithDouble) {
  for (LossKind loss : kLosses) {
    FloatAndDouble twins(Activation::Silu, loss, 27);
    SCOPED_TRACE(describe(twins.spec));
    auto& [spec, mlp_d, mlp_f, params, rng, p] = twins;
    VectorXd v(mlp_d.num_params());
    for (Eigen::Index i = 0; i < v.size(); ++i) v[i] = rng.normal();
    VectorXd hv_d(mlp_d.num_params());
    Vec hv_f(mlp_f.num_params());
    mlp_d.hessian_vector(params, p.x, p.targets(), v, hv_d);
    const Mat x_f = p.x.cast<float>(), values_f = p.values.cast<float>();
    mlp_f.hessian_vector(params.cast<float>(), x_f, Targets{p.labels.data(), &values_f},
                         v.cast<float>(), hv_f);
    EXPECT_LT((hv_f.cast<double>() - hv_d).norm() / hv_d.norm(), 1e-3);
  }
}

TEST(MlpHessianVector, WrongSizesThrow) {
  ModelSpec spec;
  spec.hidden = {4};
  spec.loss = LossKind::Mse;
  BasicMlp<double> mlp(2, 1, spec);
  const VectorXd params = random_params(mlp, 3);
  MatrixXd x = MatrixXd::Random(2, 3), y = MatrixXd::Zero(1, 3), jv;
  BasicTargets<double> t{nullptr, &y};
  VectorXd short_v(2), hv(mlp.num_params());
  EXPECT_THROW(mlp.hessian_vector(params, x, t, short_v, hv), std::invalid_argument);
  EXPECT_THROW(mlp.output_jvp(params, x, short_v, jv), std::invalid_argument);
  MatrixXd u(2, 3);
  EXPECT_THROW(mlp.output_vjp(params, x, u, hv), std::invalid_argument);
}

// ----- catalog -----

TEST(ModelCatalog, NamesRoundTrip) {
  const std::vector<std::string> activations = {"relu", "leaky_relu", "gelu", "silu",
                                                "tanh", "sigmoid",    "sin",  "linear"};
  const std::vector<std::string> inits = {"he_uniform",    "he_normal",     "xavier_uniform",
                                          "xavier_normal", "lecun_uniform", "lecun_normal",
                                          "orthogonal",    "zero"};
  const std::vector<std::string> losses = {"mse", "cross_entropy", "logistic", "stablemax"};
  EXPECT_EQ(activation_names(), activations);
  EXPECT_EQ(init_names(), inits);
  EXPECT_EQ(loss_names(), losses);
  for (std::size_t i = 0; i < activations.size(); ++i) {
    EXPECT_EQ(parse_activation(activations[i]), kActivations[i]);
    EXPECT_EQ(name(kActivations[i]), activations[i]);
  }
  for (std::size_t i = 0; i < inits.size(); ++i) {
    EXPECT_EQ(parse_init(inits[i]), kInits[i]);
    EXPECT_EQ(name(kInits[i]), inits[i]);
  }
  for (std::size_t i = 0; i < losses.size(); ++i) {
    EXPECT_EQ(parse_loss(losses[i]), kLosses[i]);
    EXPECT_EQ(name(kLosses[i]), losses[i]);
  }
  EXPECT_FALSE(parse_activation("ReLU").has_value());
  EXPECT_FALSE(parse_init("kaiming").has_value());
  EXPECT_FALSE(parse_loss("").has_value());
}

TEST(ModelCatalog, DescriptionsAndCitations) {
  for (const auto& a : activation_catalog()) EXPECT_FALSE(a.description.empty()) << a.name;
  for (const auto& i : init_catalog()) EXPECT_FALSE(i.description.empty()) << i.name;
  for (const auto& l : loss_catalog()) EXPECT_FALSE(l.description.empty()) << l.name;
  const auto cited = [](const Citation& c, const char* author, int year) {
    return c.authors.find(author) != std::string::npos && c.year == year && !c.title.empty();
  };
  EXPECT_TRUE(cited(activation_catalog()[2].citation, "Hendrycks", 2016));  // gelu
  EXPECT_TRUE(cited(activation_catalog()[3].citation, "Elfwing", 2018));    // silu
  EXPECT_TRUE(cited(init_catalog()[0].citation, "He", 2015));
  EXPECT_TRUE(cited(init_catalog()[2].citation, "Glorot", 2010));
  EXPECT_TRUE(cited(init_catalog()[4].citation, "LeCun", 1998));
  EXPECT_TRUE(cited(init_catalog()[6].citation, "Saxe", 2014));
  ASSERT_EQ(model_feature_catalog().size(), 3u);
  EXPECT_TRUE(cited(model_feature_catalog()[0].citation, "Ba", 2016));
  EXPECT_TRUE(cited(model_feature_catalog()[1].citation, "He", 2016));
  EXPECT_TRUE(cited(model_feature_catalog()[2].citation, "Rahimi", 2007));
  const auto json = model_catalog_json();
  EXPECT_EQ(json.at("activations").size(), 8u);
  EXPECT_EQ(json.at("inits").size(), 8u);
  EXPECT_EQ(json.at("losses").size(), 4u);
  EXPECT_TRUE(cited(loss_catalog()[3].citation, "Prieto", 2025));  // stablemax
  EXPECT_EQ(json.at("activations")[0].at("name"), "relu");
}

// The particle optimizers keep their clouds in buffers sized at init: a step and a look at
// the particles allocate nothing.
class Bowl final : public Objective {
 public:
  double value_and_grad(ConstVecRef x, VecRef grad) override {
    grad = 2 * x;
    return value(x);
  }
  double value(ConstVecRef x) override { return static_cast<double>(x.squaredNorm()); }
};

TEST(NoAllocation, ParticleOptimizerStepsAndViewsDoNotAllocate) {
#ifndef DESCENT_TEST_COUNTS_MALLOC
  GTEST_SKIP() << "allocation counting needs glibc without sanitizers";
#else
  const ParamLayout layout = ParamLayout::single_vector(2, "x", TensorRole::Point);
  for (const char* name : {"cbo", "es"}) {
    const OptimizerInfo* info = find_optimizer(name);
    ASSERT_NE(info, nullptr) << name;
    auto opt = info->make(with_defaults(info->params));
    opt->set_stages(Chain(), Chain());
    opt->init(layout);
    Bowl f;
    Rng rng(1, 4);
    Vec x = Vec::Constant(2, 1.0f), u = Vec::Zero(2);
    StepContext ctx;
    ctx.layout = &layout;
    ctx.lr = 0.01;
    ctx.rng = &rng;
    ctx.step = 1;
    opt->step(f, x, u, ctx);
    AllocationCounter counter;
    long seen = 0;
    for (int t = 2; t <= 10; ++t) {
      ctx.step = t;
      opt->step(f, x, u, ctx);
      x += u;
      seen += opt->particles().count;
    }
    EXPECT_EQ(counter.count(), 0) << name;
    EXPECT_GT(seen, 0) << name;
  }
#endif
}

}  // namespace
}  // namespace descent
