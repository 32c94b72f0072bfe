#include "run/table_config.h"

#include <cmath>
#include <set>

#include "problems/table/sha256.h"
#include "problems/table/table_store.h"

namespace descent {
namespace {

using nlohmann::json;

std::string short_text(const json& value) {
  std::string text = value.dump();
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

// A column name as the table reader allows it.
bool is_name(const json& v) {
  return v.is_string() && !v.get<std::string>().empty() &&
         v.get<std::string>().size() <= static_cast<std::size_t>(TableLimits::max_name_length);
}

}  // namespace

std::vector<FieldError> read_table_problem(const json& problem, TableChoice& out) {
  std::vector<FieldError> errors;
  static const std::set<std::string> known = {"kind",     "sha256", "path",         "label",
                                              "features", "task",   "test_fraction"};
  for (auto it = problem.begin(); it != problem.end(); ++it) {
    if (!known.count(it.key())) {
      errors.push_back(
          {"problem." + it.key(), "unknown field '" + it.key() +
                                      "' in a table problem; allowed: "
                                      "features, kind, label, path, sha256, task, test_fraction"});
    }
  }
  if (problem.contains("path")) {
    const json& p = problem.at("path");
    if (p.is_string() && p.get<std::string>().size() <= 4096) {
      out.path = p.get<std::string>();
    } else {
      errors.push_back({"problem.path",
                        "problem.path = " + short_text(p) + ": expected a file path (a string)"});
    }
  }
  if (!problem.contains("sha256") || !problem.at("sha256").is_string() ||
      !is_sha256_hex(problem.at("sha256").get<std::string>())) {
    errors.push_back(
        {"problem.sha256", "problem.sha256 = " +
                               (problem.contains("sha256") ? short_text(problem.at("sha256"))
                                                           : std::string("(missing)")) +
                               ": expected the table's SHA-256, 64 lowercase hex digits"});
  } else {
    out.sha256 = problem.at("sha256").get<std::string>();
  }
  if (!problem.contains("label") || !is_name(problem.at("label"))) {
    errors.push_back({"problem.label", "problem.label: expected the label column's name"});
  } else {
    out.label = problem.at("label").get<std::string>();
  }
  if (problem.contains("features")) {
    const json& f = problem.at("features");
    bool ok = f.is_array() && f.size() <= static_cast<std::size_t>(TableLimits::max_columns);
    for (std::size_t i = 0; ok && i < f.size(); ++i) ok = is_name(f[i]);
    if (ok) {
      out.features = f.get<std::vector<std::string>>();
    } else {
      errors.push_back(
          {"problem.features", "problem.features: expected a list of at most 1024 column names"});
    }
  }
  if (problem.contains("task")) {
    const json& t = problem.at("task");
    if (t == "auto" || t == "classification" || t == "regression") {
      out.task = t.get<std::string>();
    } else {
      errors.push_back({"problem.task", "problem.task = " + short_text(t) +
                                            ": expected \"auto\", \"classification\" or "
                                            "\"regression\""});
    }
  }
  if (problem.contains("test_fraction")) {
    const json& t = problem.at("test_fraction");
    if (t.is_number() && std::isfinite(t.get<double>()) && t.get<double>() >= 0.0 &&
        t.get<double>() <= 0.9) {
      out.test_fraction = t.get<double>();
    } else {
      errors.push_back({"problem.test_fraction", "problem.test_fraction = " + short_text(t) +
                                                     ": expected a number from 0 to 0.9"});
    }
  }
  if (!errors.empty()) return errors;

  const auto table = find_table(out.sha256);
  if (!table) {
    errors.push_back(
        {"problem.sha256", "problem.sha256 = " + out.sha256.substr(0, 12) +
                               "...: no table with this SHA-256 is loaded (the command line reads "
                               "problem.path; the page asks for the file)"});
    return errors;
  }
  for (const ChoiceProblem& p : check_choice(*table, out)) errors.push_back({p.field, p.message});
  if (!errors.empty()) return errors;
  out.features = chosen_features(*table, out);
  if (out.task == "auto") {
    out.task =
        guess_task(*table->find(out.label)) == Task::Regression ? "regression" : "classification";
  }
  return errors;
}

json table_problem_to_json(const TableChoice& choice) {
  json out = {{"sha256", choice.sha256},
              {"label", choice.label},
              {"features", choice.features},
              {"task", choice.task},
              {"test_fraction", choice.test_fraction}};
  if (!choice.path.empty()) out["path"] = choice.path;
  return out;
}

}  // namespace descent
