#include "problems/table/describe_table.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace descent {
namespace {

using nlohmann::json;

std::string problem_text(const Column& c) {
  const auto describe = [&](const CellProblem& p) {
    return p.what + " at row " + std::to_string(p.row) + " (line " + std::to_string(p.line) + ")";
  };
  if (c.type == ColumnType::Numeric && c.text_at) return describe(*c.text_at);
  if (c.missing_at) return describe(*c.missing_at);
  return {};
}

json classes_json(const Column& label) {
  json out = json::array();
  if (label.type == ColumnType::Numeric) {
    std::map<float, long> counts;
    for (float v : label.numbers) {
      if (!std::isnan(v)) ++counts[v];
    }
    for (const auto& [value, count] : counts) {
      out.push_back({{"name", number_label(value)}, {"count", count}});
    }
    return out;
  }
  std::vector<long> counts(label.levels.size(), 0);
  for (int code : label.codes) {
    if (code >= 0) ++counts[static_cast<std::size_t>(code)];
  }
  std::vector<std::size_t> order(counts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return label.levels[a] < label.levels[b]; });
  for (std::size_t i : order) out.push_back({{"name", label.levels[i]}, {"count", counts[i]}});
  return out;
}

json histogram_json(const Column& label) {
  double lo = INFINITY, hi = -INFINITY;
  for (float v : label.numbers) {
    if (std::isnan(v)) continue;
    lo = std::min(lo, static_cast<double>(v));
    hi = std::max(hi, static_cast<double>(v));
  }
  std::vector<long> counts(kLabelHistogramBins, 0);
  if (!(lo <= hi)) return {{"min", nullptr}, {"max", nullptr}, {"counts", counts}};
  const double width = (hi - lo) / kLabelHistogramBins;
  for (float v : label.numbers) {
    if (std::isnan(v)) continue;
    int bin = width > 0 ? static_cast<int>((v - lo) / width) : 0;
    ++counts[static_cast<std::size_t>(std::clamp(bin, 0, kLabelHistogramBins - 1))];
  }
  return {{"min", lo}, {"max", hi}, {"counts", counts}};
}

}  // namespace

json describe_table(const Table& table, const TableChoice& choice) {
  json out;
  out["sha256"] = table.sha256;
  out["bytes"] = table.bytes;
  out["rows"] = table.rows;
  out["delimiter"] = std::string(1, table.delimiter);
  json columns = json::array();
  for (const Column& c : table.columns) {
    const std::string problem = problem_text(c);
    columns.push_back({{"name", c.name},
                       {"type", c.type == ColumnType::Numeric ? "numeric" : "categorical"},
                       {"missing", c.missing},
                       {"levels", c.levels.size()},
                       {"problem", problem.empty() ? json(nullptr) : json(problem)}});
  }
  out["columns"] = columns;
  out["preview"] = table.preview;
  out["label"] = nullptr;
  out["features"] = 0;
  out["error"] = nullptr;
  if (auto problems = check_choice(table, choice); !problems.empty()) {
    out["error"] = problems.front().message;
    return out;
  }
  const Column& label = *table.find(choice.label);
  const Task guessed = guess_task(label);
  const Task task = choice.task == "auto"         ? guessed
                    : choice.task == "regression" ? Task::Regression
                                                  : Task::Classification;
  const auto task_name = [](Task t) {
    return t == Task::Regression ? "regression" : "classification";
  };
  json summary = {
      {"name", label.name}, {"guessed_task", task_name(guessed)}, {"task", task_name(task)}};
  if (task == Task::Classification) {
    summary["classes"] = classes_json(label);
  } else if (label.type == ColumnType::Numeric) {
    summary["histogram"] = histogram_json(label);
  }
  out["label"] = summary;
  // The same encoding a run does (with a fixed stream: the split does not change what is
  // refused), so a choice the page shows as fine is one the run accepts.
  try {
    Rng rng(0, Stream::Data);
    const Dataset d = encode_table(table, choice, rng);
    out["features"] = d.input_dim;
  } catch (const TableError& e) {
    out["error"] = e.message;
  }
  return out;
}

}  // namespace descent
