#pragma once
// The grokking setup that grokking_modular and softmax_collapse share, so that the two demos
// are shown on the same network and data and differ only where their claims do.
#include <nlohmann/json.hpp>
#include <string>

namespace descent {

// (a + b) mod 31 learnt from `train_fraction` of the pairs, full batch, by a 128-unit ReLU
// network whose initialisation is enlarged (init_gain 2 starts the weights away from the
// generalising solutions: Omnigrok's weight-norm view), with AdamW at lr 0.01 and beta2 0.98.
// The caller adds the steps and what else it sets (evaluation, transforms, diagnostics).
inline nlohmann::json modular_addition_run(double train_fraction, const std::string& loss,
                                           double weight_decay) {
  return {{"schema", 1},
          {"seed", 1},
          {"problem",
           {{"kind", "dataset"},
            {"name", "modular"},
            {"p", 31},
            {"op", "add"},
            {"train_fraction", train_fraction}}},
          {"model",
           {{"hidden", {128}},
            {"activation", "relu"},
            {"init", "he_uniform"},
            {"init_gain", 2.0},
            {"loss", loss}}},
          {"optimizer",
           {{"name", "adamw"}, {"lr", 0.01}, {"beta2", 0.98}, {"weight_decay", weight_decay}}},
          {"batch_size", 0}};
}

}  // namespace descent
