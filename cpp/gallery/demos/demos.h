#pragma once
// The demos, a file each. all_demos() lists them in gallery order.
#include <cstdio>
#include <string>
#include <vector>

#include "catalog/cite.h"
#include "gallery/demo.h"

namespace descent {

Demo momentum_quadratic_demo();
Demo lr_schedules_demo();
Demo edge_of_stability_demo();
Demo sam_flat_minimum_demo();
Demo grokking_modular_demo();
Demo softmax_collapse_demo();
Demo ghosts_lr_spike_demo();
Demo warmup_sweep_demo();
Demo adam_nonconvergence_demo();
Demo large_step_logistic_demo();
Demo double_descent_demo();
Demo low_precision_demo();
Demo schedule_free_vs_cosine_demo();
Demo lr_free_demo();
Demo gd_stability_threshold_demo();
Demo gradient_clipping_demo();
Demo adam_rosenbrock_demo();
Demo spiral_optimizers_demo();
Demo minmax_rotation_demo();
Demo weight_averaging_demo();
Demo clipping_heavy_tails_demo();
Demo batch_size_lr_scaling_demo();
Demo hessian_spectrum_demo();
Demo neural_collapse_demo();
Demo lazy_vs_rich_demo();
Demo dp_sgd_clipping_bias_demo();
Demo sgd_stability_batch_demo();
Demo incremental_learning_demo();
Demo loss_of_plasticity_demo();

std::vector<Demo> all_demos();

// A demo's paper (catalog/cite.h's cite, under the name the demo files read best with).
inline Citation paper(std::string title, std::string authors, int year, std::string venue) {
  return cite(std::move(title), std::move(authors), year, std::move(venue));
}

// A number as a run label shows it: "%g" (0.003, 1e-05, 0.96).
inline std::string number_label(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

}  // namespace descent
