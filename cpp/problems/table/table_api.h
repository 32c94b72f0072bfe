#pragma once
// The table calls the page makes through the bindings, as JSON text in and out (the same
// style as validate()): register a dropped file, and describe a choice of columns.
#include <string>

namespace descent {

// {"ok": true, "sha256", "bytes", "rows", "columns"} or {"ok": false, "error": message}.
std::string register_table_json(const std::string& bytes);

// describe_table for the registered table `sha256` and a choice {"label", "features",
// "task", "test_fraction"} (each optional; label defaults to the last column), wrapped as
// {"ok": true, "table": {...}} or {"ok": false, "error"}.
std::string describe_table_json(const std::string& sha256, const std::string& choice_text);

}  // namespace descent
