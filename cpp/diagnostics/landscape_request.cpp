#include "diagnostics/landscape_request.h"

#include "diagnostics/landscape.h"

namespace descent {

namespace {

bool read_number(const nlohmann::json& request, const char* key, double lo, double hi, double& out,
                 nlohmann::json& error) {
  if (!request.contains(key)) return true;
  const auto& v = request.at(key);
  if (!v.is_number() || v.get<double>() < lo || v.get<double>() > hi) {
    error = {{"error", std::string(key) + " = " + v.dump() + ": expected a number from " +
                           std::to_string(lo) + " to " + std::to_string(hi)}};
    return false;
  }
  out = v.get<double>();
  return true;
}

}  // namespace

nlohmann::json landscape_json(Run& run, const nlohmann::json& request) {
  nlohmann::json error;
  if (!request.is_object()) return {{"error", "the request must be a JSON object"}};
  double dims = 1, points = 41, range = 1.0;
  if (!read_number(request, "dims", 1, 2, dims, error) ||
      !read_number(request, "points", 3, 101, points, error) ||
      !read_number(request, "range", 1e-6, 10, range, error)) {
    return error;
  }
  Rng rng(run.config().seed, Stream::Probe);
  Objective& objective = run.problem().probe_objective(run.config().diagnostics.probe_batch, rng);
  const ParamLayout& layout = run.problem().layout();
  Rng direction_rng(run.config().seed, Stream::Probe);
  const Vec d1 = filter_normalised_direction(layout, run.params(), direction_rng);
  const std::vector<double> alphas = linspace(-range, range, static_cast<int>(points));
  if (dims == 1) {
    return {{"alphas", alphas}, {"loss", slice_1d(objective, run.params(), d1, alphas)}};
  }
  const Vec d2 = filter_normalised_direction(layout, run.params(), direction_rng);
  return {{"alphas", alphas},
          {"betas", alphas},
          {"loss", slice_2d(objective, run.params(), d1, d2, alphas, alphas)}};
}

nlohmann::json interpolation_json(Run& a, Run& b, int points) {
  if (a.params().size() != b.params().size()) {
    return {{"error", "the two runs have different parameter counts"}};
  }
  if (points < 2 || points > 201) return {{"error", "points must be from 2 to 201"}};
  // Grid from -0.25 to 1.25 in steps of 1.5 / (points - 1); 0 and 1 are snapped exactly.
  std::vector<double> ts = linspace(-0.25, 1.25, points);
  for (double& t : ts) {
    if (std::abs(t) < 1e-12) t = 0.0;
    if (std::abs(t - 1.0) < 1e-12) t = 1.0;
  }
  Rng rng(a.config().seed, Stream::Probe);
  Objective& objective = a.problem().probe_objective(a.config().diagnostics.probe_batch, rng);
  return {{"t", ts}, {"loss", interpolate(objective, a.params(), b.params(), ts)}};
}

}  // namespace descent
