// The CSV/TSV reader: one pass over the bytes, fields split by a small state machine (RFC 4180
// quoting), each cell typed into its column as it is read, so a 100,000-row file never holds
// its cells as strings.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <utility>

#include "problems/table/number_text.h"
#include "problems/table/sha256.h"
#include "problems/table/table.h"

namespace descent {

const Column* Table::find(std::string_view name) const {
  for (const Column& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

namespace {

std::string where(int row, int line) {
  return "row " + std::to_string(row) + " (line " + std::to_string(line) + ")";
}

// Splits the bytes into records of fields. `line` is the line on which the current record
// starts (1-based); a quoted field may span lines.
class Records {
 public:
  Records(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

  bool done() const { return pos_ >= text_.size(); }
  int line() const { return record_line_; }

  // Reads the next record into `fields`. Returns an error message (without position) if
  // the record is malformed; `bad_field` is then the index of the field at fault.
  std::optional<std::string> next(std::vector<std::string>& fields, bool& blank,
                                  std::size_t& bad_field) {
    fields.clear();
    record_line_ = line_;
    blank = false;
    std::string field;
    bool was_quoted = false;
    for (;;) {
      if (pos_ >= text_.size()) {
        fields.push_back(std::move(field));
        blank = fields.size() == 1 && fields[0].empty() && !was_quoted;
        return std::nullopt;
      }
      char c = text_[pos_];
      if (c == '"' && field.empty() && !was_quoted) {
        was_quoted = true;
        ++pos_;
        bool closed = false;
        while (pos_ < text_.size()) {
          char q = text_[pos_++];
          if (q == '"') {
            if (pos_ < text_.size() && text_[pos_] == '"') {
              field.push_back('"');
              ++pos_;
            } else {
              closed = true;
              break;
            }
          } else {
            if (q == '\n') ++line_;
            field.push_back(q);
          }
        }
        if (!closed) {
          bad_field = fields.size();
          return std::string("a quoted field is not closed before the end of the file");
        }
        // After the closing quote: a delimiter, the end of the line or of the file.
        if (pos_ < text_.size() && text_[pos_] != delimiter_ && text_[pos_] != '\n' &&
            text_[pos_] != '\r') {
          bad_field = fields.size();
          return std::string("text after a closing quote (write \"\" for a quote inside a ") +
                 "quoted field)";
        }
        continue;
      }
      ++pos_;
      if (c == delimiter_) {
        fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
        ++line_;
        fields.push_back(std::move(field));
        blank = fields.size() == 1 && fields[0].empty() && !was_quoted;
        return std::nullopt;
      } else {
        field.push_back(c);
      }
    }
  }

 private:
  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int record_line_ = 1;
};

char detect_delimiter(std::string_view text) {
  const std::size_t end = text.find_first_of("\r\n");
  const std::string_view header = text.substr(0, end);
  if (header.find('\t') != std::string_view::npos) return '\t';
  if (header.find(',') != std::string_view::npos) return ',';
  if (header.find(';') != std::string_view::npos) return ';';
  return ',';
}

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && s[a] == ' ') ++a;
  while (b > a && s[b - 1] == ' ') --b;
  return s.substr(a, b - a);
}

std::string preview_cell(const std::string& s) {
  constexpr std::size_t kMax = 64;
  return s.size() <= kMax ? s : std::string(utf8_prefix(s, kMax)) + "...";
}

// Adds one cell to its column; the column's type is fixed by its first non-missing cell.
class ColumnBuilder {
 public:
  explicit ColumnBuilder(std::string name) { column_.name = std::move(name); }
  const std::string& name() const { return column_.name; }

  void add(const std::string& raw, int row, int line) {
    const std::string cell = trim(raw);
    if (is_missing_text(cell)) {
      ++column_.missing;
      if (!column_.missing_at) column_.missing_at = CellProblem{row, line, raw, "a missing value"};
      pending_missing_++;
      return;
    }
    if (!typed_) {
      typed_ = true;
      column_.type = parse_number(cell) ? ColumnType::Numeric : ColumnType::Categorical;
    }
    flush_missing();
    if (column_.type == ColumnType::Numeric) {
      const std::optional<float> value = parse_number(cell);
      if (!value && !column_.text_at) {
        column_.text_at = CellProblem{row, line, raw, "text in a numeric column"};
      }
      column_.numbers.push_back(value ? *value : std::nanf(""));
    } else {
      auto [it, added] = index_.emplace(cell, static_cast<int>(column_.levels.size()));
      if (added) column_.levels.push_back(cell);
      column_.codes.push_back(it->second);
    }
  }

  Column finish() {
    if (!typed_) column_.type = ColumnType::Categorical;  // every cell missing
    flush_missing();
    return std::move(column_);
  }

 private:
  // Missing cells before the type is known are placed once it is.
  void flush_missing() {
    if (!typed_ && pending_missing_ == 0) return;
    for (; pending_missing_ > 0; --pending_missing_) {
      if (column_.type == ColumnType::Numeric) {
        column_.numbers.push_back(std::nanf(""));
      } else {
        column_.codes.push_back(-1);
      }
    }
  }

  Column column_;
  bool typed_ = false;
  int pending_missing_ = 0;
  std::unordered_map<std::string, int> index_;
};

std::string with_commas(long long n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

// The offset of the first byte that is not part of well-formed UTF-8 (the Unicode standard's
// table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or npos. Column names
// and categories travel as JSON text, which must be valid UTF-8.
std::size_t invalid_utf8_at(std::string_view s) {
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto in = [](unsigned char b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
  while (i < s.size()) {
    const unsigned char b = byte(i);
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (in(b, 0xC2, 0xDF)) {
      n = 1;
    } else if (in(b, 0xE0, 0xEF)) {
      n = 2;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (in(b, 0xF0, 0xF4)) {
      n = 3;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + n >= s.size()) return i;  // truncated sequence
    if (!in(byte(i + 1), lo, hi)) return i;
    for (std::size_t k = 2; k <= n; ++k) {
      if (!in(byte(i + k), 0x80, 0xBF)) return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

TableRead fail(std::string message) { return {std::nullopt, TableError{std::move(message)}}; }

}  // namespace

TableRead read_table(std::string_view bytes, std::size_t preview_rows) {
  if (bytes.size() > TableLimits::max_bytes) {
    return fail("the file is " + with_commas(static_cast<long long>(bytes.size())) +
                " bytes; at most " + with_commas(TableLimits::max_bytes) + " (16 MiB)");
  }
  std::string_view text = bytes;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return fail("the file is empty");

  if (const std::size_t bad = invalid_utf8_at(text); bad != std::string_view::npos) {
    const long line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n');
    return fail("line " + std::to_string(line) + ": the file is not UTF-8 text (byte " +
                std::to_string(bad + 1) + "); save it as UTF-8");
  }
  Table table;
  table.sha256 = sha256_hex(bytes);
  table.bytes = bytes.size();
  table.delimiter = detect_delimiter(text);
  Records records(text, table.delimiter);
  std::vector<std::string> fields;
  bool blank = false;
  std::size_t bad_field = 0;

  // The header.
  do {
    if (auto error = records.next(fields, blank, bad_field)) {
      return fail("the header (line " + std::to_string(records.line()) + "), column " +
                  std::to_string(bad_field + 1) + ": " + *error);
    }
  } while (blank && !records.done());
  if (fields.size() > static_cast<std::size_t>(TableLimits::max_columns)) {
    return fail("the header has " + with_commas(static_cast<long long>(fields.size())) +
                " columns; at most " + with_commas(TableLimits::max_columns));
  }
  std::vector<ColumnBuilder> builders;
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t c = 0; c < fields.size(); ++c) {
    std::string name = trim(fields[c]);
    const std::string where_in_header =
        "the header (line " + std::to_string(records.line()) + "), column " + std::to_string(c + 1);
    if (name.empty()) return fail(where_in_header + ": an empty column name");
    if (name.size() > static_cast<std::size_t>(TableLimits::max_name_length)) {
      return fail(where_in_header + ": a name longer than " +
                  std::to_string(TableLimits::max_name_length) + " bytes");
    }
    if (auto [it, added] = seen.emplace(name, c); !added) {
      return fail(where_in_header + ": the name " + single_quoted(name) + " is also column " +
                  std::to_string(it->second + 1) + "'s");
    }
    builders.emplace_back(std::move(name));
  }
  const std::size_t width = builders.size();

  // The data rows.
  int row = 0;
  while (!records.done()) {
    if (auto error = records.next(fields, blank, bad_field)) {
      const std::string column = bad_field < width
                                     ? "column " + single_quoted(builders[bad_field].name())
                                     : "after the last column";
      return fail(where(row + 1, records.line()) + ", " + column + ": " + *error);
    }
    if (blank) continue;
    ++row;
    if (row > TableLimits::max_rows) {
      return fail("the file has more than " + with_commas(TableLimits::max_rows) +
                  " data rows (row " + with_commas(row) + " is on line " +
                  std::to_string(records.line()) + ")");
    }
    if (fields.size() != width) {
      std::string detail = fields.size() > width
                               ? "an extra field after the last column"
                               : "no field for column " + std::to_string(fields.size() + 1);
      return fail(where(row, records.line()) + ": " + std::to_string(fields.size()) +
                  " fields where the header has " + std::to_string(width) + " columns (" + detail +
                  ")");
    }
    for (std::size_t c = 0; c < width; ++c) builders[c].add(fields[c], row, records.line());
    if (table.preview.size() < preview_rows) {
      std::vector<std::string> cells;
      cells.reserve(fields.size());
      for (const std::string& f : fields) cells.push_back(preview_cell(f));
      table.preview.push_back(std::move(cells));
    }
  }
  if (row == 0) return fail("the file has a header but no data rows");
  table.rows = row;
  for (ColumnBuilder& b : builders) table.columns.push_back(b.finish());
  return {std::move(table), std::nullopt};
}

}  // namespace descent
