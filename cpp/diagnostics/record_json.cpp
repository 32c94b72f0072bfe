#include "diagnostics/record_json.h"

namespace descent {

nlohmann::json record_json(const DiagnosticRecord& r, const ParamLayout& layout) {
  nlohmann::json out = {{"step", r.step}, {"hvps", r.hvps}};
  if (!r.eigenvalues.empty()) out["eigenvalues"] = r.eigenvalues;
  if (r.trace != 0 || r.trace_standard_error != 0) {
    out["trace"] = r.trace;
    out["trace_standard_error"] = r.trace_standard_error;
  }
  if (!r.layers.empty()) {
    nlohmann::json layers = nlohmann::json::array();
    for (std::size_t i = 0; i < r.layers.size() && i < layout.tensors.size(); ++i) {
      const LayerStats& s = r.layers[i];
      layers.push_back({{"name", layout.tensors[i].name},
                        {"grad_norm", s.grad_norm},
                        {"weight_norm", s.weight_norm},
                        {"update_norm", s.update_norm},
                        {"update_ratio", s.weight_norm > 0 ? s.update_norm / s.weight_norm : 0.0}});
    }
    out["layers"] = layers;
  }
  if (!r.effective_lr_counts.empty()) {
    out["effective_lr"] = {{"log10_edges", r.effective_lr_edges},
                           {"counts", r.effective_lr_counts}};
  }
  if (!r.density.density.empty()) {
    out["hessian_density"] = {{"edges", r.density.edges},
                              {"density", r.density.density},
                              {"nodes", r.density_nodes},
                              {"weights", r.density_weights}};
  }
  if (!r.example_grad_counts.empty()) {
    out["example_grad_norms"] = {{"edges", r.example_grad_edges},
                                 {"counts", r.example_grad_counts}};
  }
  return out;
}

}  // namespace descent
