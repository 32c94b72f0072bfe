// The first layer's sparse path (nn/sparse_input.h), which the MLP takes for mostly-zero
// inputs such as modular arithmetic's one-hot operands: the same products as the dense path
// (identical for two-hot inputs, where a sum of two weights does not depend on the order;
// within rounding otherwise), the predicate that selects it, and an MLP forward pass on
// one-hot data against a plain dense computation.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/rng.h"
#include "nn/mlp.h"
#include "nn/sparse_input.h"

namespace descent {
namespace {

// p-symbol two-hot codes: column j has ones at a and p + b.
Mat two_hot(int p, int batch, Rng& rng, std::vector<int>* labels = nullptr) {
  Mat x = Mat::Zero(2 * p, batch);
  for (int j = 0; j < batch; ++j) {
    const int a = static_cast<int>(rng.below(p)), b = static_cast<int>(rng.below(p));
    x(a, j) = 1.0f;
    x(p + b, j) = 1.0f;
    if (labels) labels->push_back((a + b) % p);
  }
  return x;
}

Mat random_matrix(int rows, int cols, Rng& rng) {
  Mat m(rows, cols);
  for (int i = 0; i < m.size(); ++i) m.data()[i] = static_cast<Scalar>(rng.normal());
  return m;
}

TEST(SparseInput, TheProductEqualsTheDenseProductOnTwoHotInputs) {
  Rng rng(3, Stream::Init);
  const Mat x = two_hot(23, 50, rng);
  const Mat w = random_matrix(17, 46, rng);
  Mat z(17, 50);
  nn::sparse_input_product(z, w, x);
  const Mat dense = w * x;
  for (int i = 0; i < z.size(); ++i) ASSERT_EQ(z.data()[i], dense.data()[i]) << i;
}

TEST(SparseInput, ProductsAgreeWithDenseOnesForAnySparseValues) {
  Rng rng(5, Stream::Init);
  Mat x = Mat::Zero(40, 30);
  for (int i = 0; i < x.size(); ++i) {
    if (rng.below(20) == 0) x.data()[i] = static_cast<Scalar>(rng.normal());
  }
  const Mat w = random_matrix(9, 40, rng);
  const Mat delta = random_matrix(9, 30, rng);
  Mat z(9, 30), dw(9, 40);
  nn::sparse_input_product(z, w, x);
  nn::sparse_input_weight_gradient(dw, delta, x);
  const Mat z_dense = w * x;
  const Mat dw_dense = delta * x.transpose();
  ASSERT_GT(dw_dense.norm(), 0.0f);
  for (int i = 0; i < z.size(); ++i) {
    EXPECT_NEAR(z.data()[i], z_dense.data()[i], 1e-5f * (1 + std::abs(z_dense.data()[i])));
  }
  for (int i = 0; i < dw.size(); ++i) {
    EXPECT_NEAR(dw.data()[i], dw_dense.data()[i], 1e-5f * (1 + std::abs(dw_dense.data()[i])));
  }
}

TEST(SparseInput, OnlyMostlyZeroInputsTakeTheSparsePath) {
  Rng rng(7, Stream::Init);
  EXPECT_TRUE(nn::mostly_zeros(two_hot(97, 64, rng)));  // modular p = 97: 1% non-zero
  EXPECT_TRUE(nn::mostly_zeros(two_hot(17, 64, rng)));  // 5.9%
  EXPECT_FALSE(nn::mostly_zeros(two_hot(5, 64, rng)));  // 20%
  EXPECT_FALSE(nn::mostly_zeros(random_matrix(784, 64, rng)));
  EXPECT_TRUE(nn::mostly_zeros(Mat::Zero(3, 4)));
}

TEST(SparseInput, TheMlpForwardOnOneHotDataMatchesADenseComputation) {
  const int p = 29, batch = 33;
  ModelSpec spec;
  spec.hidden = {24};
  spec.activation = Activation::Relu;
  spec.init = InitScheme::HeUniform;
  Mlp mlp(2 * p, p, spec);
  Rng rng(11, Stream::Init);
  Vec params(mlp.num_params());
  mlp.init_params(params, rng);
  const Mat x = two_hot(p, batch, rng);
  Mat out;
  mlp.forward(params, x, out);
  // layer1.weight (24 x 2p), layer1.bias, layer2.weight (p x 24), layer2.bias.
  Eigen::Map<const Mat> w1(params.data(), 24, 2 * p);
  const Vec b1 = params.segment(24 * 2 * p, 24);
  Eigen::Map<const Mat> w2(params.data() + 24 * 2 * p + 24, p, 24);
  const Vec b2 = params.segment(24 * 2 * p + 24 + p * 24, p);
  Mat h = w1 * x;
  h.colwise() += b1;
  h = h.cwiseMax(0.0f);
  Mat expected = w2 * h;
  expected.colwise() += b2;
  for (int i = 0; i < out.size(); ++i) {
    EXPECT_NEAR(out.data()[i], expected.data()[i], 1e-5f * (1 + std::abs(expected.data()[i])));
  }
}

}  // namespace
}  // namespace descent
