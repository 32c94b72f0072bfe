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
// controls, and a share-link state in the page's AppState shape.
nlohmann::json gallery_json();
nlohmann::json demo_json(const Demo& demo);
nlohmann::json claim_json(const Demo& demo, const ClaimReport& report);

}  // namespace descent
