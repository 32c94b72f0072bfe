// libFuzzer target: the config parser and the whole validation (parse, catalog checks, data
// set construction) on arbitrary bytes. Properties checked beyond "no crash, no sanitizer
// report": a config is either accepted with no errors or refused with at least one error that
// names a message; an accepted config survives its own normal form (to_json round trip).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "run/config.h"
#include "run/training_problem.h"

namespace {
void require(bool condition) {
  if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Configs are small; a cap keeps every input fast (the data set is built for valid ones).
  if (size > 4096) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  descent::ParsedConfig parsed = descent::parse_config_text(text);
  require(parsed.ok() == parsed.config.has_value());
  for (const auto& e : parsed.errors) require(!e.message.empty());
  if (!parsed.ok()) return 0;

  // The normal form parses back to itself.
  const nlohmann::json normal = descent::to_json(*parsed.config);
  descent::ParsedConfig again = descent::parse_config(normal);
  require(again.ok());
  require(descent::to_json(*again.config) == normal);

  // Data sets are the expensive part of validation: only small ones here (the run target
  // covers the rest with its own caps).
  const auto& numbers = parsed.config->problem.params.numbers;
  if (auto n = numbers.find("n"); n != numbers.end() && n->second > 2000) return 0;
  descent::ParsedConfig validated = descent::validate_config_text(text);
  require(validated.ok() == validated.config.has_value());
  for (const auto& e : validated.errors) require(!e.message.empty());
  return 0;
}
