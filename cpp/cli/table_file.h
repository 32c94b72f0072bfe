#pragma once
// The command line's side of table problems: reads the file at problem.path (relative to the
// config's folder), checks it against problem.sha256 when the config names one, and
// registers it, so that the core's config validation finds the table by its hash.
#include <optional>
#include <string>

#include "optim/optimizer.h"

namespace descent {

// Rewrites `config_text` with problem.sha256 filled in from the file. Returns an error for an
// unreadable or malformed file, or a file whose hash is not the one the config names (never
// trains on other data). Configs without a table path are left as they are.
std::optional<FieldError> load_table_file(std::string& config_text, const std::string& config_path);

}  // namespace descent
