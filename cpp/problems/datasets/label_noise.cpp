#include "problems/datasets/label_noise.h"

#include <cmath>
#include <utility>

#include "problems/datasets/families.h"
#include "problems/datasets/split.h"

namespace descent {

ParamSpec label_noise_param() {
  return real("label_noise", 0.0, 0.0, 1.0,
              "Fraction of training labels replaced by a uniformly random wrong class (the test "
              "labels stay clean)");
}

void flip_training_labels(Dataset& d, double fraction, Rng& rng) {
  const int n_train = d.n_train();
  const int flips = static_cast<int>(std::lround(fraction * n_train));
  if (flips <= 0 || d.output_dim < 2) return;
  const std::vector<int> order = random_permutation(n_train, rng);
  for (int k = 0; k < flips; ++k) {
    int& label = d.label_train[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])];
    label =
        (label + 1 + static_cast<int>(rng.below(static_cast<std::uint32_t>(d.output_dim - 1)))) %
        d.output_dim;
  }
}

DatasetInfo with_label_noise(DatasetInfo info) {
  info.params.push_back(label_noise_param());
  info.make = [make = std::move(info.make)](const ParamValues& p, Rng& rng) {
    Dataset d = make(p, rng);
    // Callers outside a parsed config (tests, tools) may leave the parameter out: no noise.
    if (p.numbers.count("label_noise") != 0) {
      flip_training_labels(d, real_param(p, "label_noise", 0.0, 1.0), rng);
    }
    return d;
  };
  return info;
}

}  // namespace descent
