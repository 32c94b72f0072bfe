#pragma once
// Data sets for training networks: synthetic 2-D sets, regression sets, real UCI tables and
// modular arithmetic. Samples are columns (features x n), matching the MLP's layout.
#include <functional>
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "core/rng.h"
#include "core/types.h"

namespace descent {

enum class Task { Classification, Regression };

struct Dataset {
  Task task = Task::Classification;
  int input_dim = 0;
  int output_dim = 0;   // classes for classification, target dimension for regression
  Mat x_train, x_test;  // input_dim x n
  Mat y_train, y_test;  // regression targets, output_dim x n (empty for classification)
  std::vector<int> label_train, label_test;  // class indices (empty for regression)
  std::vector<std::string> class_names;      // may be empty
  std::vector<std::string> feature_names;    // may be empty

  int n_train() const { return static_cast<int>(x_train.cols()); }
  int n_test() const { return static_cast<int>(x_test.cols()); }
};

enum class DatasetFamily { Synthetic, Regression, Real, Modular };

struct DatasetInfo {
  std::string name;   // config name, e.g. "spiral"
  std::string title;  // display name
  std::string description;
  Citation citation;  // paper or data source
  DatasetFamily family = DatasetFamily::Synthetic;
  Task task = Task::Classification;
  bool plane = false;             // 2-D inputs: the page can draw a decision boundary / surface
  std::vector<ParamSpec> params;  // n, noise, test_fraction, arms, ...
  // Builds the data set deterministically from the data stream of the run's seed.
  std::function<Dataset(const ParamValues&, Rng& data_rng)> make;
};

const std::vector<DatasetInfo>& dataset_catalog();
const DatasetInfo* find_dataset(const std::string& name);

}  // namespace descent
