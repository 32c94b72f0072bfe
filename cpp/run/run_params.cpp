#include "run/run_params.h"

#include <algorithm>

#include "run/config.h"

namespace descent {

const std::vector<ParamSpec>& run_params() {
  static const std::vector<ParamSpec> specs = {
      integer("seed", 0, 0, Limits::max_seed, "Seed of every random stream of the run."),
      integer("data_seed", -1, -1, Limits::max_seed,
              "Seed of the data set and its split; -1: the run seed."),
      integer("init_seed", -1, -1, Limits::max_seed,
              "Seed of the initial weights; -1: the run seed."),
      integer("batch_seed", -1, -1, Limits::max_seed,
              "Seed of the minibatch order; -1: the run seed."),
      integer("steps", 500, 1, Limits::max_steps, "Number of optimizer steps.", true),
      integer("batch_size", 32, 0, Limits::max_batch,
              "Examples per minibatch; 0 (or at least the training-set size) is full batch.", true),
      integer("eval_every", 50, 0, Limits::max_steps,
              "Steps between evaluations on the full training and test sets; 0: automatic, "
              "about 200 evaluations per run (ceil(steps / 200)). The minibatch loss is "
              "logged at every step regardless.",
              true),
  };
  return specs;
}

int evaluation_interval(int eval_every, int steps) {
  if (eval_every > 0) return eval_every;
  return std::max(1, (steps + kAutoEvaluations - 1) / kAutoEvaluations);
}

const std::vector<ParamSpec>& model_params() {
  static const std::vector<ParamSpec> specs = {
      real("init_gain", 1.0, 0.0, 10.0, "Multiplies the initial weights' scale."),
      boolean("layer_norm", false, "Layer normalisation on each hidden layer."),
      boolean("residual", false, "Skip connections around hidden layers of equal width."),
      real("l1", 0.0, 0.0, 10.0, "L1 penalty on weight matrices, added to the loss."),
      real("l2", 0.0, 0.0, 10.0,
           "L2 penalty (0.5 l2 |W|^2) on weight matrices, added to the loss."),
      boolean("random_features", false,
              "Train only the output layer, started at zero; the hidden layers keep their random "
              "initial weights (random features)."),
      real("output_scale", 1.0, 1e-3, 1e3,
           "alpha: the network's outputs are multiplied by it. Large alpha trains lazily (the "
           "tangent kernel barely moves), small alpha richly (Chizat, Oyallon, Bach, 2019; not "
           "centred: alpha f(x; w)). Divide the learning rate by alpha^2 to keep the output's "
           "speed.",
           true),
  };
  return specs;
}

}  // namespace descent
