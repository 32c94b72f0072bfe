// Data sets: determinism, shapes, splits, standardisation, the embedded UCI tables and the
// modular-arithmetic labels.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "core/rng.h"
#include "problems/datasets/dataset.h"
#include "problems/datasets/real.h"
#include "problems/datasets/split.h"

#ifndef DESCENT_SOURCE_DIR
#define DESCENT_SOURCE_DIR "."
#endif

namespace descent {
namespace {

constexpr double kPi = 3.14159265358979323846;

const DatasetInfo& info(const std::string& name) {
  const DatasetInfo* found = find_dataset(name);
  if (found == nullptr) throw std::runtime_error("no data set " + name);
  return *found;
}

Dataset build(const std::string& name, std::uint64_t seed, ParamValues given = {}) {
  const DatasetInfo& entry = info(name);
  Rng rng(seed, Stream::Data);
  return entry.make(with_defaults(entry.params, std::move(given)), rng);
}

ParamValues numbers(std::map<std::string, double> values) {
  ParamValues p;
  p.numbers = std::move(values);
  return p;
}

bool same_bits(const Mat& a, const Mat& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         (a.size() == 0 || std::memcmp(a.data(), b.data(),
                                       sizeof(Scalar) * static_cast<std::size_t>(a.size())) == 0);
}

bool identical(const Dataset& a, const Dataset& b) {
  return same_bits(a.x_train, b.x_train) && same_bits(a.x_test, b.x_test) &&
         same_bits(a.y_train, b.y_train) && same_bits(a.y_test, b.y_test) &&
         a.label_train == b.label_train && a.label_test == b.label_test;
}

std::vector<int> class_counts(const Dataset& d) {
  std::vector<int> counts(static_cast<std::size_t>(d.output_dim), 0);
  for (const auto* labels : {&d.label_train, &d.label_test}) {
    for (int c : *labels) ++counts.at(static_cast<std::size_t>(c));
  }
  return counts;
}

void expect_well_formed(const DatasetInfo& entry, const Dataset& d) {
  SCOPED_TRACE(entry.name);
  EXPECT_EQ(d.task, entry.task);
  EXPECT_GT(d.input_dim, 0);
  EXPECT_GT(d.output_dim, 0);
  if (entry.plane) {
    EXPECT_EQ(d.input_dim, 2);
  }
  EXPECT_EQ(d.x_train.rows(), d.input_dim);
  EXPECT_EQ(d.x_test.rows(), d.input_dim);
  EXPECT_GT(d.n_train(), 0);
  EXPECT_TRUE(d.x_train.allFinite());
  EXPECT_TRUE(d.x_test.allFinite());
  if (!d.feature_names.empty()) {
    EXPECT_EQ(static_cast<int>(d.feature_names.size()), d.input_dim);
  }
  if (d.task == Task::Classification) {
    EXPECT_EQ(static_cast<int>(d.label_train.size()), d.n_train());
    EXPECT_EQ(static_cast<int>(d.label_test.size()), d.n_test());
    EXPECT_EQ(d.y_train.size(), 0);
    EXPECT_EQ(d.y_test.size(), 0);
    for (const auto* labels : {&d.label_train, &d.label_test}) {
      for (int c : *labels) {
        ASSERT_GE(c, 0);
        ASSERT_LT(c, d.output_dim);
      }
    }
    EXPECT_EQ(static_cast<int>(d.class_names.size()), d.output_dim);
  } else {
    EXPECT_TRUE(d.label_train.empty());
    EXPECT_TRUE(d.label_test.empty());
    EXPECT_EQ(d.y_train.rows(), d.output_dim);
    EXPECT_EQ(d.y_test.rows(), d.output_dim);
    EXPECT_EQ(d.y_train.cols(), d.n_train());
    EXPECT_EQ(d.y_test.cols(), d.n_test());
    EXPECT_TRUE(d.y_train.allFinite());
  }
}

TEST(Datasets, CatalogEntriesAreUniqueAndFindable) {
  const auto& catalog = dataset_catalog();
  std::set<std::string> names;
  for (const auto& entry : catalog) {
    EXPECT_TRUE(names.insert(entry.name).second) << "duplicate " << entry.name;
    EXPECT_EQ(find_dataset(entry.name), &entry);
    EXPECT_FALSE(entry.title.empty());
    EXPECT_FALSE(entry.description.empty());
    EXPECT_FALSE(entry.citation.title.empty()) << entry.name;
    EXPECT_GT(entry.citation.year, 0) << entry.name;
    EXPECT_TRUE(static_cast<bool>(entry.make)) << entry.name;
    for (const auto& spec : entry.params) {
      if (spec.kind == ParamKind::Choice) {
        EXPECT_NE(std::find(spec.choices.begin(), spec.choices.end(), spec.default_choice),
                  spec.choices.end());
      } else {
        EXPECT_GE(spec.default_value, spec.min) << entry.name << "." << spec.name;
        EXPECT_LE(spec.default_value, spec.max) << entry.name << "." << spec.name;
      }
    }
  }
  for (const char* expected : {"spiral", "moons", "circles", "xor", "blobs", "checkerboard", "sine",
                               "plane", "digits", "iris", "wine", "breast_cancer", "modular"}) {
    EXPECT_NE(find_dataset(expected), nullptr) << expected;
  }
  EXPECT_EQ(find_dataset("no_such_set"), nullptr);
  EXPECT_EQ(info("digits").family, DatasetFamily::Real);
  EXPECT_EQ(info("modular").family, DatasetFamily::Modular);
  EXPECT_EQ(info("sine").task, Task::Regression);
  EXPECT_FALSE(info("sine").plane);
  EXPECT_TRUE(info("plane").plane);
  EXPECT_TRUE(info("spiral").plane);
}

TEST(Datasets, EveryEntryBuildsWithDefaultsDeterministically) {
  for (const auto& entry : dataset_catalog()) {
    SCOPED_TRACE(entry.name);
    const Dataset a = build(entry.name, 7);
    expect_well_formed(entry, a);
    const Dataset b = build(entry.name, 7);
    EXPECT_TRUE(identical(a, b)) << "same seed must give identical bits";
    const Dataset c = build(entry.name, 8);
    EXPECT_FALSE(identical(a, c)) << "a different seed must give different data";
    EXPECT_FALSE(same_bits(a.x_train, c.x_train));
  }
}

TEST(Datasets, SplitSizesFollowTheFractions) {
  for (const char* name :
       {"spiral", "moons", "circles", "xor", "blobs", "checkerboard", "sine", "plane"}) {
    SCOPED_TRACE(name);
    Dataset d = build(name, 1, numbers({{"n", 400}, {"test_fraction", 0.25}}));
    EXPECT_EQ(d.n_train(), 300);
    EXPECT_EQ(d.n_test(), 100);
    d = build(name, 1, numbers({{"n", 101}, {"test_fraction", 0.3}}));
    EXPECT_EQ(d.n_train(), 71);
    EXPECT_EQ(d.n_test(), 30);
    d = build(name, 1, numbers({{"n", 50}, {"test_fraction", 0.0}}));
    EXPECT_EQ(d.n_train(), 50);
    EXPECT_EQ(d.n_test(), 0);
    EXPECT_EQ(d.x_test.rows(), d.input_dim);
    EXPECT_TRUE(d.label_test.empty());
  }
  for (const char* name : {"digits", "iris", "wine", "breast_cancer"}) {
    SCOPED_TRACE(name);
    const int rows = static_cast<int>(real_table(name).x.cols());
    Dataset d = build(name, 1, numbers({{"test_fraction", 0.2}}));
    EXPECT_EQ(d.n_test(), static_cast<int>(std::lround(0.2 * rows)));
    EXPECT_EQ(d.n_train() + d.n_test(), rows);
    d = build(name, 1, numbers({{"test_fraction", 0.0}}));
    EXPECT_EQ(d.n_train(), rows);
    EXPECT_EQ(d.n_test(), 0);
  }
}

TEST(Datasets, TestCountRoundsAndKeepsATrainingPoint) {
  EXPECT_EQ(test_count(400, 0.25), 100);
  EXPECT_EQ(test_count(10, 0.0), 0);
  EXPECT_EQ(test_count(10, 0.9), 9);
  EXPECT_EQ(test_count(10, 1.0), 9);
  EXPECT_EQ(test_count(7, 0.5), 4);  // 3.5 rounds away from zero
}

TEST(Datasets, SplitIsAPermutationOfTheSamples) {
  Mat x(1, 20);
  std::vector<int> labels(20);
  for (int i = 0; i < 20; ++i) {
    x(0, i) = static_cast<Scalar>(i);
    labels[static_cast<std::size_t>(i)] = i % 3;
  }
  Rng rng(3, Stream::Data);
  Dataset d;
  split_samples(d, x, labels, Mat(), 5, rng);
  ASSERT_EQ(d.n_train(), 15);
  ASSERT_EQ(d.n_test(), 5);
  std::vector<int> seen;
  for (const Mat* m : {&d.x_train, &d.x_test}) {
    const auto& l = m == &d.x_train ? d.label_train : d.label_test;
    for (int i = 0; i < m->cols(); ++i) {
      const int v = static_cast<int>((*m)(0, i));
      EXPECT_EQ(l[static_cast<std::size_t>(i)], v % 3);  // labels travel with their columns
      seen.push_back(v);
    }
  }
  std::vector<int> order = seen;
  std::sort(seen.begin(), seen.end());
  for (int i = 0; i < 20; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
  EXPECT_FALSE(std::is_sorted(order.begin(), order.end())) << "the split should shuffle";
}

TEST(Datasets, StandardizeUsesTrainingStatistics) {
  Dataset d;
  d.x_train.resize(2, 3);
  d.x_train << 1, 2, 3,  //
      5, 5, 5;           // constant feature
  d.x_test.resize(2, 1);
  d.x_test << 5, 7;
  const Standardization s = standardize(d);
  const double sd = std::sqrt(2.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.mean[0], 2.0);
  EXPECT_DOUBLE_EQ(s.scale[0], sd);
  EXPECT_EQ(s.scale[1], 0.0);
  EXPECT_FLOAT_EQ(d.x_train(0, 0), static_cast<float>(-1.0 / sd));
  EXPECT_FLOAT_EQ(d.x_train(0, 2), static_cast<float>(1.0 / sd));
  EXPECT_FLOAT_EQ(d.x_test(0, 0), static_cast<float>(3.0 / sd));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(d.x_train(1, i), 0.0f);
  EXPECT_EQ(d.x_test(1, 0), 0.0f);
}

TEST(Datasets, RealSetsAreStandardisedOnTheTrainingSplit) {
  for (const char* name : {"digits", "iris", "wine", "breast_cancer"}) {
    SCOPED_TRACE(name);
    const Dataset d = build(name, 11);
    const RealTable raw = real_table(name);
    int unit = 0;
    for (int f = 0; f < d.input_dim; ++f) {
      const Eigen::ArrayXd row = d.x_train.row(f).cast<double>().transpose().array();
      const double mean = row.mean();
      const double sd = std::sqrt((row - mean).square().mean());
      EXPECT_NEAR(mean, 0.0, 1e-5) << "feature " << f;
      if (sd == 0.0) {
        // Constant on the training split: zero in both splits.
        EXPECT_TRUE((d.x_test.row(f).array() == 0.0f).all()) << "feature " << f;
      } else {
        EXPECT_NEAR(sd, 1.0, 1e-5) << "feature " << f;
        ++unit;
      }
    }
    if (std::string(name) != "digits") {
      EXPECT_EQ(unit, d.input_dim);
    }
    EXPECT_GT(unit, d.input_dim / 2);
    // The class histogram of train + test equals the raw table's.
    std::vector<int> expected(static_cast<std::size_t>(d.output_dim), 0);
    for (int c : raw.labels) ++expected.at(static_cast<std::size_t>(c));
    EXPECT_EQ(class_counts(d), expected);
    EXPECT_EQ(raw.class_names, d.class_names);
  }
}

TEST(Datasets, DigitsTableMatchesTheCsv) {
  const RealTable t = real_table("digits");
  ASSERT_EQ(t.x.rows(), 64);
  ASSERT_EQ(t.x.cols(), 1797);
  ASSERT_EQ(t.labels.size(), 1797u);
  // First line of data/digits.csv.gz.
  const int first[64] = {0, 0, 5,  13, 9,  1,  0, 0, 0, 0, 13, 15, 10, 15, 5, 0,
                         0, 3, 15, 2,  0,  11, 8, 0, 0, 4, 12, 0,  0,  8,  8, 0,
                         0, 5, 8,  0,  0,  9,  8, 0, 0, 4, 11, 0,  1,  12, 7, 0,
                         0, 2, 14, 5,  10, 12, 0, 0, 0, 0, 6,  13, 10, 0,  0, 0};
  for (int f = 0; f < 64; ++f) EXPECT_EQ(t.x(f, 0), static_cast<float>(first[f])) << f;
  EXPECT_EQ(t.labels[0], 0);
  // Second line: 0,0,0,12,13,5,0,0,... label 1.
  EXPECT_EQ(t.x(3, 1), 12.0f);
  EXPECT_EQ(t.x(4, 1), 13.0f);
  EXPECT_EQ(t.labels[1], 1);
  EXPECT_EQ(t.x.minCoeff(), 0.0f);
  EXPECT_EQ(t.x.maxCoeff(), 16.0f);
  std::vector<int> counts(10, 0);
  for (int c : t.labels) ++counts.at(static_cast<std::size_t>(c));
  for (int c : counts) EXPECT_GT(c, 170);  // about 180 of each digit
  EXPECT_EQ(t.feature_names.size(), 64u);
}

// The embedded iris, wine and breast-cancer tables equal the CSV files of data/, value by value
// (parsed with strtof, as the generated float literals are compiled).
TEST(Datasets, EmbeddedTablesMatchTheCsvFiles) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"iris", "iris.csv"}, {"wine", "wine_data.csv"}, {"breast_cancer", "breast_cancer.csv"}};
  for (const auto& [name, file] : files) {
    SCOPED_TRACE(name);
    std::ifstream in(std::string(DESCENT_SOURCE_DIR) + "/data/" + file);
    ASSERT_TRUE(in.good()) << "cannot open data/" << file;
    const RealTable t = real_table(name);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> head;
    {
      std::stringstream ss(line);
      std::string cell;
      while (std::getline(ss, cell, ',')) head.push_back(cell);
    }
    ASSERT_GE(head.size(), 3u);
    EXPECT_EQ(std::stoi(head[0]), t.x.cols());
    EXPECT_EQ(std::stoi(head[1]), t.x.rows());
    EXPECT_EQ(std::vector<std::string>(head.begin() + 2, head.end()), t.class_names);
    EXPECT_EQ(static_cast<int>(t.feature_names.size()), t.x.rows());
    int r = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      ASSERT_LT(r, t.x.cols());
      std::stringstream ss(line);
      std::string cell;
      int f = 0;
      while (std::getline(ss, cell, ',')) {
        if (f < t.x.rows()) {
          EXPECT_EQ(t.x(f, r), std::strtof(cell.c_str(), nullptr)) << "row " << r << " col " << f;
        } else {
          EXPECT_EQ(t.labels[static_cast<std::size_t>(r)], std::stoi(cell)) << "row " << r;
        }
        ++f;
      }
      EXPECT_EQ(f, t.x.rows() + 1);
      ++r;
    }
    EXPECT_EQ(r, t.x.cols());
  }
  EXPECT_THROW(real_table("nope"), std::invalid_argument);
}

// Decodes a one-hot column of the modular set into (a, b).
std::pair<int, int> decode(const Mat& x, int col, int p) {
  int a = -1, b = -1, ones = 0;
  for (int r = 0; r < 2 * p; ++r) {
    const float v = x(r, col);
    if (v == 1.0f) {
      ++ones;
      (r < p ? a : b) = r < p ? r : r - p;
    } else if (v != 0.0f) {
      ones = -100;
    }
  }
  if (ones != 2) return {-1, -1};
  return {a, b};
}

int reference_op(const std::string& op, int a, int b, int p) {
  if (op == "add") return (a + b) % p;
  if (op == "sub") return ((a - b) % p + p) % p;
  return (a * b) % p;
}

TEST(Datasets, ModularLabelsAreCorrect) {
  for (const std::string op : {"add", "sub", "mul"}) {
    for (int p : {2, 7, 13}) {
      SCOPED_TRACE(op + " p=" + std::to_string(p));
      ParamValues given = numbers({{"p", p}, {"train_fraction", 0.4}});
      given.choices["op"] = op;
      const Dataset d = build("modular", 5, given);
      ASSERT_EQ(d.input_dim, 2 * p);
      ASSERT_EQ(d.output_dim, p);
      const int n = p * p;
      const int n_train = std::clamp(static_cast<int>(std::lround(0.4 * n)), 1, n - 1);
      EXPECT_EQ(d.n_train(), n_train);
      EXPECT_EQ(d.n_test(), n - n_train);
      std::set<std::pair<int, int>> pairs;
      for (int split = 0; split < 2; ++split) {
        const Mat& x = split == 0 ? d.x_train : d.x_test;
        const auto& labels = split == 0 ? d.label_train : d.label_test;
        for (int i = 0; i < x.cols(); ++i) {
          const auto [a, b] = decode(x, i, p);
          ASSERT_GE(a, 0) << "column " << i << " is not a two-hot encoding";
          ASSERT_GE(b, 0);
          EXPECT_EQ(labels[static_cast<std::size_t>(i)], reference_op(op, a, b, p));
          EXPECT_TRUE(pairs.insert({a, b}).second) << "pair repeated";
        }
      }
      EXPECT_EQ(static_cast<int>(pairs.size()), n);
    }
  }
  // Defaults: p = 97, add, half of the 9409 pairs for training.
  const Dataset d = build("modular", 1);
  EXPECT_EQ(d.input_dim, 194);
  EXPECT_EQ(d.output_dim, 97);
  EXPECT_EQ(d.n_train(), 4705);  // round(0.5 * 9409) = round(4704.5)
  EXPECT_EQ(d.n_test(), 4704);
}

TEST(Datasets, ModularLabelNoiseFlipsExactlyTheRequestedTrainingLabels) {
  for (double noise : {0.0, 0.1, 0.3, 1.0}) {
    for (int p : {2, 11, 31}) {
      SCOPED_TRACE("noise " + std::to_string(noise) + " p=" + std::to_string(p));
      ParamValues given = numbers({{"p", p}, {"train_fraction", 0.5}, {"label_noise", noise}});
      given.choices["op"] = "mul";
      const Dataset d = build("modular", 9, given);
      int wrong = 0;
      for (int i = 0; i < d.n_train(); ++i) {
        const auto [a, b] = decode(d.x_train, i, p);
        const int label = d.label_train[static_cast<std::size_t>(i)];
        ASSERT_GE(label, 0);
        ASSERT_LT(label, p);
        if (label != reference_op("mul", a, b, p)) ++wrong;
      }
      EXPECT_EQ(wrong, static_cast<int>(std::lround(noise * d.n_train())));
      for (int i = 0; i < d.n_test(); ++i) {
        const auto [a, b] = decode(d.x_test, i, p);
        EXPECT_EQ(d.label_test[static_cast<std::size_t>(i)], reference_op("mul", a, b, p))
            << "test labels stay clean";
      }
    }
  }
  // Noisy labels are spread over the wrong classes, not a fixed shift.
  ParamValues given = numbers({{"p", 31}, {"label_noise", 1.0}});
  const Dataset d = build("modular", 4, given);
  std::set<int> offsets;
  for (int i = 0; i < d.n_train(); ++i) {
    const auto [a, b] = decode(d.x_train, i, 31);
    offsets.insert((d.label_train[static_cast<std::size_t>(i)] - (a + b) % 31 + 31) % 31);
  }
  EXPECT_EQ(offsets.count(0), 0u);
  EXPECT_EQ(offsets.size(), 30u);
}

TEST(Datasets, ClassCountsFollowArmsAndBlobs) {
  for (int k = 2; k <= 6; ++k) {
    const Dataset d = build("spiral", 2, numbers({{"arms", k}, {"n", 300}}));
    EXPECT_EQ(d.output_dim, k);
    EXPECT_EQ(static_cast<int>(d.class_names.size()), k);
    const auto counts = class_counts(d);
    EXPECT_LE(*std::max_element(counts.begin(), counts.end()) -
                  *std::min_element(counts.begin(), counts.end()),
              1);
    EXPECT_GT(*std::min_element(counts.begin(), counts.end()), 0);
  }
  for (int k = 2; k <= 8; ++k) {
    const Dataset d = build("blobs", 2, numbers({{"classes", k}, {"n", 403}}));
    EXPECT_EQ(d.output_dim, k);
    const auto counts = class_counts(d);
    EXPECT_LE(*std::max_element(counts.begin(), counts.end()) -
                  *std::min_element(counts.begin(), counts.end()),
              1);
  }
  for (const char* name : {"moons", "circles", "xor", "checkerboard"}) {
    const Dataset d = build(name, 2, numbers({{"n", 401}}));
    EXPECT_EQ(d.output_dim, 2) << name;
    const auto counts = class_counts(d);
    EXPECT_EQ(counts[0], 201) << name;
    EXPECT_EQ(counts[1], 200) << name;
  }
}

// Without noise the synthetic points lie in [-1.5, 1.5]^2 and obey their defining rule.
TEST(Datasets, NoiselessSyntheticSetsFollowTheirGeometry) {
  for (const char* name : {"spiral", "moons", "circles", "xor", "blobs", "checkerboard"}) {
    SCOPED_TRACE(name);
    const Dataset d = build(name, 3, numbers({{"noise", 0.0}, {"test_fraction", 0.0}}));
    EXPECT_LE(d.x_train.cwiseAbs().maxCoeff(), 1.5f);
    for (int i = 0; i < d.n_train(); ++i) {
      const double x1 = d.x_train(0, i), x2 = d.x_train(1, i);
      const int c = d.label_train[static_cast<std::size_t>(i)];
      const std::string n = name;
      if (n == "circles") {
        EXPECT_NEAR(std::hypot(x1, x2), c == 0 ? 1.0 : 0.5, 1e-5);
      } else if (n == "xor") {
        EXPECT_EQ(x1 * x2 >= 0 ? 0 : 1, c);
      } else if (n == "checkerboard") {
        const int col = static_cast<int>(std::floor((x1 + 1.0) / 0.5));
        const int row = static_cast<int>(std::floor((x2 + 1.0) / 0.5));
        EXPECT_EQ((row + col) % 2, c);
      } else if (n == "moons") {
        const double cx = c == 0 ? -0.5 : 0.5, cy = c == 0 ? -0.25 : 0.25;
        EXPECT_NEAR(std::hypot(x1 - cx, x2 - cy), 1.0, 1e-5);
        EXPECT_TRUE(c == 0 ? x2 >= -0.25 - 1e-6 : x2 <= 0.25 + 1e-6);
      }
    }
  }
}

// "separable": every point on its label's side of the line (normal at `angle`), at least
// `margin` from it, inside the scaled box; classes balanced.
TEST(Datasets, SeparablePointsLieOnTheirSideOutsideTheGap) {
  for (double angle : {60.0, -30.0}) {
    const Dataset d = build("separable", 5,
                            numbers({{"n", 301},
                                     {"angle", angle},
                                     {"margin", 0.2},
                                     {"scale", 3.0},
                                     {"test_fraction", 0.0}}));
    const double a = angle * kPi / 180.0;
    int ones = 0;
    for (int i = 0; i < d.n_train(); ++i) {
      const double x1 = d.x_train(0, i) / 3.0, x2 = d.x_train(1, i) / 3.0;
      const int c = d.label_train[static_cast<std::size_t>(i)];
      ones += c;
      const double signed_distance = (c == 1 ? 1 : -1) * (std::cos(a) * x1 + std::sin(a) * x2);
      EXPECT_GE(signed_distance, 0.2 - 1e-6) << "point " << i;
      EXPECT_LE(std::abs(x1), 1.5 + 1e-6);
      EXPECT_LE(std::abs(x2), 1.0 + 1e-6);
    }
    EXPECT_EQ(ones, 150);
  }
}

TEST(Datasets, RegressionTargetsFollowTheirFunctions) {
  const Dataset sine =
      build("sine", 4, numbers({{"noise", 0.0}, {"frequency", 2.0}, {"test_fraction", 0.5}}));
  EXPECT_EQ(sine.input_dim, 1);
  EXPECT_EQ(sine.output_dim, 1);
  for (int i = 0; i < sine.n_train(); ++i) {
    EXPECT_NEAR(sine.y_train(0, i), std::sin(2.0 * kPi * sine.x_train(0, i)), 1e-5);
  }
  for (int i = 0; i < sine.n_test(); ++i) {
    EXPECT_NEAR(sine.y_test(0, i), std::sin(2.0 * kPi * sine.x_test(0, i)), 1e-5);
  }
  EXPECT_LE(sine.x_train.cwiseAbs().maxCoeff(), 1.5f);
  const Dataset plane = build("plane", 4, numbers({{"noise", 0.0}}));
  EXPECT_EQ(plane.input_dim, 2);
  for (int i = 0; i < plane.n_train(); ++i) {
    EXPECT_NEAR(plane.y_train(0, i), 0.6 * plane.x_train(0, i) - 0.8 * plane.x_train(1, i), 1e-5);
  }
  // Noise shows up in the residuals with about the requested standard deviation.
  const Dataset noisy = build("plane", 4, numbers({{"noise", 0.2}, {"n", 4000}}));
  double squares = 0.0;
  for (int i = 0; i < noisy.n_train(); ++i) {
    const double r = noisy.y_train(0, i) - (0.6 * noisy.x_train(0, i) - 0.8 * noisy.x_train(1, i));
    squares += r * r;
  }
  EXPECT_NEAR(std::sqrt(squares / noisy.n_train()), 0.2, 0.02);
}

// Least-squares coefficients of y on x (no intercept), in double, by the normal equations.
Eigen::VectorXd fit_linear(const Mat& x, const Mat& y) {
  const Eigen::MatrixXd xd = x.cast<double>().transpose();
  const Eigen::VectorXd yd = y.row(0).cast<double>().transpose();
  return (xd.transpose() * xd).ldlt().solve(xd.transpose() * yd);
}

TEST(Datasets, LinearTeacherIsOneUnitVectorPlusNoise) {
  // Without noise, train and test targets are the same linear function of the inputs, with a
  // unit coefficient vector, and the inputs are standard normal.
  const Dataset clean =
      build("linear_teacher", 4,
            numbers({{"noise", 0.0}, {"dim", 6}, {"n", 400}, {"test_fraction", 0.5}}));
  EXPECT_EQ(clean.input_dim, 6);
  EXPECT_EQ(clean.output_dim, 1);
  const Eigen::VectorXd beta = fit_linear(clean.x_train, clean.y_train);
  EXPECT_NEAR(beta.norm(), 1.0, 1e-5);
  const Eigen::VectorXd beta_test = fit_linear(clean.x_test, clean.y_test);
  EXPECT_LT((beta - beta_test).norm(), 1e-5);
  const double var = static_cast<double>(clean.x_train.squaredNorm()) / clean.x_train.size();
  EXPECT_NEAR(var, 1.0, 0.1);
  // With noise, the residuals of the true coefficients have the requested spread.
  const Dataset noisy =
      build("linear_teacher", 4, numbers({{"noise", 0.5}, {"dim", 6}, {"n", 4000}}));
  double squares = 0.0;
  for (int i = 0; i < noisy.n_train(); ++i) {
    const double r = noisy.y_train(0, i) - noisy.x_train.col(i).cast<double>().dot(beta);
    squares += r * r;
  }
  EXPECT_NEAR(std::sqrt(squares / noisy.n_train()), 0.5, 0.03);
}

}  // namespace
}  // namespace descent
