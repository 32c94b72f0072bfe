#pragma once
// The run config's table problem: "problem": {"kind": "table", "sha256": ..., "label": ...,
// "features": [...], "task": ..., "test_fraction": ..., "path": ...}. The table itself must
// already be registered (table_store.h) under that hash: the command line reads problem.path
// first, the page registers the file the user dropped.
#include <nlohmann/json.hpp>
#include <vector>

#include "optim/optimizer.h"
#include "problems/table/table_choice.h"

namespace descent {

// Reads and checks the problem object against the registered table. The normal form is
// explicit: the features listed and the task resolved ("auto" becomes what it stands for).
std::vector<FieldError> read_table_problem(const nlohmann::json& problem, TableChoice& out);

// Without "kind" (the caller adds it).
nlohmann::json table_problem_to_json(const TableChoice& choice);

}  // namespace descent
