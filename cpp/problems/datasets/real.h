#pragma once
// The embedded UCI tables behind the "Real" data sets, raw (before any split or
// standardisation), in file order. Exposed for tests and for pages that show raw values.
#include <string>
#include <vector>

#include "core/types.h"

namespace descent {

struct RealTable {
  std::string name;  // "digits", "iris", "wine", "breast_cancer"
  Mat x;             // features x rows, values exactly as embedded (digits: 0..16)
  std::vector<int> labels;
  std::vector<std::string> class_names;
  std::vector<std::string> feature_names;
};

// The raw table of a real data set; throws std::invalid_argument for an unknown name.
RealTable real_table(const std::string& name);

}  // namespace descent
