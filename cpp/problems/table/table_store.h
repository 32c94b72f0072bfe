#pragma once
// The tables this process has read, by the SHA-256 of their bytes. A run config names its
// table by hash, so a config can only ever train on the very bytes it names: the page
// registers a dropped file (in every worker), the command line the file at problem.path.
#include <memory>
#include <string>
#include <string_view>

#include "problems/table/table.h"

namespace descent {

// The most tables kept at once; registering another forgets the least recently registered.
constexpr int kMaxStoredTables = 4;

struct TableRegistration {
  std::shared_ptr<const Table> table;  // null on error
  std::string error;
};

// Reads `bytes` (read_table) and keeps the table under its hash. Registering the same bytes
// again returns the kept table.
TableRegistration register_table(std::string_view bytes);

// The kept table with this hash, or null.
std::shared_ptr<const Table> find_table(const std::string& sha256);

}  // namespace descent
