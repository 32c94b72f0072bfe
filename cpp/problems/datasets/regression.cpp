// Synthetic regression sets: a noisy 1-D sine and a noisy 2-D linear plane. Targets are
// output_dim x n matrices; inputs stay within [-1.5, 1.5].
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/math_constants.h"
#include "problems/datasets/families.h"
#include "problems/datasets/split.h"

namespace descent {
namespace {

// Plane coefficients: y = kPlaneW1 x1 + kPlaneW2 x2 + noise.
constexpr double kPlaneW1 = 0.6;
constexpr double kPlaneW2 = -0.8;

Dataset finish(const ParamValues& p, Rng& rng, const Mat& x, const Mat& y,
               std::vector<std::string> feature_names) {
  Dataset d;
  d.task = Task::Regression;
  d.input_dim = static_cast<int>(x.rows());
  d.output_dim = static_cast<int>(y.rows());
  d.feature_names = std::move(feature_names);
  split_samples(d, x, {}, y, test_count(static_cast<int>(x.cols()), p.get("test_fraction")), rng);
  return d;
}

Dataset make_sine(const ParamValues& p, Rng& rng) {
  const int n = int_param(p, "n", 10, 20000);
  const double noise = real_param(p, "noise", 0.0, 1.0);
  const double frequency = real_param(p, "frequency", 0.25, 8.0);
  Mat x(1, n), y(1, n);
  for (int i = 0; i < n; ++i) {
    const double xi = rng.uniform(-1.5, 1.5);
    double yi = std::sin(frequency * kPi * xi);
    if (noise > 0.0) yi += noise * rng.normal();
    x(0, i) = static_cast<Scalar>(xi);
    y(0, i) = static_cast<Scalar>(yi);
  }
  return finish(p, rng, x, y, {"x"});
}

Dataset make_plane(const ParamValues& p, Rng& rng) {
  const int n = int_param(p, "n", 10, 20000);
  const double noise = real_param(p, "noise", 0.0, 1.0);
  Mat x(2, n), y(1, n);
  for (int i = 0; i < n; ++i) {
    const double x1 = rng.uniform(-1.0, 1.0);
    const double x2 = rng.uniform(-1.0, 1.0);
    double yi = kPlaneW1 * x1 + kPlaneW2 * x2;
    if (noise > 0.0) yi += noise * rng.normal();
    x(0, i) = static_cast<Scalar>(x1);
    x(1, i) = static_cast<Scalar>(x2);
    y(0, i) = static_cast<Scalar>(yi);
  }
  return finish(p, rng, x, y, {"x1", "x2"});
}

// x ~ N(0, I_dim), y = <beta, x> + noise N(0, 1), beta a random unit vector (drawn first).
Dataset make_linear_teacher(const ParamValues& p, Rng& rng) {
  const int n = int_param(p, "n", 10, 4000);
  const int dim = int_param(p, "dim", 1, 256);
  const double noise = real_param(p, "noise", 0.0, 4.0);
  std::vector<double> beta(static_cast<std::size_t>(dim));
  double norm2 = 0.0;
  for (double& b : beta) {
    b = rng.normal();
    norm2 += b * b;
  }
  const double scale = norm2 > 0.0 ? 1.0 / std::sqrt(norm2) : 0.0;
  Mat x(dim, n), y(1, n);
  for (int i = 0; i < n; ++i) {
    double yi = 0.0;
    for (int r = 0; r < dim; ++r) {
      const double v = rng.normal();
      x(r, i) = static_cast<Scalar>(v);
      yi += beta[static_cast<std::size_t>(r)] * scale * v;
    }
    if (noise > 0.0) yi += noise * rng.normal();
    y(0, i) = static_cast<Scalar>(yi);
  }
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(dim));
  for (int r = 0; r < dim; ++r) names.push_back("x" + std::to_string(r + 1));
  return finish(p, rng, x, y, std::move(names));
}

}  // namespace

std::vector<DatasetInfo> regression_datasets() {
  std::vector<DatasetInfo> out;

  DatasetInfo sine;
  sine.name = "sine";
  sine.title = "Noisy sine";
  sine.description =
      "y = sin(frequency * pi * x) + Gaussian noise, x uniform on [-1.5, 1.5]: a 1-D curve fit, "
      "like the sinusoid regression tasks of MAML.";
  sine.citation = {"Model-Agnostic Meta-Learning for Fast Adaptation of Deep Networks",
                   "Finn, Abbeel, Levine", 2017, "ICML 2017"};
  sine.family = DatasetFamily::Regression;
  sine.task = Task::Regression;
  sine.plane = false;
  sine.params = {n_param(200), noise_param(0.1, "Standard deviation of the Gaussian noise on y"),
                 test_fraction_param(),
                 real("frequency", 1.0, 0.25, 8.0, "Half-periods per unit of x")};
  sine.make = make_sine;
  out.push_back(std::move(sine));

  DatasetInfo plane;
  plane.name = "plane";
  plane.title = "Noisy plane";
  plane.description =
      "y = 0.6 x1 - 0.8 x2 + Gaussian noise, (x1, x2) uniform on [-1, 1]^2: linear regression, "
      "as the TensorFlow Playground's plane data set.";
  plane.citation = {"Direct-Manipulation Visualization of Deep Networks",
                    "Smilkov, Carter, Sculley, Viegas, Wattenberg", 2017, "arXiv:1708.03788"};
  plane.family = DatasetFamily::Regression;
  plane.task = Task::Regression;
  plane.plane = true;
  plane.params = {n_param(400), noise_param(0.1, "Standard deviation of the Gaussian noise on y"),
                  test_fraction_param()};
  plane.make = make_plane;
  out.push_back(std::move(plane));

  DatasetInfo teacher;
  teacher.name = "linear_teacher";
  teacher.title = "Noisy linear teacher (Gaussian inputs)";
  teacher.description =
      "y = <beta, x> + Gaussian noise, x ~ N(0, I) in `dim` dimensions, beta a random unit "
      "vector: the noisy linear regression of ridgeless least squares and random-features "
      "double descent.";
  teacher.citation = {"Surprises in High-Dimensional Ridgeless Least Squares Interpolation",
                      "Hastie, Montanari, Rosset, Tibshirani", 2022, "Annals of Statistics 50(2)"};
  teacher.family = DatasetFamily::Regression;
  teacher.task = Task::Regression;
  teacher.plane = false;
  teacher.params = {integer("n", 200, 10, 4000, "Number of points in total (train + test)"),
                    integer("dim", 10, 1, 256, "Input dimension"),
                    real("noise", 0.5, 0.0, 4.0, "Standard deviation of the Gaussian noise on y"),
                    test_fraction_param()};
  teacher.make = make_linear_teacher;
  out.push_back(std::move(teacher));

  return out;
}

}  // namespace descent
