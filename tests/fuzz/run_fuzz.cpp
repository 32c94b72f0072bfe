// libFuzzer target: a whole short run from an arbitrary config. The config is capped inside
// the target (steps, data set size, widths) so each input takes milliseconds; everything else
// (optimizer, transforms, schedule, model options, seed) is the fuzzer's. Properties: the run
// never crashes or trips a sanitizer; a refused config throws ConfigError with a message; a
// logged row never holds a non-finite loss; a diverged run says "diverged at step k".
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "run/config.h"
#include "run/run.h"
#include "run/training_problem.h"

namespace {
void require(bool condition) {
  if (!condition) std::abort();
}

void cap(descent::RunConfig& config) {
  config.steps = std::min(config.steps, 60);
  config.eval_every = std::min(config.eval_every, 20);
  auto& numbers = config.problem.params.numbers;
  if (auto n = numbers.find("n"); n != numbers.end()) n->second = std::min(n->second, 300.0);
  if (auto p = numbers.find("p"); p != numbers.end()) p->second = std::min(p->second, 13.0);
  for (int& width : config.model.spec.hidden) width = std::min(width, 24);
  if (config.model.spec.hidden.size() > 3) config.model.spec.hidden.resize(3);
  // Warmup may not exceed the (now smaller) number of steps.
  auto& schedule = config.schedule.params.numbers;
  for (auto& [name, value] : schedule) {
    if (name.find("steps") != std::string::npos) value = std::min(value, double(config.steps));
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  descent::ParsedConfig parsed = descent::parse_config_text(text);
  if (!parsed.ok()) return 0;
  descent::RunConfig capped = *parsed.config;
  cap(capped);
  // The caps must not smuggle in a config the validator would refuse: validate it again.
  descent::ParsedConfig revalidated = descent::parse_config(descent::to_json(capped));
  if (!revalidated.ok()) return 0;
  const descent::RunConfig& config = *revalidated.config;
  try {
    descent::Run run(config);
    int total = 0;
    while (run.status() == descent::RunStatus::Running) {
      const int done = run.step(7);
      require(done >= 0 && done <= 7);
      total += done;
      require(total <= config.steps);
      for (const auto& row : run.take_metrics()) {
        require(std::isfinite(row.loss));
        require(row.step >= 0 && row.step <= config.steps);
      }
      if (done == 0) break;
    }
    require(run.status() != descent::RunStatus::Running);
    if (run.status() == descent::RunStatus::Diverged) {
      require(run.message().rfind("diverged at step " + std::to_string(run.current_step()), 0) ==
              0);
    } else {
      require(run.current_step() == config.steps);
    }
  } catch (const descent::ConfigError& error) {
    require(!error.errors.empty());
    for (const auto& e : error.errors) require(!e.message.empty());
  }
  return 0;
}
