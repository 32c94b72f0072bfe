#pragma once
// A user's table (CSV or TSV with a header), read once into typed columns. The page and the
// command line read files through the same reader (read_table), so they see the same numbers.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace descent {

// A column name or a value as messages about tables quote it: 'name'.
inline std::string single_quoted(const std::string& text) { return "'" + text + "'"; }

// Bounds that keep one table within a browser tab's memory; stated in docs/config.md, "Limits".
struct TableLimits {
  static constexpr std::size_t max_bytes = std::size_t{16} * 1024 * 1024;  // the file, as read
  static constexpr int max_rows = 100'000;       // data rows (header excluded)
  static constexpr int max_columns = 1'024;      // columns in the file
  static constexpr int max_features = 1'024;     // features after one-hot
  static constexpr long max_cells = 10'000'000;  // rows x encoded features
  static constexpr int max_classes = 100;
  static constexpr int max_name_length = 256;  // a column name or a category, in bytes
};

enum class ColumnType { Numeric, Categorical };

// The first cell of a column that cannot be used as it is (the encoder reports it only if
// the column is chosen).
struct CellProblem {
  int row = 0;       // data row, 1-based (the header is row 0)
  int line = 0;      // line of the file, 1-based
  std::string text;  // the cell as written
  std::string what;  // "a missing value", "text in a numeric column", ...
};

struct Column {
  std::string name;
  // Numeric when the column's first non-missing cell is a number; every later cell must be
  // one too (or missing). Categorical otherwise.
  ColumnType type = ColumnType::Categorical;
  std::vector<float> numbers;       // Numeric: one per row (NaN where missing or not a number)
  std::vector<int> codes;           // Categorical: index into levels per row, -1 if missing
  std::vector<std::string> levels;  // Categorical: the distinct values, first seen first
  int missing = 0;                  // missing cells
  std::optional<CellProblem> missing_at;  // the first missing cell
  std::optional<CellProblem> text_at;     // Numeric: the first cell that is not a number
};

struct Table {
  std::string sha256;  // of the bytes as read
  std::size_t bytes = 0;
  char delimiter = ',';
  int rows = 0;
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> preview;  // the first rows' cells as written

  const Column* find(std::string_view name) const;
};

// Why a file cannot be read at all (a ragged row, an unclosed quote, too many columns, ...),
// with the row and column where it was found when there is one.
struct TableError {
  std::string message;
};

struct TableRead {
  std::optional<Table> table;
  std::optional<TableError> error;
};

// Reads CSV (comma or semicolon) or TSV (a tab anywhere in the header line) with a header
// row. Quoted fields as in RFC 4180 ("" inside quotes is one quote; quoted fields may hold
// delimiters and line breaks). A UTF-8 byte order mark is skipped, CRLF and LF both end a
// line, and blank lines are skipped. Missing values: an empty cell, NA, N/A, NaN, null or ?
// (any case). Never throws; every refusal names the row (and line) and the column.
TableRead read_table(std::string_view bytes, std::size_t preview_rows = 10);

}  // namespace descent
