// The data-set catalog: every family's entries, in the order the page lists them.
#include <string>
#include <vector>

#include "problems/datasets/dataset.h"
#include "problems/datasets/families.h"
#include "problems/datasets/label_noise.h"

namespace descent {

const std::vector<DatasetInfo>& dataset_catalog() {
  static const std::vector<DatasetInfo> catalog = [] {
    std::vector<DatasetInfo> all;
    for (auto family : {synthetic_datasets, regression_datasets, real_datasets, modular_datasets,
                        gaussian_class_datasets}) {
      for (auto& info : family()) {
        // Every classification set takes label noise, applied in one place (label_noise.h).
        all.push_back(info.task == Task::Classification ? with_label_noise(std::move(info))
                                                        : std::move(info));
      }
    }
    return all;
  }();
  return catalog;
}

const DatasetInfo* find_dataset(const std::string& name) {
  for (const auto& info : dataset_catalog()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace descent
