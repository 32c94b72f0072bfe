#include "problems/datasets/split.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace descent {

int test_count(int n, double test_fraction) {
  if (n <= 1 || !(test_fraction > 0.0)) return 0;
  long count = std::lround(test_fraction * static_cast<double>(n));
  return static_cast<int>(std::clamp<long>(count, 0, n - 1));
}

std::vector<int> random_permutation(int n, Rng& rng) {
  std::vector<int> order(static_cast<std::size_t>(std::max(n, 0)));
  std::iota(order.begin(), order.end(), 0);
  rng.shuffle(order);
  return order;
}

void split_samples(Dataset& d, const Mat& x, const std::vector<int>& labels, const Mat& y,
                   int n_test, Rng& rng) {
  const int n = static_cast<int>(x.cols());
  n_test = std::clamp(n_test, 0, n);
  const int n_train = n - n_test;
  const bool classification = !labels.empty();
  const bool regression = y.size() > 0;
  const std::vector<int> order = random_permutation(n, rng);

  d.x_train.resize(x.rows(), n_train);
  d.x_test.resize(x.rows(), n_test);
  d.label_train.clear();
  d.label_test.clear();
  if (classification) {
    d.label_train.resize(static_cast<std::size_t>(n_train));
    d.label_test.resize(static_cast<std::size_t>(n_test));
  }
  if (regression) {
    d.y_train.resize(y.rows(), n_train);
    d.y_test.resize(y.rows(), n_test);
  } else {
    d.y_train.resize(0, 0);
    d.y_test.resize(0, 0);
  }
  for (int i = 0; i < n; ++i) {
    const int src = order[static_cast<std::size_t>(i)];
    const bool train = i < n_train;
    const int dst = train ? i : i - n_train;
    (train ? d.x_train : d.x_test).col(dst) = x.col(src);
    if (classification) {
      (train ? d.label_train : d.label_test)[static_cast<std::size_t>(dst)] =
          labels[static_cast<std::size_t>(src)];
    }
    if (regression) (train ? d.y_train : d.y_test).col(dst) = y.col(src);
  }
}

Standardization standardize(Dataset& d) {
  const int features = static_cast<int>(d.x_train.rows());
  const int n = static_cast<int>(d.x_train.cols());
  Standardization s;
  s.mean.assign(static_cast<std::size_t>(features), 0.0);
  s.scale.assign(static_cast<std::size_t>(features), 0.0);
  for (int f = 0; f < features; ++f) {
    double sum = 0.0;
    for (int i = 0; i < n; ++i) sum += static_cast<double>(d.x_train(f, i));
    const double mean = n > 0 ? sum / n : 0.0;
    double squares = 0.0;
    for (int i = 0; i < n; ++i) {
      const double diff = static_cast<double>(d.x_train(f, i)) - mean;
      squares += diff * diff;
    }
    const double sd = n > 0 ? std::sqrt(squares / n) : 0.0;
    const bool constant = !(sd > 1e-12 * std::max(1.0, std::abs(mean)));
    s.mean[static_cast<std::size_t>(f)] = mean;
    s.scale[static_cast<std::size_t>(f)] = constant ? 0.0 : sd;
    for (Mat* m : {&d.x_train, &d.x_test}) {
      for (int i = 0; i < m->cols(); ++i) {
        (*m)(f, i) =
            constant ? 0.0f : static_cast<Scalar>((static_cast<double>((*m)(f, i)) - mean) / sd);
      }
    }
  }
  return s;
}

}  // namespace descent
