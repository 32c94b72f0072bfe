#include "gallery/demos/demos.h"

namespace descent {

std::vector<Demo> all_demos() {
  return {
      edge_of_stability_demo(),      momentum_quadratic_demo(),      lr_schedules_demo(),
      gd_stability_threshold_demo(), adam_rosenbrock_demo(),         gradient_clipping_demo(),
      spiral_optimizers_demo(),      sam_flat_minimum_demo(),        grokking_modular_demo(),
      softmax_collapse_demo(),       ghosts_lr_spike_demo(),         warmup_sweep_demo(),
      adam_nonconvergence_demo(),    large_step_logistic_demo(),     double_descent_demo(),
      low_precision_demo(),          schedule_free_vs_cosine_demo(), lr_free_demo(),
      minmax_rotation_demo(),        weight_averaging_demo(),        clipping_heavy_tails_demo(),
      batch_size_lr_scaling_demo(),  hessian_spectrum_demo(),        neural_collapse_demo(),
      dp_sgd_clipping_bias_demo(),   sgd_stability_batch_demo(),     lazy_vs_rich_demo(),
      incremental_learning_demo(),   loss_of_plasticity_demo()};
}

}  // namespace descent
