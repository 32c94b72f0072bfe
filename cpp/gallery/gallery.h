#pragma once
// The gallery of reproducible demos (cpp/gallery/demos/, a file each).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gallery/demo.h"

namespace descent {

const std::vector<Demo>& gallery_demos();
const Demo* find_demo(const std::string& name);

// Every demo as JSON: name, title, claim, paper, runs (normalised configs), plots, live
// controls, and how the runs share a page: "settings" (the run-config keys one page holds
// once) and "groups" (run indices that agree on them, at most PageLimits::max_runs a group, in
// the demo's order; one link each). The page turns the
// configs into its own state (web/src/gallery/demo-state.ts).
nlohmann::json gallery_json();
nlohmann::json demo_json(const Demo& demo);
// What is wrong with a demo's definition, one message each (empty when nothing is): a run
// config that does not validate, a live control that names no setting of any run's config.
std::vector<std::string> demo_problems(const Demo& demo);

nlohmann::json claim_json(const Demo& demo, const ClaimReport& report);

}  // namespace descent
