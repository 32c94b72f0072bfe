// Synthetic 2-D classification sets. Points are generated class by class in turn (sample i
// belongs to class i mod k), so the classes are balanced to within one point; Gaussian jitter
// of standard deviation `noise` is added to both coordinates after labelling. Inputs stay
// roughly within [-1.5, 1.5] so that default networks train without rescaling.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/math_constants.h"
#include "problems/datasets/families.h"
#include "problems/datasets/split.h"

namespace descent {
namespace {

using Generator = void (*)(int i, int n, const ParamValues& p, Rng& rng, double& x1, double& x2,
                           int& label);

int spiral_arms(const ParamValues& p) { return int_param(p, "arms", 2, 6); }
int blob_classes(const ParamValues& p) { return int_param(p, "classes", 2, 8); }
int checker_tiles(const ParamValues& p) { return int_param(p, "tiles", 2, 8); }

// Arm c of k: radius grows linearly over 1.5 turns; points evenly spaced along the arm.
void spiral_point(int i, int n, const ParamValues& p, Rng&, double& x1, double& x2, int& label) {
  const int k = spiral_arms(p);
  const int c = i % k;
  const int j = i / k;
  const int per_arm = (n - c + k - 1) / k;  // points of arm c
  const double t = (j + 0.5) / per_arm;
  const double radius = 0.05 + 1.25 * t;
  const double angle = 2.0 * kPi * c / k + 1.5 * 2.0 * kPi * t;
  x1 = radius * std::cos(angle);
  x2 = radius * std::sin(angle);
  label = c;
}

// Two interleaved half circles of radius 1 (as scikit-learn's make_moons), centred.
void moons_point(int i, int, const ParamValues&, Rng& rng, double& x1, double& x2, int& label) {
  label = i % 2;
  const double t = kPi * rng.uniform();
  if (label == 0) {
    x1 = std::cos(t) - 0.5;
    x2 = std::sin(t) - 0.25;
  } else {
    x1 = 0.5 - std::cos(t);
    x2 = 0.25 - std::sin(t);
  }
}

// Two concentric rings, radius 1 (class 0) and 0.5 (class 1).
void circles_point(int i, int, const ParamValues&, Rng& rng, double& x1, double& x2, int& label) {
  label = i % 2;
  const double angle = 2.0 * kPi * rng.uniform();
  const double radius = label == 0 ? 1.0 : 0.5;
  x1 = radius * std::cos(angle);
  x2 = radius * std::sin(angle);
}

// Uniform on [-1, 1]^2; class 0 where the coordinates share a sign, class 1 otherwise.
void xor_point(int i, int, const ParamValues&, Rng& rng, double& x1, double& x2, int& label) {
  label = i % 2;
  const double s = rng.below(2) == 0 ? 1.0 : -1.0;
  x1 = s * rng.uniform();
  x2 = (label == 0 ? s : -s) * rng.uniform();
}

// k isotropic Gaussian blobs centred on the unit circle.
void blobs_point(int i, int, const ParamValues& p, Rng&, double& x1, double& x2, int& label) {
  const int k = blob_classes(p);
  label = i % k;
  const double angle = 2.0 * kPi * label / k;
  x1 = std::cos(angle);
  x2 = std::sin(angle);
}

// A tiles x tiles checkerboard on [-1, 1]^2; a point picks a random tile of its colour.
void checkerboard_point(int i, int, const ParamValues& p, Rng& rng, double& x1, double& x2,
                        int& label) {
  const int tiles = checker_tiles(p);
  label = i % 2;
  const int same_colour = (tiles * tiles + (label == 0 ? 1 : 0)) / 2;  // tiles of this colour
  const int pick = static_cast<int>(rng.below(static_cast<std::uint32_t>(same_colour)));
  int seen = 0, row = 0, col = 0;
  for (int cell = 0; cell < tiles * tiles; ++cell) {
    if ((cell / tiles + cell % tiles) % 2 != label) continue;
    if (seen++ == pick) {
      row = cell / tiles;
      col = cell % tiles;
      break;
    }
  }
  const double width = 2.0 / tiles;
  x1 = -1.0 + (col + rng.uniform()) * width;
  x2 = -1.0 + (row + rng.uniform()) * width;
}

// Uniform on [-1.5, 1.5] x [-1, 1] on the side of the line through the origin (normal at
// `angle` degrees) that the label says, at least `margin` from it, then times `scale`:
// linearly separable with a gap, and, since the box is not symmetric about the normal, the classes'
// mean difference points away from the max-margin direction. Rejection sampling (at least a quarter
// of the draws are accepted for margin <= 0.5); after 1000 rejections the point is placed on the
// normal, so generation always ends.
void separable_point(int i, int, const ParamValues& p, Rng& rng, double& x1, double& x2,
                     int& label) {
  label = i % 2;
  const double angle = real_param(p, "angle", -90.0, 90.0) * kPi / 180.0;
  const double margin = real_param(p, "margin", 0.0, 0.5);
  const double n1 = std::cos(angle), n2 = std::sin(angle);
  const double side = label == 1 ? 1.0 : -1.0;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    x1 = 1.5 * (2.0 * rng.uniform() - 1.0);
    x2 = 2.0 * rng.uniform() - 1.0;
    if (side * (n1 * x1 + n2 * x2) >= margin) break;
    if (attempt == 999) {
      x1 = side * (margin + 0.5) * n1;
      x2 = side * (margin + 0.5) * n2;
    }
  }
  const double scale = real_param(p, "scale", 0.1, 100.0);
  x1 *= scale;
  x2 *= scale;
}

Dataset generate(const ParamValues& p, Rng& rng, int classes, Generator point,
                 std::vector<std::string> class_names) {
  const int n = int_param(p, "n", 10, 20000);
  const double noise = real_param(p, "noise", 0.0, 1.0);
  Mat x(2, n);
  std::vector<int> labels(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    double x1 = 0.0, x2 = 0.0;
    int label = 0;
    point(i, n, p, rng, x1, x2, label);
    if (noise > 0.0) {
      x1 += noise * rng.normal();
      x2 += noise * rng.normal();
    }
    x(0, i) = static_cast<Scalar>(x1);
    x(1, i) = static_cast<Scalar>(x2);
    labels[static_cast<std::size_t>(i)] = label;
  }
  Dataset d;
  d.task = Task::Classification;
  d.input_dim = 2;
  d.output_dim = classes;
  d.class_names = std::move(class_names);
  d.feature_names = {"x1", "x2"};
  split_samples(d, x, labels, Mat(), test_count(n, p.get("test_fraction")), rng);
  return d;
}

std::vector<std::string> numbered(const std::string& prefix, int k) {
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(k));
  for (int c = 0; c < k; ++c) names.push_back(prefix + std::to_string(c + 1));
  return names;
}

DatasetInfo entry(std::string name, std::string title, std::string description, Citation cite,
                  std::vector<ParamSpec> params) {
  DatasetInfo info;
  info.name = std::move(name);
  info.title = std::move(title);
  info.description = std::move(description);
  info.citation = std::move(cite);
  info.family = DatasetFamily::Synthetic;
  info.task = Task::Classification;
  info.plane = true;
  info.params = std::move(params);
  return info;
}

const Citation kScikitLearn{"Scikit-learn: Machine Learning in Python",
                            "Pedregosa, Varoquaux, Gramfort, Michel, Thirion, Grisel, Blondel, "
                            "Prettenhofer, Weiss, Dubourg, Vanderplas, Passos, Cournapeau, "
                            "Brucher, Perrot, Duchesnay",
                            2011, "JMLR 12"};

}  // namespace

std::vector<DatasetInfo> synthetic_datasets() {
  std::vector<DatasetInfo> out;

  out.push_back(
      entry("spiral", "Spirals",
            "Interleaved spiral arms (1.5 turns each), one class per arm: the classic test of a "
            "network's ability to carve curved, nested decision boundaries.",
            {"Learning to Tell Two Spirals Apart", "Lang, Witbrock", 1988,
             "Proceedings of the 1988 Connectionist Models Summer School"},
            {n_param(400), noise_param(0.05, "Standard deviation of the Gaussian jitter"),
             test_fraction_param(), integer("arms", 2, 2, 6, "Number of arms (= classes)")}));
  out.back().make = [](const ParamValues& p, Rng& rng) {
    const int k = spiral_arms(p);
    return generate(p, rng, k, spiral_point, numbered("arm ", k));
  };

  out.push_back(entry("moons", "Two moons",
                      "Two interleaving half circles, as scikit-learn's make_moons, centred on "
                      "the origin.",
                      kScikitLearn,
                      {n_param(400), noise_param(0.1, "Standard deviation of the Gaussian jitter"),
                       test_fraction_param()}));
  out.back().make = [](const ParamValues& p, Rng& rng) {
    return generate(p, rng, 2, moons_point, {"upper moon", "lower moon"});
  };

  out.push_back(
      entry("circles", "Circles",
            "Two concentric rings of radii 1 and 0.5, as scikit-learn's make_circles: not "
            "linearly separable, but separable by the radius.",
            kScikitLearn,
            {n_param(400), noise_param(0.05, "Standard deviation of the Gaussian jitter"),
             test_fraction_param()}));
  out.back().make = [](const ParamValues& p, Rng& rng) {
    return generate(p, rng, 2, circles_point, {"outer ring", "inner ring"});
  };

  out.push_back(entry("xor", "XOR",
                      "Points uniform on [-1, 1]^2 labelled by whether their coordinates share a "
                      "sign: the simplest set that no linear model can fit.",
                      {"Perceptrons: An Introduction to Computational Geometry", "Minsky, Papert",
                       1969, "MIT Press"},
                      {n_param(400), noise_param(0.05, "Standard deviation of the Gaussian jitter"),
                       test_fraction_param()}));
  out.back().make = [](const ParamValues& p, Rng& rng) {
    return generate(p, rng, 2, xor_point, {"same sign", "opposite signs"});
  };

  out.push_back(
      entry("blobs", "Gaussian blobs",
            "Isotropic Gaussian blobs (standard deviation `noise`) centred evenly on "
            "the unit circle, one class per blob, as scikit-learn's make_blobs.",
            kScikitLearn,
            {n_param(400), noise_param(0.25, "Standard deviation of each blob"),
             test_fraction_param(), integer("classes", 3, 2, 8, "Number of blobs (= classes)")}));
  out.back().make = [](const ParamValues& p, Rng& rng) {
    const int k = blob_classes(p);
    return generate(p, rng, k, blobs_point, numbered("blob ", k));
  };

  out.push_back(entry(
      "checkerboard", "Checkerboard",
      "Points uniform on [-1, 1]^2 coloured by a tiles x tiles checkerboard: XOR generalised, "
      "with many small regions.",
      {"Direct-Manipulation Visualization of Deep Networks",
       "Smilkov, Carter, Sculley, Viegas, Wattenberg", 2017, "arXiv:1708.03788"},
      {n_param(800), noise_param(0.02, "Standard deviation of the Gaussian jitter"),
       test_fraction_param(), integer("tiles", 4, 2, 8, "Tiles along each side")}));
  out.back().make = [](const ParamValues& p, Rng& rng) {
    return generate(p, rng, 2, checkerboard_point, {"dark", "light"});
  };

  out.push_back(
      entry("separable", "Linearly separable",
            "Two classes on either side of a line through the origin with a gap of 2 x margin "
            "between them (no point inside it), uniform on [-1.5, 1.5] x [-1, 1] times scale: the "
            "setting of "
            "gradient descent's implicit bias towards the max-margin separator. With noise 0 the "
            "set is always linearly separable.",
            {"The Implicit Bias of Gradient Descent on Separable Data",
             "Soudry, Hoffer, Nacson, Gunasekar, Srebro", 2018, "JMLR 19"},
            {n_param(40),
             noise_param(0.0,
                         "Standard deviation of the Gaussian jitter (> 0 may "
                         "break separability)"),
             test_fraction_param(),
             real("margin", 0.05, 0.0, 0.5, "Half-width of the empty gap around the line"),
             real("angle", 60.0, -90.0, 90.0,
                  "Direction of the line's normal (towards class 2), degrees from the x1 axis"),
             real("scale", 1.0, 0.1, 100.0,
                  "Multiplies the coordinates: the logistic loss's curvature grows as scale^2, so "
                  "a step that is large for scale 1 is larger still")}));
  out.back().make = [](const ParamValues& p, Rng& rng) {
    return generate(p, rng, 2, separable_point, {"class 1", "class 2"});
  };

  return out;
}

}  // namespace descent
