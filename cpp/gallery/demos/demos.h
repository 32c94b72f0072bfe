#pragma once
// The demos, a file each. all_demos() lists them in gallery order.
#include <vector>

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
Demo weight_averaging_demo();
Demo clipping_heavy_tails_demo();

std::vector<Demo> all_demos();

inline Citation paper(std::string title, std::string authors, int year, std::string venue) {
  Citation c;
  c.title = std::move(title);
  c.authors = std::move(authors);
  c.year = year;
  c.venue = std::move(venue);
  return c;
}

}  // namespace descent
