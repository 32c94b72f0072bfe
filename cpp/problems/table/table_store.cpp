#include "problems/table/table_store.h"

#include <deque>
#include <utility>

#include "problems/table/sha256.h"

namespace descent {
namespace {

// Oldest first. One per process: in the page, one per worker (each has its own core).
std::deque<std::shared_ptr<const Table>>& stored() {
  static std::deque<std::shared_ptr<const Table>> tables;
  return tables;
}

}  // namespace

TableRegistration register_table(std::string_view bytes) {
  if (bytes.size() <= TableLimits::max_bytes) {
    if (auto kept = find_table(sha256_hex(bytes))) return {kept, {}};
  }
  TableRead read = read_table(bytes);
  if (!read.table) return {nullptr, read.error->message};
  auto table = std::make_shared<const Table>(std::move(*read.table));
  auto& tables = stored();
  tables.push_back(table);
  while (tables.size() > static_cast<std::size_t>(kMaxStoredTables)) tables.pop_front();
  return {table, {}};
}

std::shared_ptr<const Table> find_table(const std::string& sha256) {
  for (const auto& t : stored()) {
    if (t->sha256 == sha256) return t;
  }
  return nullptr;
}

}  // namespace descent
