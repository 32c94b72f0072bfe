#pragma once
// The "diagnostics" section of a run config: what to measure and how often. Its fields are
// catalog specs (validated like hyperparameters, errors name the field), and the catalog
// lists every diagnostic with its metric columns, cost and paper.
#include <nlohmann/json.hpp>
#include <vector>

#include "catalog/spec.h"

namespace descent {

struct DiagnosticsConfig {
  int every = 0;              // steps between measurements; 0 = off
  int top_k = 0;              // top Hessian eigenvalues (Lanczos); 0 = no curvature
  int lanczos_steps = 20;     // Lanczos iterations (= HVPs) per measurement
  int hutchinson_probes = 0;  // Hutchinson trace probes (= HVPs) per measurement
  int probe_batch = 0;        // 0: the full training set; k: a fixed set of k examples
  bool stats = false;         // norms, ratios, cosines, effective rates, activations
  int histogram_bins = 24;    // bins of the effective-learning-rate histogram
  // Hessian eigenvalue density by stochastic Lanczos quadrature (diagnostics/spectral_density.h)
  int density_probes = 0;            // probes; 0 = no density
  int density_steps = 30;            // Lanczos steps per probe
  int density_bins = 200;            // bins of the broadened density's grid
  double density_broadening = 0.01;  // Gaussian width as a fraction of the spectrum's span
  bool neural_collapse = false;  // NC1-NC3 of the last hidden layer (diagnostics/neural_collapse.h)
  bool plasticity = false;       // dormant units and feature rank (diagnostics/plasticity.h)
  double dormant_tau = 0.025;    // a unit is dormant when its normalised activation is <= this
  int ntk_examples = 0;  // probe examples of the empirical NTK (diagnostics/ntk.h); 0 = none
  bool enabled() const { return every > 0; }
  bool curvature() const {
    return enabled() && (top_k > 0 || hutchinson_probes > 0 || density_probes > 0);
  }
  int hvps_per_measurement() const {
    return (top_k > 0 ? lanczos_steps : 0) + hutchinson_probes + density_probes * density_steps;
  }
};

const std::vector<ParamSpec>& diagnostics_params();
DiagnosticsConfig diagnostics_from(const ParamValues& values);
ParamValues diagnostics_values(const DiagnosticsConfig& config);

// The diagnostics catalog: name, title, description, metric columns, cost, paper.
nlohmann::json diagnostics_catalog_json();

}  // namespace descent
