// Real tabular data sets from the UCI Machine Learning Repository (CC BY 4.0), embedded as
// generated sources (tools/embed_data.py writes generated/*.inc from data/), so no build needs
// file I/O. Features are standardised with the training split's statistics.
#include "problems/datasets/real.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "problems/datasets/families.h"
#include "problems/datasets/split.h"

namespace descent {
namespace {

#include "problems/datasets/generated/breast_cancer.inc"
#include "problems/datasets/generated/digits.inc"
#include "problems/datasets/generated/iris.inc"
#include "problems/datasets/generated/wine.inc"

template <class T>
RealTable table_from(std::string name, int rows, int features, const T* values,
                     const std::uint8_t* labels, std::vector<std::string> class_names,
                     std::vector<std::string> feature_names) {
  RealTable t;
  t.name = std::move(name);
  t.x.resize(features, rows);
  t.labels.resize(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    for (int f = 0; f < features; ++f) {
      t.x(f, r) = static_cast<Scalar>(values[static_cast<std::size_t>(r) * features + f]);
    }
    t.labels[static_cast<std::size_t>(r)] = labels[r];
  }
  t.class_names = std::move(class_names);
  t.feature_names = std::move(feature_names);
  return t;
}

template <std::size_t N>
std::vector<std::string> names(const char* const (&list)[N]) {
  return std::vector<std::string>(list, list + N);
}

std::vector<std::string> digit_pixel_names() {
  std::vector<std::string> out;
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 8; ++c)
      out.push_back("pixel_" + std::to_string(r) + "_" + std::to_string(c));
  }
  return out;
}

std::vector<std::string> breast_cancer_feature_names() {
  const char* const measures[] = {"radius",     "texture",          "perimeter", "area",
                                  "smoothness", "compactness",      "concavity", "concave points",
                                  "symmetry",   "fractal dimension"};
  std::vector<std::string> out;
  for (const char* m : measures) out.push_back(std::string("mean ") + m);
  for (const char* m : measures) out.push_back(std::string(m) + " error");
  for (const char* m : measures) out.push_back(std::string("worst ") + m);
  return out;
}

Dataset make_real(const std::string& name, const ParamValues& p, Rng& rng) {
  RealTable t = real_table(name);
  Dataset d;
  d.task = Task::Classification;
  d.input_dim = static_cast<int>(t.x.rows());
  d.output_dim = static_cast<int>(t.class_names.size());
  d.class_names = std::move(t.class_names);
  d.feature_names = std::move(t.feature_names);
  const double test_fraction = real_param(p, "test_fraction", 0.0, 0.9);
  split_samples(d, t.x, t.labels, Mat(), test_count(static_cast<int>(t.x.cols()), test_fraction),
                rng);
  standardize(d);
  return d;
}

DatasetInfo entry(const std::string& name, std::string title, std::string description,
                  Citation cite) {
  DatasetInfo info;
  info.name = name;
  info.title = std::move(title);
  info.description = std::move(description) +
                     " From the UCI Machine Learning Repository, licensed CC BY 4.0. Features "
                     "are standardised with the training split's mean and variance.";
  info.citation = std::move(cite);
  info.family = DatasetFamily::Real;
  info.task = Task::Classification;
  info.plane = false;
  info.params = {test_fraction_param()};
  info.make = [name](const ParamValues& p, Rng& rng) { return make_real(name, p, rng); };
  return info;
}

}  // namespace

RealTable real_table(const std::string& name) {
  if (name == "digits") {
    std::vector<std::string> classes;
    classes.reserve(10);
    for (int c = 0; c < 10; ++c) classes.push_back(std::to_string(c));
    return table_from(name, kDigitsRows, kDigitsFeatures, kDigitsPixels, kDigitsLabels, classes,
                      digit_pixel_names());
  }
  if (name == "iris") {
    return table_from(
        name, kIrisRows, kIrisFeatures, kIrisValues, kIrisLabels, names(kIrisClassNames),
        {"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"});
  }
  if (name == "wine") {
    return table_from(name, kWineRows, kWineFeatures, kWineValues, kWineLabels,
                      names(kWineClassNames),
                      {"alcohol", "malic acid", "ash", "alcalinity of ash", "magnesium",
                       "total phenols", "flavanoids", "nonflavanoid phenols", "proanthocyanins",
                       "color intensity", "hue", "OD280/OD315 of diluted wines", "proline"});
  }
  if (name == "breast_cancer") {
    return table_from(name, kBreastCancerRows, kBreastCancerFeatures, kBreastCancerValues,
                      kBreastCancerLabels, names(kBreastCancerClassNames),
                      breast_cancer_feature_names());
  }
  throw std::invalid_argument("unknown real data set: " + name);
}

std::vector<DatasetInfo> real_datasets() {
  std::vector<DatasetInfo> out;
  out.push_back(entry("digits", "Handwritten digits (8x8)",
                      "1797 handwritten digits as 8x8 images of 64 pixel counts (0..16), 10 "
                      "classes: the test part of the UCI optical digits set, as shipped by "
                      "scikit-learn.",
                      {"Optical Recognition of Handwritten Digits", "Alpaydin, Kaynak", 1998,
                       "UCI Machine Learning Repository"}));
  out.push_back(entry("iris", "Iris",
                      "150 iris flowers, 4 measurements (sepal and petal length and width), 3 "
                      "species.",
                      {"The use of multiple measurements in taxonomic problems", "Fisher", 1936,
                       "Annals of Eugenics 7(2)"}));
  out.push_back(entry("wine", "Wine",
                      "178 wines from three cultivars of the same Italian region, 13 results of "
                      "chemical analysis.",
                      {"PARVUS: An Extendible Package for Data Exploration, Classification and "
                       "Correlation",
                       "Forina, Leardi, Armanino, Lanteri", 1988,
                       "Institute of Pharmaceutical and Food Analysis and Technologies, Genoa"}));
  out.push_back(entry("breast_cancer", "Breast cancer (Wisconsin diagnostic)",
                      "569 breast masses, 30 features of the cell nuclei in a digitised image of "
                      "a fine needle aspirate, malignant or benign.",
                      {"Breast Cancer Wisconsin (Diagnostic)", "Wolberg, Street, Mangasarian", 1995,
                       "UCI Machine Learning Repository"}));
  return out;
}

}  // namespace descent
