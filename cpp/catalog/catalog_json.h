#pragma once
// The whole catalog as JSON: what `descent catalog` prints and what the web page renders its
// forms from (see web/src/core/descent-module.d.ts for the shape).
#include <nlohmann/json.hpp>

#include "catalog/spec.h"

namespace descent {

nlohmann::json catalog_json();
nlohmann::json citation_json(const Citation& c);
nlohmann::json params_json(const std::vector<ParamSpec>& specs);

}  // namespace descent
