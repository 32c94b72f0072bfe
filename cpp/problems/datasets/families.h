#pragma once
// Internal to the data sets: each family's catalog entries (assembled by catalog.cpp) and the
// parameters they share.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "catalog/spec.h"
#include "problems/datasets/dataset.h"

namespace descent {

std::vector<DatasetInfo> synthetic_datasets();       // synthetic.cpp
std::vector<DatasetInfo> regression_datasets();      // regression.cpp
std::vector<DatasetInfo> real_datasets();            // real.cpp
std::vector<DatasetInfo> modular_datasets();         // modular.cpp
std::vector<DatasetInfo> gaussian_class_datasets();  // gaussian_classes.cpp

inline ParamSpec n_param(int def) {
  return integer("n", def, 10, 20000, "Number of points in total (train + test)");
}
inline ParamSpec noise_param(double def, std::string description) {
  return real("noise", def, 0.0, 1.0, std::move(description));
}
inline ParamSpec test_fraction_param() {
  return real("test_fraction", 0.25, 0.0, 0.9, "Fraction of the points held out as the test set");
}

// An integer parameter clamped to [lo, hi], so that a builder never divides by zero or
// allocates without bound whatever it is handed.
inline int int_param(const ParamValues& p, const std::string& name, int lo, int hi) {
  double v = p.get(name);
  if (!std::isfinite(v)) v = lo;
  return static_cast<int>(
      std::clamp(std::round(v), static_cast<double>(lo), static_cast<double>(hi)));
}
// A real parameter clamped to [lo, hi] (NaN becomes lo).
inline double real_param(const ParamValues& p, const std::string& name, double lo, double hi) {
  double v = p.get(name);
  if (!(v >= lo)) return lo;
  return std::min(v, hi);
}

}  // namespace descent
