#pragma once
// One logged row of a run (its columns, with titles and descriptions, are listed once in
// run/metric_columns.h). NaN means "not measured at this row" (test metrics of a set
// without a test split, x/y of a network); a run never logs NaN as a value: it stops as
// diverged instead.
#include <limits>

namespace descent {

struct MetricRow {
  static constexpr double none = std::numeric_limits<double>::quiet_NaN();
  double step = 0;
  double loss = none;      // full training loss (datasets) or f(x) (functions)
  double accuracy = none;  // training accuracy (classification)
  double test_loss = none;
  double test_accuracy = none;
  double lr = none;           // learning rate of the update that produced this row
  double grad_norm = none;    // norm of that update's raw (minibatch) gradient
  double update_norm = none;  // norm of the parameter change
  double param_norm = none;
  double x = none, y = none;  // the point, for 2-D functions
  // Diagnostics (cpp/diagnostics/), at rows where they were measured (every N steps):
  double sharpness = none;            // largest Hessian eigenvalue (Lanczos)
  double hessian_trace = none;        // Hutchinson's estimate
  double top_k_grad_fraction = none;  // |P_k g|^2 / |g|^2, top-k Hessian eigenspace
  double diagnostic_hvps = none;      // Hessian-vector products this measurement cost
  double update_weight_ratio = none;  // |update| / |weights|
  double grad_cosine = none;          // cosine between this and the previous training gradient
  double update_grad_cosine = none;   // cosine between the update and the negative gradient
  double dead_relu = none;            // fraction of hidden units zero on every probe example
  double logit_norm = none;           // mean |logits|
  double softmax_collapse = none;     // fraction of examples whose float32 softmax collapsed
  // Neural collapse of the last hidden layer on the probe set (diagnostics/neural_collapse.h).
  double nc1 = none;                  // tr(Sigma_W Sigma_B^+) / C
  double nc2_equinorm = none;         // coefficient of variation of the centred class-mean norms
  double nc2_equiangularity = none;   // mean |cos + 1/(C-1)| over pairs of centred class means
  double nc3_self_duality = none;     // |W^T/|W| - M/|M||^2, classifier rows against the means
  double dormant_fraction = none;     // tau-dormant hidden units (diagnostics/plasticity.h)
  double feature_rank = none;         // effective rank of the last hidden layer's features
  double example_grad_median = none;  // per-example gradient norms on the probe set: median
  double example_grad_max = none;     // and largest
  double ntk_distance = none;         // empirical NTK (diagnostics/ntk.h): 1 - cos(K0, Kt)
  double ntk_alignment = none;        // and cos(Kt, Y Y^T)
  // Linear binary models (no hidden layer, logistic loss) on separable training data: the
  // angle in degrees between the parameters (w, b) and the max-margin direction of the
  // training points with a constant 1 appended (diagnostics/max_margin.h), at every evaluation.
  double margin_angle = none;
  // Weight averaging (config "averaging"; run/weight_averaging.h): the test split evaluated
  // at the averaged weights, beside the raw weights' test_loss and test_accuracy.
  double swa_test_loss = none;  // NaN before SWA's first averaged step
  double swa_test_accuracy = none;
  double ema_test_loss = none;
  double ema_test_accuracy = none;
  // Matrix sensing (run/sensing_problem.h): the top three eigenvalues of U U^T and
  // |U U^T - X*|_F / |X*|_F, at every step.
  double sv1 = none, sv2 = none, sv3 = none;
  double sensing_error = none;
  // Task switches (run/task_switches.h): the switches entered before this row's update, so
  // the index of the task it trained on (0 until the first); NaN for runs without switches.
  double task = none;
};

}  // namespace descent
