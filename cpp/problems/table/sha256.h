#pragma once
// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits. The core computes the
// hash that names a user's table in links and sweep exports, so the page and the command line
// agree on it without depending on a browser API.
#include <string>
#include <string_view>

namespace descent {

std::string sha256_hex(std::string_view bytes);

// True for a string of exactly 64 lowercase hex digits (the form sha256_hex returns).
bool is_sha256_hex(std::string_view text);

}  // namespace descent
