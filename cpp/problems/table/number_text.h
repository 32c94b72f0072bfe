#pragma once
// How a table cell is read as a number or recognised as missing. Kept apart from the reader
// so the grammar is written down once: the page never parses numbers itself.
#include <cstddef>
#include <optional>
#include <string_view>

namespace descent {

// Empty, NA, N/A, NaN, null or ? (any case): the spellings of a missing value in common
// exports (R, pandas, the UCI repository's "?").
bool is_missing_text(std::string_view cell);

// A decimal number ([+-] digits [. digits] [e [+-] digits], or starting with the point),
// rounded once to the nearest float (as the compiler rounds a literal "5.1f", so a table read
// from text equals the same table compiled in). Nothing else: no hex, no inf, no thousands
// separators, no surrounding text. A finite decimal beyond float's range is not a number.
std::optional<float> parse_number(std::string_view cell);

// The longest prefix of `text` of at most `max_bytes` bytes that does not cut a UTF-8
// character in two (a shortened cell in a preview or a message must stay valid UTF-8: the
// page receives it as JSON).
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace descent
