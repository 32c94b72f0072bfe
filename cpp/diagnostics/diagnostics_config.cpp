#include "diagnostics/diagnostics_config.h"

#include "catalog/catalog_json.h"
#include "catalog/cite.h"
#include "run/metric_columns.h"

namespace descent {

const std::vector<ParamSpec>& diagnostics_params() {
  static const std::vector<ParamSpec> specs = {
      integer("every", 0, 0, 1e6, "Steps between measurements; 0 turns diagnostics off.", true),
      integer("top_k", 0, 0, 10,
              "Top Hessian eigenvalues by Lanczos (the first is the sharpness); 0: none."),
      integer("lanczos_steps", 20, 2, 200,
              "Lanczos iterations per measurement, one Hessian-vector product each.", true),
      integer("hutchinson_probes", 0, 0, 200,
              "Rademacher probes of Hutchinson's trace estimator (one HVP each); 0: no trace.",
              true),
      integer("probe_batch", 0, 0, 8192,
              "Examples the diagnostics are measured on: 0 = the whole training set, k = a "
              "fixed set of k training examples drawn once from the probe stream.",
              true),
      boolean("stats", false,
              "Per-layer and global norms, update/weight ratios, gradient cosines, the "
              "effective-learning-rate histogram, dead ReLUs, logit norm, softmax collapse, "
              "per-example gradient norms."),
      integer("histogram_bins", 24, 4, 100, "Bins of the effective-learning-rate histogram."),
      integer("density_probes", 0, 0, 50,
              "Rademacher probes of the Hessian eigenvalue density (stochastic Lanczos "
              "quadrature); 0: no density.",
              true),
      integer("density_steps", 30, 2, 200,
              "Lanczos steps per density probe (one HVP each; capped at the parameter count).",
              true),
      integer("density_bins", 200, 16, 1000, "Bins of the grid the density is drawn on."),
      real("density_broadening", 0.01, 1e-4, 0.5,
           "Width of the Gaussian each Ritz value is spread by, as a fraction of the spectrum's "
           "span (largest minus smallest Ritz value).",
           true),
      boolean("neural_collapse", false,
              "Neural-collapse metrics NC1-NC3 of the last hidden layer on the probe set "
              "(classification networks with a hidden layer)."),
      boolean("plasticity", false,
              "Plasticity: the fraction of dormant hidden units and the effective rank of the "
              "last hidden layer's features on the probe set (networks with a hidden layer)."),
      real("dormant_tau", 0.025, 0.0, 0.5,
           "A hidden unit is dormant when its mean |activation| over the probe set, divided by "
           "its layer's average of that mean, is at most this (0: exactly silent units)."),
      integer("ntk_examples", 0, 0, 64,
              "Probe examples the empirical neural tangent kernel is measured on (the first k "
              "of the probe set): its distance from the kernel at initialisation and its "
              "alignment with the labels; 0: no NTK.",
              true),
  };
  return specs;
}

DiagnosticsConfig diagnostics_from(const ParamValues& v) {
  DiagnosticsConfig c;
  c.every = v.get_int("every");
  c.top_k = v.get_int("top_k");
  c.lanczos_steps = v.get_int("lanczos_steps");
  c.hutchinson_probes = v.get_int("hutchinson_probes");
  c.probe_batch = v.get_int("probe_batch");
  c.stats = v.get_bool("stats");
  c.histogram_bins = v.get_int("histogram_bins");
  c.density_probes = v.get_int("density_probes");
  c.density_steps = v.get_int("density_steps");
  c.density_bins = v.get_int("density_bins");
  c.density_broadening = v.get("density_broadening");
  c.neural_collapse = v.get_bool("neural_collapse");
  c.plasticity = v.get_bool("plasticity");
  c.dormant_tau = v.get("dormant_tau");
  c.ntk_examples = v.get_int("ntk_examples");
  return c;
}

ParamValues diagnostics_values(const DiagnosticsConfig& c) {
  ParamValues v;
  v.numbers = {{"every", c.every},
               {"top_k", c.top_k},
               {"lanczos_steps", c.lanczos_steps},
               {"hutchinson_probes", c.hutchinson_probes},
               {"probe_batch", c.probe_batch},
               {"stats", c.stats ? 1.0 : 0.0},
               {"histogram_bins", c.histogram_bins},
               {"density_probes", c.density_probes},
               {"density_steps", c.density_steps},
               {"density_bins", c.density_bins},
               {"density_broadening", c.density_broadening},
               {"neural_collapse", c.neural_collapse ? 1.0 : 0.0},
               {"plasticity", c.plasticity ? 1.0 : 0.0},
               {"dormant_tau", c.dormant_tau},
               {"ntk_examples", c.ntk_examples}};
  return v;
}

namespace {

// The columns an entry measures come from the metric table (run/metric_columns.cpp), where
// each column names its diagnostic.
nlohmann::json diagnostic(const char* name, const char* title, const char* description,
                          const char* cost, const Citation& citation) {
  return {{"name", name},
          {"title", title},
          {"description", description},
          {"columns", diagnostic_columns(name)},
          {"cost", cost},
          {"citation", citation_json(citation)}};
}

}  // namespace

nlohmann::json diagnostics_catalog_json() {
  using nlohmann::json;
  const Citation eos =
      cite("Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability",
           "Cohen, Kaur, Li, Kolter, Talwalkar", 2021, "ICLR 2021");
  json entries = json::array({
      diagnostic("sharpness", "Sharpness and top-k eigenvalues",
                 "The largest Hessian eigenvalues of the training loss by the Lanczos iteration "
                 "on exact Hessian-vector products; compare the sharpness with 2/lr.",
                 "lanczos_steps HVPs per measurement", eos),
      diagnostic("hessian_trace", "Hessian trace (Hutchinson)",
                 "tr(H) = E[z^T H z] over Rademacher z; the standard error is reported with "
                 "the eigenvalues.",
                 "hutchinson_probes HVPs per measurement",
                 cite("A Stochastic Estimator of the Trace of the Influence Matrix for Laplacian "
                      "Smoothing Splines",
                      "Hutchinson", 1989, "Communications in Statistics")),
      diagnostic("top_k_grad_fraction", "Gradient in the top-k eigenspace",
                 "|P g|^2 / |g|^2 for the projection onto the top-k Hessian eigenvectors.",
                 "1 gradient per measurement (with top_k)",
                 cite("Gradient Descent Happens in a Tiny Subspace", "Gur-Ari, Roberts, Dyer", 2018,
                      "arXiv:1812.04754")),
      diagnostic("hessian_density", "Hessian eigenvalue density (stochastic Lanczos quadrature)",
                 "For each Rademacher probe, density_steps Lanczos steps on exact Hessian-vector "
                 "products give Ritz values with weights (squared first components of the "
                 "tridiagonal's eigenvectors): a quadrature of the spectrum seen from the probe. "
                 "Averaged over the probes and broadened by a Gaussian, they give the density "
                 "of Hessian eigenvalues, drawn on a grid in the diagnostic records. Its "
                 "integral is 1; its mean and second moment estimate tr(H)/n and tr(H^2)/n.",
                 "density_probes x density_steps HVPs per measurement",
                 cite("An Investigation into Neural Net Optimization via Hessian Eigenvalue "
                      "Density",
                      "Ghorbani, Krishnan, Xiao", 2019, "ICML 2019")),
      diagnostic("norms", "Norms, ratios and cosines",
                 "Per layer and global: gradient and weight norms, update-to-weight ratio; "
                 "cosine between consecutive training gradients and between the update and "
                 "the negative gradient.",
                 "no extra evaluation (a copy of the gradient per step)",
                 cite("Large Batch Training of Convolutional Networks", "You, Gitman, Ginsburg",
                      2017, "arXiv:1708.03888")),
      diagnostic(
          "effective_lr", "Effective per-coordinate learning rates",
          "A histogram of lr / (sqrt(v_hat) + 1e-8), v the bias-corrected EMA "
          "(beta2 = 0.999) of squared training gradients kept by the diagnostics "
          "(Adam's rule, whatever the optimizer).",
          "no extra evaluation",
          cite("Adam: A Method for Stochastic Optimization", "Kingma, Ba", 2015, "ICLR 2015")),
      diagnostic(
          "dead_relu", "Dead ReLU fraction",
          "Fraction of hidden units whose output is exactly 0 on every probe example.",
          "1 forward pass per measurement",
          cite("Dying ReLU and Initialization: Theory and Numerical Examples",
               "Lu, Shin, Su, Karniadakis", 2020, "Communications in Computational Physics")),
      diagnostic("logits", "Logit norm and softmax collapse",
                 "Mean Euclidean norm of the logits; fraction of probe examples whose softmax, "
                 "computed in float32, rounds the true class's probability to exactly 1 (their "
                 "loss and gradient vanish); with the stablemax loss, StableMax's probability.",
                 "1 forward pass per measurement",
                 cite("Grokking at the Edge of Numerical Stability",
                      "Prieto, Barsbey, Mediano, Birdal", 2025, "ICLR 2025")),
      diagnostic("neural_collapse", "Neural collapse (NC1-NC3)",
                 "On the last hidden layer's features of the probe examples: NC1 = "
                 "tr(Sigma_W Sigma_B^+)/C, the within-class variability against the spread of "
                 "the class means; NC2, how far the centred class means are from equal norms "
                 "and from the simplex angle cos = -1/(C-1); NC3, the distance between the "
                 "normalised classifier rows and the normalised centred class means. All tend "
                 "to 0 in the terminal phase of training (past zero training error).",
                 "1 forward pass per measurement",
                 cite("Prevalence of neural collapse during the terminal phase of deep learning "
                      "training",
                      "Papyan, Han, Donoho", 2020, "PNAS 2020")),
      diagnostic("plasticity", "Plasticity: dormant units and feature rank",
                 "On the probe set: the fraction of hidden units (all hidden layers) whose mean "
                 "|activation|, divided by the mean of that over their layer, is at most "
                 "dormant_tau (Sokar et al.'s tau-dormant units); and the effective rank of the "
                 "last hidden layer's feature matrix, exp of the entropy of its normalised "
                 "singular values (Roy and Vetterli, 2007). Both are read as signs of lost "
                 "plasticity: dormant units rise and the rank falls.",
                 "1 forward pass and one width x width eigenvalue problem per measurement",
                 cite("The Dormant Neuron Phenomenon in Deep Reinforcement Learning",
                      "Sokar, Agarwal, Castro, Evci", 2023, "ICML 2023")),
      diagnostic("ntk", "Empirical neural tangent kernel",
                 "K = sum_k J_k J_k^T on the first ntk_examples probe examples (J_k: output k's "
                 "Jacobian over the trained parameters, a row per example from an exact "
                 "vector-Jacobian product; the trace over outputs of the full kernel). "
                 "ntk_distance = 1 - <K0, Kt>/(|K0| |Kt|), from the kernel at initialisation "
                 "(Fort et al., 2020, 'Deep learning versus kernel learning'); ntk_alignment = "
                 "<Kt, Y Y^T>/(|Kt| |Y Y^T|) with Y the centred one-hot labels (Cristianini et "
                 "al., 2001, 'On Kernel-Target Alignment'). Lazy training keeps the distance "
                 "near 0; rich training moves the kernel toward the labels.",
                 "ntk_examples x outputs backward passes of one example, plus ntk_examples^2 x "
                 "outputs x parameters / 2 multiply-adds, per measurement (and once at step 0)",
                 cite("Neural Tangent Kernel: Convergence and Generalization in Neural Networks",
                      "Jacot, Gabriel, Hongler", 2018, "NeurIPS 2018")),
      diagnostic("example_grad_norms", "Per-example gradient norms",
                 "Norm of each probe example's own loss gradient (GraNd), exact by the dense "
                 "layers' outer-product form |d|^2 (|a|^2 + 1); median, largest, and a "
                 "histogram. Networks without LayerNorm, with stats on.",
                 "1 forward and backward pass per measurement",
                 cite("Deep Learning on a Data Diet: Finding Important Examples Early in "
                      "Training",
                      "Paul, Ganguli, Dziugaite", 2021, "NeurIPS 2021")),
      diagnostic("landscape", "Loss landscape slices",
                 "Loss along 1-D and 2-D slices around the weights in random filter-normalised "
                 "directions, and along the straight line between two runs' weights.",
                 "one loss evaluation per point",
                 cite("Visualizing the Loss Landscape of Neural Nets",
                      "Li, Xu, Taylor, Studer, Goldstein", 2018, "NeurIPS 2018")),
  });
  return {{"params", params_json(diagnostics_params())}, {"entries", entries}};
}

}  // namespace descent
