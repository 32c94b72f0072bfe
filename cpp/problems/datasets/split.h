#pragma once
// Shared pieces of the data sets: the train/test split by a random permutation and the
// standardisation of features with the training split's statistics.
#include <vector>

#include "core/rng.h"
#include "core/types.h"
#include "problems/datasets/dataset.h"

namespace descent {

// Number of test samples for `test_fraction` of n samples: rounded to nearest, and at most
// n - 1 so that the training split is never empty. A fraction of 0 gives 0.
int test_count(int n, double test_fraction);

// A permutation of 0..n-1 drawn from rng (Fisher-Yates on the identity).
std::vector<int> random_permutation(int n, Rng& rng);

// Splits the columns of `x` (input_dim x n) together with `labels` (classification, size n)
// or `y` (regression, output_dim x n; pass an empty matrix for classification) into
// d.x_train/d.x_test etc. The order comes from one random permutation drawn from rng: its
// first n - n_test entries form the training split, the rest the test split. An empty split
// has the right number of rows and 0 columns.
void split_samples(Dataset& d, const Mat& x, const std::vector<int>& labels, const Mat& y,
                   int n_test, Rng& rng);

// Per-feature statistics of the training split (population variance, in double).
struct Standardization {
  std::vector<double> mean;
  std::vector<double> scale;  // standard deviation; 0 marks a constant feature
};

// Standardises every feature of both splits to zero mean and unit variance with the training
// split's statistics. A feature that is constant on the training split becomes 0 everywhere.
Standardization standardize(Dataset& d);

}  // namespace descent
