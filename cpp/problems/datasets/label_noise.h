#pragma once
// Label noise for every classification data set: the catalog gives each one a "label_noise"
// parameter, and its builder flips that fraction of the training labels after building the
// set (the test labels stay clean). Noisy labels are what networks memorise late in training
// ("Understanding deep learning requires rethinking generalization", Zhang et al., 2017).
#include "problems/datasets/dataset.h"

namespace descent {

ParamSpec label_noise_param();

// Replaces exactly round(fraction * n_train) training labels, chosen without replacement from
// rng, each by a uniformly random wrong class (also from rng). Nothing is drawn at fraction 0.
void flip_training_labels(Dataset& d, double fraction, Rng& rng);

// The entry with the label_noise parameter added and its builder flipping labels afterwards.
DatasetInfo with_label_noise(DatasetInfo info);

}  // namespace descent
