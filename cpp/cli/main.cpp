// descent: the command-line front end of the core.
//   descent run CONFIG.json [--out FILE]   JSON Lines: one object per logged step, then a
//                                          final {"status": "ok" | "diverged", "step": k}
//   descent validate CONFIG.json           the normalised config, or the errors (exit 1)
//   descent catalog                        the whole catalog as JSON
//   descent schedule CONFIG.json           the learning rate of every step, as JSON
//   descent gallery                        the gallery of demos as JSON
//   descent gallery check                  checks every demo's definition (its run configs
//                                          validate, its live controls name settings of its
//                                          runs): the problems, exit 1 if there are any
//   descent gallery check NAME             checks that demo's definition, then runs its claim
//                                          check: the measured figures as JSON, exit 0 if the
//                                          claim holds, 1 if not
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "catalog/catalog_json.h"
#include "diagnostics/record_json.h"
#include "gallery/gallery.h"
#include "run/config.h"
#include "run/metric_columns.h"
#include "run/run.h"
#include "run/training_problem.h"
#include "table_file.h"

namespace {

using nlohmann::json;
using namespace descent;

constexpr const char* kUsage =
    "usage: descent run CONFIG.json [--out FILE]\n"
    "       descent validate CONFIG.json\n"
    "       descent schedule CONFIG.json\n"
    "       descent catalog\n"
    "       descent gallery [check [NAME]]\n"
    "CONFIG may be - for standard input.\n";

bool read_text(const std::string& path, std::string& text) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    buffer << in.rdbuf();
  }
  text = buffer.str();
  return true;
}

void print_errors(const std::vector<FieldError>& errors) {
  for (const auto& e : errors) {
    std::cerr << "error: " << (e.field.empty() ? "" : e.field + ": ") << e.message << "\n";
  }
}

// Loads and validates a config; prints errors and returns false when it is not valid.
bool load_config(const std::string& path, RunConfig& config) {
  std::string text;
  if (!read_text(path, text)) {
    std::cerr << "error: cannot read " << path << "\n";
    return false;
  }
  if (auto error = load_table_file(text, path)) {
    print_errors({*error});
    return false;
  }
  ParsedConfig parsed = validate_config_text(text);
  if (!parsed.ok()) {
    print_errors(parsed.errors);
    return false;
  }
  config = *parsed.config;
  return true;
}

json row_json(const MetricRow& row) {
  json out = json::object();
  for (const auto& column : metric_columns()) {
    if (column.stream != MetricStream::Rows) continue;
    const std::string name = column.name;
    const double value = row.*column.field;
    if (name == "x" || name == "y" || std::isnan(value)) continue;
    if (name == "step") {
      out[name] = static_cast<long long>(value);
    } else {
      out[name] = value;
    }
  }
  if (!std::isnan(row.x)) out["x"] = {row.x, row.y};
  return out;
}

int command_run(const std::string& path, const std::string& out_path) {
  RunConfig config;
  if (!load_config(path, config)) return 1;
  std::ofstream file;
  if (!out_path.empty()) {
    file.open(out_path);
    if (!file) {
      std::cerr << "error: cannot write " << out_path << "\n";
      return 1;
    }
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  try {
    Run run(config);
    auto flush = [&] {
      for (const auto& row : run.take_metrics()) out << row_json(row).dump() << "\n";
      for (const auto& record : run.take_diagnostics()) {
        out << json({{"diagnostics", record_json(record, run.problem().layout())}}).dump() << "\n";
      }
    };
    flush();
    while (run.status() == RunStatus::Running) {
      run.step(1000);
      flush();
    }
    json last = {{"status", status_name(run.status())}, {"step", run.current_step()}};
    if (!run.message().empty()) last["message"] = run.message();
    out << last.dump() << "\n";
    out.flush();
    if (run.status() == RunStatus::Diverged) std::cerr << run.message() << "\n";
  } catch (const ConfigError& e) {
    print_errors(e.errors);
    return 1;
  }
  return 0;
}

int command_validate(const std::string& path) {
  RunConfig config;
  if (!load_config(path, config)) return 1;
  std::cout << to_json(config).dump(2) << "\n";
  return 0;
}

int command_schedule(const std::string& path) {
  RunConfig config;
  if (!load_config(path, config)) return 1;
  const ScheduleInfo& info = *find_schedule(config.schedule.name);
  if (info.needs_feedback) {
    std::cerr << "schedule '" << info.name
              << "' depends on the run's losses: run it and read the lr column\n";
    return 1;
  }
  auto schedule = make_schedule(info, config.schedule.params, config.steps);
  double lr = config.optimizer.params.numbers.count("lr") ? config.optimizer.params.get("lr") : 1;
  std::cout << json(sample_schedule(*schedule, lr, config.steps)).dump() << "\n";
  return 0;
}

int command_gallery_check(const std::string& name) {
  const Demo* demo = find_demo(name);
  if (!demo) {
    std::string names;
    for (const auto& d : gallery_demos()) names += (names.empty() ? "" : ", ") + d.name;
    std::cerr << "error: unknown demo '" << name << "'; one of " << names << "\n";
    return 2;
  }
  const std::vector<std::string> problems = demo_problems(*demo);
  for (const auto& p : problems) std::cerr << "error: " << p << "\n";
  if (!problems.empty()) return 1;
  const ClaimReport report = demo->check(*demo);
  std::cout << claim_json(*demo, report).dump(2) << "\n";
  return report.pass() ? 0 : 1;
}

int command_gallery_definitions() {
  int count = 0;
  for (const auto& d : gallery_demos()) {
    for (const auto& p : demo_problems(d)) {
      std::cerr << "error: " << p << "\n";
      ++count;
    }
  }
  if (count == 0) std::cout << gallery_demos().size() << " demos, their definitions are valid\n";
  return count == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  try {
    if (command == "catalog" && argc == 2) {
      std::cout << catalog_json().dump(2) << "\n";
      return 0;
    }
    if (command == "gallery" && argc == 2) {
      std::cout << gallery_json().dump(2) << "\n";
      return 0;
    }
    if (command == "gallery" && argc == 3 && std::strcmp(argv[2], "check") == 0) {
      return command_gallery_definitions();
    }
    if (command == "gallery" && argc == 4 && std::strcmp(argv[2], "check") == 0) {
      return command_gallery_check(argv[3]);
    }
    if (command == "validate" && argc == 3) return command_validate(argv[2]);
    if (command == "schedule" && argc == 3) return command_schedule(argv[2]);
    if (command == "run" && (argc == 3 || (argc == 5 && std::strcmp(argv[3], "--out") == 0))) {
      return command_run(argv[2], argc == 5 ? argv[4] : "");
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  std::cerr << kUsage;
  return 2;
}
