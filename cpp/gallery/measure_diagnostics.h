#pragma once
// Claim checks that read a run's diagnostic arrays (eigenvalues, densities), not only its
// metric rows.
#include <nlohmann/json.hpp>
#include <vector>

#include "diagnostics/diagnostics.h"
#include "gallery/measure.h"

namespace descent {

// run_config, also appending the run's diagnostic records (in step order) to `records` when
// it is not null.
RunOutcome run_config(const nlohmann::json& config, std::vector<DiagnosticRecord>* records);

}  // namespace descent
