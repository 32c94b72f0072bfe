// libFuzzer target: the table reader, the description the page shows and the encoder, on
// arbitrary bytes. Beyond "no crash, no sanitizer report": a file is either read or refused
// with a message; a read table's columns each hold one value per row with codes within their
// levels; its description serialises as JSON (every name valid UTF-8); an encoding either
// succeeds with finite features and labels within the classes, or is refused with a message.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "problems/table/describe_table.h"
#include "problems/table/table_choice.h"

namespace {
void require(bool condition) {
  if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const descent::TableRead read = descent::read_table(bytes);
  require(read.table.has_value() != read.error.has_value());
  if (read.error) {
    require(!read.error->message.empty());
    return 0;
  }
  const descent::Table& table = *read.table;
  require(table.rows > 0 && !table.columns.empty());
  for (const descent::Column& c : table.columns) {
    const bool numeric = c.type == descent::ColumnType::Numeric;
    require((numeric ? c.numbers.size() : c.codes.size()) == static_cast<std::size_t>(table.rows));
    for (int code : c.codes) require(code >= -1 && code < static_cast<int>(c.levels.size()));
  }
  // Each column as the label in turn (a few), with every other column as features.
  for (std::size_t k = 0; k < table.columns.size() && k < 4; ++k) {
    descent::TableChoice choice;
    choice.label = table.columns[table.columns.size() - 1 - k].name;
    choice.test_fraction = 0.25;
    const nlohmann::json described = descent::describe_table(table, choice);
    require(!described.dump().empty());  // throws (and aborts) on invalid UTF-8
    try {
      descent::Rng rng(1, descent::Stream::Data);
      const descent::Dataset d = descent::encode_table(table, choice, rng);
      require(d.n_train() + d.n_test() == table.rows);
      require(d.x_train.rows() == d.input_dim && d.input_dim >= 1);
      require(d.x_train.allFinite() && d.x_test.allFinite());
      for (int label : d.label_train) require(label >= 0 && label < d.output_dim);
      for (int label : d.label_test) require(label >= 0 && label < d.output_dim);
      require(d.y_train.allFinite() && d.y_test.allFinite());
    } catch (const descent::TableError& e) {
      require(!e.message.empty());
    }
  }
  return 0;
}
