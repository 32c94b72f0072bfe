// Label noise on every classification data set (problems/datasets/label_noise.h): the same
// seed with label_noise f flips exactly round(f * n_train) training labels, each to another
// class, leaves the inputs and the test split bit for bit as without noise, and is
// reproducible; regression sets do not take the parameter.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "problems/datasets/dataset.h"

namespace descent {
namespace {

Dataset build_with_noise(const DatasetInfo& info, double noise, std::uint64_t seed) {
  ParamValues given;
  given.numbers["label_noise"] = noise;
  Rng rng(seed, Stream::Data);
  return info.make(with_defaults(info.params, given), rng);
}

bool same_bits(const Mat& a, const Mat& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(Scalar) * a.size()) == 0;
}

bool takes_label_noise(const DatasetInfo& info) {
  for (const ParamSpec& s : info.params) {
    if (s.name == "label_noise") return true;
  }
  return false;
}

TEST(LabelNoise, FlipsExactlyTheFractionOfTrainingLabelsOfEveryClassificationSet) {
  int sets = 0;
  for (const DatasetInfo& info : dataset_catalog()) {
    SCOPED_TRACE(info.name);
    ASSERT_EQ(takes_label_noise(info), info.task == Task::Classification);
    if (info.task != Task::Classification) continue;
    ++sets;
    const Dataset clean = build_with_noise(info, 0.0, 7);
    for (double noise : {0.1, 0.37}) {
      const Dataset noisy = build_with_noise(info, noise, 7);
      EXPECT_TRUE(same_bits(clean.x_train, noisy.x_train));
      EXPECT_TRUE(same_bits(clean.x_test, noisy.x_test));
      EXPECT_EQ(clean.label_test, noisy.label_test) << "test labels stay clean";
      int flipped = 0;
      for (int i = 0; i < clean.n_train(); ++i) {
        const int label = noisy.label_train[static_cast<std::size_t>(i)];
        ASSERT_GE(label, 0);
        ASSERT_LT(label, noisy.output_dim);
        if (label != clean.label_train[static_cast<std::size_t>(i)]) ++flipped;
      }
      EXPECT_EQ(flipped, static_cast<int>(std::lround(noise * clean.n_train())));
      EXPECT_EQ(build_with_noise(info, noise, 7).label_train, noisy.label_train);
      EXPECT_NE(build_with_noise(info, noise, 8).label_train, noisy.label_train);
    }
  }
  EXPECT_GE(sets, 10);
}

}  // namespace
}  // namespace descent
