#include "run/metric_columns.h"

namespace descent {

namespace {

using A = AxisScale;
using P = ProducedBy;

// One row per column, in the order of the CLI's rows, the CSV export and the JSON export.
// Diagnostics (cpp/diagnostics/) are measured every diagnostics.every steps; their entry in
// the diagnostics catalog lists the columns named here.
MetricColumn row(const char* name, const char* title, const char* label, const char* chart,
                 AxisScale scale, ProducedBy produced_by, const char* diagnostic, const char* unit,
                 bool smoothable, const char* description, double MetricRow::*field,
                 const char* reference = "") {
  return {name,       title, label,      chart,     scale,       produced_by,
          diagnostic, unit,  smoothable, reference, description, MetricStream::Rows,
          field};
}

std::vector<MetricColumn> make_table() {
  std::vector<MetricColumn> t = {
      row("step", "Step", "step", "", A::Linear, P::All, "", "count", false,
          "Optimizer steps taken before this row was measured (the x axis).", &MetricRow::step),
      row("loss", "Training loss", "train", "loss", A::Log, P::All, "", "", true,
          "The full training loss (data sets) or f(x) (functions).", &MetricRow::loss),
      row("accuracy", "Training accuracy", "train", "accuracy", A::Linear, P::Classification, "",
          "fraction", true, "Fraction of training examples classified correctly.",
          &MetricRow::accuracy),
      row("test_loss", "Test loss", "test", "test-loss", A::Log, P::Datasets, "", "", true,
          "The loss on the held-out test split, at every evaluation.", &MetricRow::test_loss),
      row("test_accuracy", "Test accuracy", "test", "accuracy", A::Linear, P::Classification, "",
          "fraction", true, "Fraction of test examples classified correctly.",
          &MetricRow::test_accuracy),
      row("lr", "Learning rate", "lr", "lr", A::Linear, P::All, "", "", false,
          "The learning rate of the update that produced this row (after the schedule).",
          &MetricRow::lr),
      row("grad_norm", "Gradient norm", "‖g‖", "grad-norm", A::Log, P::All, "", "", true,
          "Euclidean norm of that update's raw (minibatch) gradient.", &MetricRow::grad_norm),
      row("update_norm", "Update norm", "‖Δθ‖", "update-norm", A::Log, P::All, "", "", true,
          "Euclidean norm of the parameter change of that update.", &MetricRow::update_norm),
      row("param_norm", "Parameter norm", "‖θ‖", "param-norm", A::Log, P::All, "", "", true,
          "Euclidean norm of the parameters.", &MetricRow::param_norm),
      row("x", "Position x", "x", "position", A::Linear, P::Functions, "", "", false,
          "The point's first coordinate (2-D functions).", &MetricRow::x),
      row("y", "Position y", "y", "position", A::Linear, P::Functions, "", "", false,
          "The point's second coordinate (2-D functions).", &MetricRow::y),
      row("sharpness", "Sharpness", "λ₁", "sharpness", A::Linear, P::Measured, "sharpness", "",
          false, "Largest Hessian eigenvalue of the training loss (Lanczos); compare with 2/lr.",
          &MetricRow::sharpness, "2/lr"),
      row("hessian_trace", "Hessian trace", "tr H", "hessian-trace", A::Linear, P::Measured,
          "hessian_trace", "", false, "Hutchinson's estimate of the Hessian's trace.",
          &MetricRow::hessian_trace),
      row("top_k_grad_fraction", "Gradient in the top-k eigenspace", "|Pg|²/|g|²",
          "top-k-grad-fraction", A::Linear, P::Measured, "top_k_grad_fraction", "fraction", false,
          "|P_k g|^2 / |g|^2 for the projection onto the top-k Hessian eigenvectors.",
          &MetricRow::top_k_grad_fraction),
      row("diagnostic_hvps", "Hessian-vector products per measurement", "HVPs", "diagnostic-hvps",
          A::Linear, P::Measured, "sharpness", "count", false,
          "Hessian-vector products the row's curvature measurement cost (Lanczos and "
          "Hutchinson together).",
          &MetricRow::diagnostic_hvps),
      row("update_weight_ratio", "Update / weight ratio", "|Δθ|/|θ|", "update-weight-ratio",
          A::Linear, P::Measured, "norms", "", false,
          "Norm of the update over the norm of the weights.", &MetricRow::update_weight_ratio),
      row("grad_cosine", "Cosine of consecutive gradients", "cos(g, g₋₁)", "grad-cosine", A::Linear,
          P::Measured, "norms", "", false,
          "Cosine between this and the previous training gradient.", &MetricRow::grad_cosine),
      row("update_grad_cosine", "Cosine of update and −gradient", "cos(Δθ, −g)",
          "update-grad-cosine", A::Linear, P::Measured, "norms", "", false,
          "Cosine between the update and the negative training gradient.",
          &MetricRow::update_grad_cosine),
      row("dead_relu", "Dead ReLU fraction", "dead", "dead-relu", A::Linear, P::Measured,
          "dead_relu", "fraction", false,
          "Fraction of hidden units whose output is exactly 0 on every probe example.",
          &MetricRow::dead_relu),
      row("logit_norm", "Logit norm", "|z|", "logit-norm", A::Linear, P::Measured, "logits", "",
          false, "Mean Euclidean norm of the logits over the probe examples.",
          &MetricRow::logit_norm),
      row("softmax_collapse", "Softmax collapse", "collapsed", "softmax-collapse", A::Linear,
          P::Measured, "logits", "fraction", false,
          "Fraction of probe examples whose float32 softmax rounds the true class's "
          "probability to exactly 1.",
          &MetricRow::softmax_collapse),
      row("nc1", "Neural collapse NC1: within-class variability", "NC1", "nc1", A::Log, P::Measured,
          "neural_collapse", "", false,
          "tr(Sigma_W Sigma_B^+)/C of the last hidden layer's features on the probe set: "
          "within-class covariance against the pseudo-inverse of the class means' covariance; "
          "0 at collapse (Papyan, Han, Donoho, PNAS 2020).",
          &MetricRow::nc1),
      row("nc2_equinorm", "Neural collapse NC2: equinorm", "equinorm", "nc2-equinorm", A::Log,
          P::Measured, "neural_collapse", "", false,
          "Std / mean of the norms of the centred class means |mu_c - mu_G| (last hidden "
          "layer, probe set); 0 when they are equal (Papyan, Han, Donoho, PNAS 2020).",
          &MetricRow::nc2_equinorm),
      row("nc2_equiangularity", "Neural collapse NC2: equiangularity", "equiangular",
          "nc2-equiangularity", A::Log, P::Measured, "neural_collapse", "", false,
          "Mean over pairs of classes of |cos(mu_c - mu_G, mu_c' - mu_G) + 1/(C-1)|; 0 when the "
          "centred class means form a simplex (Papyan, Han, Donoho, PNAS 2020).",
          &MetricRow::nc2_equiangularity),
      row("nc3_self_duality", "Neural collapse NC3: self-duality", "self-duality",
          "nc3-self-duality", A::Log, P::Measured, "neural_collapse", "", false,
          "|W^T/|W| - M/|M||^2 (Frobenius) between the classifier rows W and the centred class "
          "means M; 0 when the classifier aligns with the means; none for a single-output "
          "(logistic) network (Papyan, Han, Donoho, PNAS 2020).",
          &MetricRow::nc3_self_duality),
      row("dormant_fraction", "Dormant hidden units", "dormant", "dormant-fraction", A::Linear,
          P::Measured, "plasticity", "fraction", false,
          "Fraction of hidden units whose mean |activation| on the probe set, over their "
          "layer's average of it, is at most diagnostics.dormant_tau (\"The Dormant Neuron "
          "Phenomenon in Deep Reinforcement Learning\", Sokar et al., ICML 2023).",
          &MetricRow::dormant_fraction),
      row("feature_rank", "Effective rank of the features", "erank", "feature-rank", A::Linear,
          P::Measured, "plasticity", "", false,
          "exp of the entropy of the normalised singular values of the last hidden layer's "
          "features on the probe set (\"The effective rank: A measure of effective "
          "dimensionality\", Roy and Vetterli, EUSIPCO 2007).",
          &MetricRow::feature_rank),
      row("example_grad_median", "Median per-example gradient norm", "median ‖gᵢ‖",
          "example-grad-norm", A::Log, P::Measured, "example_grad_norms", "", false,
          "Median over the probe examples of the norm of each example's own loss gradient "
          "(GraNd).",
          &MetricRow::example_grad_median),
      row("example_grad_max", "Largest per-example gradient norm", "max ‖gᵢ‖", "example-grad-norm",
          A::Log, P::Measured, "example_grad_norms", "", false,
          "Largest norm of a probe example's own loss gradient (compare with the clip C of "
          "dp_sgd and dice_sgd).",
          &MetricRow::example_grad_max),
      row("ntk_distance", "NTK distance from initialisation", "distance", "ntk", A::Linear,
          P::Measured, "ntk", "", false,
          "1 - <K0, Kt>_F / (|K0|_F |Kt|_F) between the empirical neural tangent kernel on the "
          "probe examples now and at initialisation: near 0 in lazy training (Jacot, Gabriel, "
          "Hongler, 2018; Fort et al., 'Deep learning versus kernel learning', 2020).",
          &MetricRow::ntk_distance),
      row("ntk_alignment", "NTK-label alignment", "alignment", "ntk", A::Linear, P::Measured, "ntk",
          "", false,
          "<Kt, Y Y^T>_F / (|Kt|_F |Y Y^T|_F), the kernel-target alignment of the empirical NTK "
          "with the centred one-hot labels Y of the probe examples (Cristianini et al., 'On "
          "Kernel-Target Alignment', 2001).",
          &MetricRow::ntk_alignment),
      row("margin_angle", "Angle to the max-margin direction", "angle", "margin-angle", A::Log,
          P::Measured, "", "degrees", false,
          "Linear binary models (logistic loss) on separable training data: the angle between "
          "(w, b) and the max-margin direction, at every evaluation.",
          &MetricRow::margin_angle),
      row("swa_test_loss", "Test loss of the SWA weights", "SWA test", "test-loss", A::Log,
          P::Measured, "", "", true,
          "Runs with averaging.swa_every > 0: the test loss at the equal-weight average of the "
          "weights from averaging.swa_start on (SWA), beside the raw weights' test loss.",
          &MetricRow::swa_test_loss),
      row("swa_test_accuracy", "Test accuracy of the SWA weights", "SWA test", "accuracy",
          A::Linear, P::Measured, "", "fraction", true,
          "Runs with averaging.swa_every > 0 (classification): test accuracy at the SWA "
          "weights.",
          &MetricRow::swa_test_accuracy),
      row("ema_test_loss", "Test loss of the EMA weights", "EMA test", "test-loss", A::Log,
          P::Measured, "", "", true,
          "Runs with averaging.ema_decay > 0: the test loss at the exponential moving average "
          "of the weights, beside the raw weights' test loss.",
          &MetricRow::ema_test_loss),
      row("ema_test_accuracy", "Test accuracy of the EMA weights", "EMA test", "accuracy",
          A::Linear, P::Measured, "", "fraction", true,
          "Runs with averaging.ema_decay > 0 (classification): test accuracy at the EMA "
          "weights.",
          &MetricRow::ema_test_accuracy),
      row("sv1", "Top eigenvalues of U Uᵀ (matrix sensing)", "σ₁", "sensing-spectrum", A::Log,
          P::Measured, "", "", false,
          "Matrix sensing: the largest eigenvalue (= singular value) of U U^T.", &MetricRow::sv1),
      row("sv2", "Top eigenvalues of U Uᵀ (matrix sensing)", "σ₂", "sensing-spectrum", A::Log,
          P::Measured, "", "", false, "Matrix sensing: the second eigenvalue of U U^T.",
          &MetricRow::sv2),
      row("sv3", "Top eigenvalues of U Uᵀ (matrix sensing)", "σ₃", "sensing-spectrum", A::Log,
          P::Measured, "", "", false, "Matrix sensing: the third eigenvalue of U U^T.",
          &MetricRow::sv3),
      row("sensing_error", "Relative error |U Uᵀ − X*|_F / |X*|_F", "error", "sensing-error",
          A::Log, P::Measured, "", "", false,
          "Matrix sensing: the distance of U U^T to the target, relative to the target.",
          &MetricRow::sensing_error),
      row("task", "Task", "task", "task", A::Linear, P::Measured, "", "count", false,
          "Task switches: the index of the task the row's update trained on (0 before the "
          "first switch); a row is measured at every switch, so the charts mark it there.",
          &MetricRow::task),
  };
  MetricColumn batch = row("batch_loss",
                           "Minibatch loss at every step (the training loss is the full "
                           "evaluation)",
                           "minibatch", "batch-loss", A::Log, P::Datasets, "", "", true,
                           "The loss of the minibatch each step was taken on.", nullptr);
  batch.stream = MetricStream::Batch;
  t.push_back(batch);
  return t;
}

const char* scale_name(AxisScale s) { return s == AxisScale::Log ? "log" : "linear"; }

const char* produced_by_name(ProducedBy p) {
  switch (p) {
    case ProducedBy::All:
      return "all";
    case ProducedBy::Functions:
      return "functions";
    case ProducedBy::Datasets:
      return "datasets";
    case ProducedBy::Classification:
      return "classification";
    case ProducedBy::Measured:
      return "measured";
  }
  return "";
}

}  // namespace

const std::vector<MetricColumn>& metric_columns() {
  static const std::vector<MetricColumn> table = make_table();
  return table;
}

const MetricColumn* find_metric_column(const std::string& name) {
  for (const auto& c : metric_columns()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

std::vector<std::string> diagnostic_columns(const std::string& diagnostic) {
  std::vector<std::string> out;
  for (const auto& c : metric_columns()) {
    if (diagnostic == c.diagnostic) out.emplace_back(c.name);
  }
  return out;
}

nlohmann::json metric_columns_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : metric_columns()) {
    nlohmann::json e = {{"name", c.name},
                        {"title", c.title},
                        {"label", c.label},
                        {"chart", c.chart},
                        {"scale", scale_name(c.scale)},
                        {"produced_by", produced_by_name(c.produced_by)},
                        {"unit", c.unit},
                        {"smoothable", c.smoothable},
                        {"description", c.description},
                        {"stream", c.stream == MetricStream::Batch ? "batch" : "rows"}};
    e["diagnostic"] = *c.diagnostic ? nlohmann::json(c.diagnostic) : nlohmann::json();
    e["reference"] = *c.reference ? nlohmann::json(c.reference) : nlohmann::json();
    out.push_back(e);
  }
  return out;
}

}  // namespace descent
