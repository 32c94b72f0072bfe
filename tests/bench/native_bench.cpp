// descent_bench: the native core as a benchmark engine for tests/bench/bench.mjs.
//
// Reads one JSON request per line on stdin, answers one JSON line on stdout:
//   {"op": "measure", "workload": {...}, "ms": 500}  -> {"steps": s, "seconds": t} or {"ms": m}
//   {"op": "quit"}
// The workload objects are those of tests/bench/workloads.mjs (one definition for every
// engine); this program mirrors tests/bench/engines/descent-engine.mjs: runs are stepped in
// chunks of ~20 ms after a warm-up, and state is kept per workload between measurements.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "run/config.h"
#include "run/network_problem.h"
#include "run/run.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace descent;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::unique_ptr<Run> new_run(const json& config) {
  ParsedConfig parsed = parse_config(config);
  if (!parsed.ok())
    throw std::runtime_error(parsed.errors.front().field + ": " + parsed.errors.front().message);
  return std::make_unique<Run>(*parsed.config);
}

// A run that is stepped in chunks and replaced when it ends.
struct SteppedRun {
  json config;
  std::unique_ptr<Run> run;
  int chunk = 1;

  explicit SteppedRun(json c) : config(std::move(c)), run(new_run(config)) {}
  int call(int n) {
    if (run->status() != RunStatus::Running) run = new_run(config);
    const int done = run->step(n);
    run->take_metrics();
    return done;
  }
  void calibrate_and_warm() {
    for (chunk = 1;; chunk *= 2) {
      const auto t0 = Clock::now();
      call(chunk);
      if (seconds_since(t0) >= 0.02 || chunk >= (1 << 20)) break;
    }
    const auto t0 = Clock::now();
    while (seconds_since(t0) < 0.3) call(chunk);
  }
  json time_for(double ms) {
    long steps = 0;
    const auto t0 = Clock::now();
    double t = 0;
    while (t * 1000 < ms) {
      steps += call(chunk);
      t = seconds_since(t0);
    }
    return {{"steps", steps}, {"seconds", t}};
  }
};

// The decision grid exactly as wasm-build/bindings.cpp computes it for the page.
std::vector<float> grid(Run& run, double lo, double hi, int nx, int ny) {
  auto& network = static_cast<NetworkProblem&>(run.problem());
  Mat points(2, nx * ny);
  for (int iy = 0; iy < ny; ++iy) {
    for (int ix = 0; ix < nx; ++ix) {
      points(0, iy * nx + ix) = static_cast<Scalar>(lo + (hi - lo) * ix / (nx - 1));
      points(1, iy * nx + ix) = static_cast<Scalar>(lo + (hi - lo) * iy / (ny - 1));
    }
  }
  Mat out;
  network.predict(run.params(), points, out);
  Mat transposed = out.transpose();
  return std::vector<float>(transposed.data(), transposed.data() + transposed.size());
}

struct State {
  std::unique_ptr<SteppedRun> stepped;                // train
  std::unique_ptr<Run> run;                           // grid
  std::vector<std::unique_ptr<SteppedRun>> parallel;  // parallel, one per thread
};

json measure(std::map<std::string, State>& states, const json& w, double ms) {
  const std::string id = w.at("id");
  const std::string kind = w.at("kind");
  const json& config = w.at("config");
  const bool fresh = states.count(id) == 0;
  State& s = states[id];
  if (kind == "train") {
    if (fresh) {
      s.stepped = std::make_unique<SteppedRun>(config);
      s.stepped->calibrate_and_warm();
    }
    return s.stepped->time_for(ms);
  }
  if (kind == "runs") {
    const int runs = w.at("runs"), steps_per_run = w.at("steps");
    long steps = 0;
    double seconds = 0;
    const auto t0 = Clock::now();
    do {
      for (int r = 0; r < runs; ++r) {
        json c = config;
        c["seed"] = config.at("seed").get<int>() + r;
        c["steps"] = steps_per_run;
        auto run = new_run(c);
        const auto t = Clock::now();
        steps += run->step(steps_per_run);
        seconds += seconds_since(t);
      }
    } while (seconds_since(t0) * 1000 < ms);
    return {{"steps", steps}, {"seconds", seconds}};
  }
  if (kind == "grid") {
    const int nx = w.at("nx"), ny = w.at("ny");
    if (fresh) {
      s.run = new_run(config);
      s.run->step(w.at("after").get<int>());
      for (int i = 0; i < 5; ++i) grid(*s.run, -1.5, 1.5, nx, ny);
    }
    std::vector<double> times;
    float sink = 0;
    const auto t0 = Clock::now();
    while (seconds_since(t0) * 1000 < ms || times.size() < 3) {
      const auto t = Clock::now();
      const std::vector<float> g = grid(*s.run, -1.5, 1.5, nx, ny);
      sink += g[g.size() / 2];
      times.push_back(seconds_since(t) * 1000);
    }
    std::sort(times.begin(), times.end());
    return {{"ms", times[times.size() / 2]}, {"sink", sink}};
  }
  if (kind == "parallel") {
    const int workers = w.at("workers");
    if (fresh) {
      for (int i = 0; i < workers; ++i) {
        s.parallel.push_back(std::make_unique<SteppedRun>(config));
        s.parallel.back()->calibrate_and_warm();
      }
    }
    std::vector<json> results(static_cast<std::size_t>(workers));
    std::vector<std::thread> threads;
    for (int i = 0; i < workers; ++i) {
      threads.emplace_back([&, i] { results[i] = s.parallel[i]->time_for(ms); });
    }
    for (auto& t : threads) t.join();
    double rate = 0;
    for (const json& r : results) rate += r["steps"].get<double>() / r["seconds"].get<double>();
    return {{"steps", rate}, {"seconds", 1.0}};
  }
  throw std::runtime_error("unknown workload kind " + kind);
}

}  // namespace

int main() {
  std::map<std::string, State> states;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    json reply;
    try {
      const json request = json::parse(line);
      const std::string op = request.at("op");
      if (op == "quit") break;
      if (op != "measure") throw std::runtime_error("unknown op " + op);
      reply = measure(states, request.at("workload"), request.at("ms").get<double>());
    } catch (const std::exception& e) {
      reply = {{"error", e.what()}};
    }
    std::cout << reply.dump() << std::endl;
  }
  return 0;
}
