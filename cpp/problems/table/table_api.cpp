#include "problems/table/table_api.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "problems/table/describe_table.h"
#include "problems/table/table_store.h"

namespace descent {

using nlohmann::json;

std::string register_table_json(const std::string& bytes) {
  const TableRegistration r = register_table(bytes);
  if (!r.table) return json({{"ok", false}, {"error", r.error}}).dump();
  return json({{"ok", true},
               {"sha256", r.table->sha256},
               {"bytes", r.table->bytes},
               {"rows", r.table->rows},
               {"columns", r.table->columns.size()}})
      .dump();
}

std::string describe_table_json(const std::string& sha256, const std::string& choice_text) {
  const auto table = find_table(sha256);
  if (!table)
    return json({{"ok", false}, {"error", "no table with this SHA-256 is loaded"}}).dump();
  const json c = json::parse(choice_text, nullptr, /*allow_exceptions=*/false);
  if (!c.is_object()) return json({{"ok", false}, {"error", "the choice is not an object"}}).dump();
  TableChoice choice;
  choice.sha256 = sha256;
  choice.label = table->columns.back().name;
  if (c.contains("label") && c["label"].is_string()) choice.label = c["label"];
  if (c.contains("features") && c["features"].is_array()) {
    for (const json& f : c["features"]) {
      if (f.is_string()) choice.features.push_back(f.get<std::string>());
    }
  }
  if (c.contains("task") && c["task"].is_string()) choice.task = c["task"];
  if (c.contains("test_fraction") && c["test_fraction"].is_number()) {
    const double t = c["test_fraction"].get<double>();
    if (std::isfinite(t)) choice.test_fraction = t;
  }
  return json({{"ok", true}, {"table", describe_table(*table, choice)}}).dump();
}

}  // namespace descent
