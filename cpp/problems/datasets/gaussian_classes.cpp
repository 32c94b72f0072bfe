// Gaussian classes in many dimensions: the synthetic stand-in for MNIST-sized inputs
// (784 features, 10 classes) that the benchmark's W3 workload trains on, and a way to try
// optimizers on wide inputs without shipping image data.
#include <cmath>
#include <string>
#include <vector>

#include "problems/datasets/families.h"
#include "problems/datasets/split.h"

namespace descent {

std::vector<DatasetInfo> gaussian_class_datasets() {
  DatasetInfo info;
  info.name = "gaussian_classes";
  info.title = "Gaussian classes (high-dimensional)";
  info.description =
      "k classes in `dim` dimensions: each class is an isotropic Gaussian around a random "
      "centre of norm 1, with noise of norm about `noise` (standard deviation noise / sqrt(dim) "
      "per feature), as scikit-learn's make_classification without redundant features. "
      "dim 784 and 10 classes give MNIST-sized inputs.";
  info.citation = {"Design of experiments of the NIPS 2003 variable selection benchmark", "Guyon",
                   2003, "NIPS 2003 workshop on feature extraction"};
  info.family = DatasetFamily::Synthetic;
  info.task = Task::Classification;
  info.plane = false;
  // n * dim is bounded (4000 x 1024 floats = 16 MB) so the WASM heap stays small.
  info.params = {integer("n", 1000, 10, 4000, "Number of points in total (train + test)"),
                 integer("dim", 784, 1, 1024, "Input dimension"),
                 integer("classes", 10, 2, 32, "Number of classes"),
                 real("noise", 1.0, 0.0, 4.0, "Typical distance of a point from its class centre"),
                 test_fraction_param()};
  info.make = [](const ParamValues& p, Rng& rng) {
    const int n = int_param(p, "n", 10, 4000);
    const int dim = int_param(p, "dim", 1, 1024);
    const int k = int_param(p, "classes", 2, 32);
    const double noise = real_param(p, "noise", 0.0, 4.0);
    Mat centres(dim, k);
    for (int c = 0; c < k; ++c) {
      double norm2 = 0.0;
      for (int r = 0; r < dim; ++r) {
        const double v = rng.normal();
        centres(r, c) = static_cast<Scalar>(v);
        norm2 += v * v;
      }
      const double scale = norm2 > 0.0 ? 1.0 / std::sqrt(norm2) : 0.0;
      for (int r = 0; r < dim; ++r) {
        centres(r, c) = static_cast<Scalar>(centres(r, c) * scale);
      }
    }
    Mat x(dim, n);
    std::vector<int> labels(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      const int c = i % k;
      labels[static_cast<std::size_t>(i)] = c;
      for (int r = 0; r < dim; ++r) {
        x(r, i) = static_cast<Scalar>(centres(r, c) + noise * rng.normal() / std::sqrt(dim));
      }
    }
    Dataset d;
    d.task = Task::Classification;
    d.input_dim = dim;
    d.output_dim = k;
    for (int c = 0; c < k; ++c) d.class_names.push_back("class " + std::to_string(c + 1));
    split_samples(d, x, labels, Mat(), test_count(n, p.get("test_fraction")), rng);
    return d;
  };
  return {info};
}

}  // namespace descent
