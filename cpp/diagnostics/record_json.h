#pragma once
// A diagnostic record as JSON (the CLI's {"diagnostics": ...} lines and takeDiagnostics()).
#include <nlohmann/json.hpp>

#include "core/param_layout.h"
#include "diagnostics/diagnostics.h"

namespace descent {

// {"step", "eigenvalues": [...], "trace", "trace_standard_error", "hvps",
//  "layers": [{"name", "grad_norm", "weight_norm", "update_norm", "update_ratio"}],
//  "effective_lr": {"log10_edges": [...], "counts": [...]},
//  "example_grad_norms": {"edges": [...], "counts": [...]},
//  "hessian_density": {"edges": [...], "density": [...], "nodes": [...], "weights": [...]}};
// absent parts are omitted.
nlohmann::json record_json(const DiagnosticRecord& record, const ParamLayout& layout);

}  // namespace descent
