#include "table_file.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "problems/table/table_store.h"

namespace descent {

std::optional<FieldError> load_table_file(std::string& config_text,
                                          const std::string& config_path) {
  using nlohmann::json;
  json root = json::parse(config_text, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object() || !root.contains("problem") || !root["problem"].is_object()) {
    return std::nullopt;
  }
  json& problem = root["problem"];
  if (problem.value("kind", json()) != "table" || !problem.contains("path") ||
      !problem["path"].is_string()) {
    return std::nullopt;
  }
  std::string path = problem["path"].get<std::string>();
  if (!path.empty() && path[0] != '/' && config_path != "-") {
    const auto slash = config_path.find_last_of('/');
    if (slash != std::string::npos) path = config_path.substr(0, slash + 1) + path;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return FieldError{"problem.path", "cannot read the table " + path};
  std::stringstream buffer;
  buffer << in.rdbuf();
  const TableRegistration registered = register_table(buffer.str());
  if (!registered.table) return FieldError{"problem.path", path + ": " + registered.error};
  const std::string& hash = registered.table->sha256;
  if (problem.contains("sha256") && problem["sha256"] != hash) {
    return FieldError{"problem.sha256", path + " has SHA-256 " + hash + ", but the config names " +
                                            problem["sha256"].dump() +
                                            ": a different file; refusing to train on other data"};
  }
  problem["sha256"] = hash;
  config_text = root.dump();
  return std::nullopt;
}

}  // namespace descent
