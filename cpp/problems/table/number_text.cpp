#include "problems/table/number_text.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

namespace descent {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The decimal grammar above; strtof alone would also take "inf", "0x1p3" and leading space.
bool is_decimal(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exponent_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == s.size();
}

}  // namespace

bool is_missing_text(std::string_view cell) {
  return cell.empty() || cell == "?" || equals_ignoring_case(cell, "na") ||
         equals_ignoring_case(cell, "n/a") || equals_ignoring_case(cell, "nan") ||
         equals_ignoring_case(cell, "null");
}

std::optional<float> parse_number(std::string_view cell) {
  if (cell.size() > 400 || !is_decimal(cell)) return std::nullopt;
  // strtof rounds the decimal once to the nearest float (glibc and musl both round
  // correctly); the C locale's decimal point is '.', which the library never changes.
  const std::string text(cell);
  const float value = std::strtof(text.c_str(), nullptr);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  // Back off over continuation bytes (10xxxxxx) to the start of the character being cut.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

}  // namespace descent
