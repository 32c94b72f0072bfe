#pragma once
// What the page shows before training on a table: its columns and their types, the first
// rows, and the label's class balance or histogram. Computed here so the page shows the
// core's numbers, never its own.
#include <nlohmann/json.hpp>

#include "problems/table/table_choice.h"

namespace descent {

constexpr int kLabelHistogramBins = 20;

// {"sha256", "bytes", "rows", "delimiter", "columns": [{"name", "type", "missing", "levels",
//  "problem"}], "preview": [[cells]], "label": {"name", "guessed_task", "task", "classes":
//  [{"name", "count"}] | "histogram": {"min", "max", "counts"}}, "features": encoded width,
//  "error": why this choice cannot be trained on, or null}.
nlohmann::json describe_table(const Table& table, const TableChoice& choice);

}  // namespace descent
