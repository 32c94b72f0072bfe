// Modular arithmetic (a o b) mod p over all pairs (a, b) in [0, p)^2, the algorithmic data of
// the grokking experiments. Inputs are one-hot: rows 0..p-1 encode a, rows p..2p-1 encode b.
#include <string>
#include <utility>
#include <vector>

#include "problems/datasets/families.h"
#include "problems/datasets/split.h"

namespace descent {
namespace {

int apply_op(const std::string& op, int a, int b, int p) {
  if (op == "sub") return ((a - b) % p + p) % p;
  if (op == "mul") return static_cast<int>((static_cast<long long>(a) * b) % p);
  return (a + b) % p;
}

Dataset make_modular(const ParamValues& params, Rng& rng) {
  const int p = int_param(params, "p", 2, 113);
  const std::string& op = params.choice("op");
  const double train_fraction = real_param(params, "train_fraction", 0.05, 0.95);
  const int n = p * p;

  Mat x = Mat::Zero(2 * Eigen::Index{p}, n);
  std::vector<int> labels(static_cast<std::size_t>(n));
  for (int a = 0; a < p; ++a) {
    for (int b = 0; b < p; ++b) {
      const int i = a * p + b;
      x(a, i) = 1.0f;
      x(p + b, i) = 1.0f;
      labels[static_cast<std::size_t>(i)] = apply_op(op, a, b, p);
    }
  }

  Dataset d;
  d.task = Task::Classification;
  d.input_dim = 2 * p;
  d.output_dim = p;
  for (int c = 0; c < p; ++c) d.class_names.push_back(std::to_string(c));
  // Training pairs: round(train_fraction * n), at least one in each split.
  int n_train = static_cast<int>(std::lround(train_fraction * n));
  n_train = std::clamp(n_train, 1, n - 1);
  split_samples(d, x, labels, Mat(), n - n_train, rng);

  return d;
}

}  // namespace

std::vector<DatasetInfo> modular_datasets() {
  DatasetInfo info;
  info.name = "modular";
  info.title = "Modular arithmetic";
  info.description =
      "Every pair (a, b) with a, b in [0, p), labelled (a o b) mod p for o in {+, -, *}; inputs "
      "are a one-hot encoding of a concatenated with one of b (2p inputs, p classes). A small "
      "training fraction and weight decay show grokking: test accuracy jumps long after the "
      "training set is memorised.";
  info.citation = {"Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets",
                   "Power, Burda, Edwards, Babuschkin, Misra", 2022, "arXiv:2201.02177"};
  info.family = DatasetFamily::Modular;
  info.task = Task::Classification;
  info.plane = false;
  info.params = {
      integer("p", 97, 2, 113, "Modulus (number of classes)"),
      choice("op", "add", {"add", "sub", "mul"}, "Operation: (a + b), (a - b) or (a * b) mod p"),
      real("train_fraction", 0.5, 0.05, 0.95,
           "Fraction of the p^2 pairs used for training; the rest is the test set"),
  };  // label_noise: added by the catalog, as for every classification set (label_noise.h)
  info.make = make_modular;
  return {info};
}

}  // namespace descent
