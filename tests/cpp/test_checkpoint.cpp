// Checkpoint and resume (Run::checkpoint / Run::restore, core/state.h): for every optimizer
// and every transform of the catalog, a run paused at step k, written to bytes (and to JSON
// text), restored into a fresh run and continued for k steps gives the same rows, batch
// losses and parameters, bit for bit, as a run of 2k steps without a pause. A forgotten slot
// of state anywhere (an optimizer's moment, a random stream, the float64 shadow, a schedule's
// plateau counter, the diagnostics' running figures) makes the two differ. Checkpoints are
// untrusted input: damaged ones are refused with the field named, and leave the run as it was.
#include <gtest/gtest.h>

#include <cstring>
#include <optional>

#include "core/state_codec.h"
#include "optim/transforms/transform_catalog.h"
#include "run/config.h"
#include "run/run.h"

namespace descent {
namespace {

using nlohmann::json;

struct Trace {
  std::vector<MetricRow> rows;
  std::vector<double> batch_step, batch_loss;
  Vec params;
  RunStatus status = RunStatus::Running;
};

void take(Run& run, Trace& t) {
  for (const auto& r : run.take_metrics()) t.rows.push_back(r);
  BatchLosses b = run.take_batch_losses();
  t.batch_step.insert(t.batch_step.end(), b.step.begin(), b.step.end());
  t.batch_loss.insert(t.batch_loss.end(), b.loss.begin(), b.loss.end());
  t.params = run.params();
  t.status = run.status();
}

// The first difference between two traces, or "" when they are bitwise identical.
std::string difference(const Trace& a, const Trace& b) {
  if (a.rows.size() != b.rows.size()) {
    return std::to_string(a.rows.size()) + " rows vs " + std::to_string(b.rows.size());
  }
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    if (std::memcmp(&a.rows[i], &b.rows[i], sizeof(MetricRow)) != 0) {
      return "row of step " + std::to_string(a.rows[i].step) + " differs (loss " +
             std::to_string(a.rows[i].loss) + " vs " + std::to_string(b.rows[i].loss) + ")";
    }
  }
  if (a.batch_loss.size() != b.batch_loss.size() || a.batch_step != b.batch_step ||
      std::memcmp(a.batch_loss.data(), b.batch_loss.data(), sizeof(double) * a.batch_loss.size()) !=
          0) {
    return "batch losses differ";
  }
  if (a.params.size() != b.params.size() ||
      std::memcmp(a.params.data(), b.params.data(), sizeof(Scalar) * a.params.size()) != 0) {
    return "parameters differ";
  }
  return "";
}

std::optional<RunConfig> config_of(const json& j, std::string* error = nullptr) {
  ParsedConfig parsed = parse_config(j);
  if (!parsed.ok()) {
    if (error) *error = parsed.errors[0].field + ": " + parsed.errors[0].message;
    return std::nullopt;
  }
  return *parsed.config;
}

const char* const kStopped = "the run stopped before step k";

// Runs 2k steps straight, and k steps + checkpoint + restore into a fresh run + k steps.
// Returns "" on a bit-identical resume, "skip" when the problem does not suit the optimizer.
std::string resume_difference(const json& j, int k) {
  std::string error;
  std::optional<RunConfig> config = config_of(j, &error);
  if (!config) return "the config does not parse: " + error;
  std::unique_ptr<Run> straight;
  try {
    straight = std::make_unique<Run>(*config);
  } catch (const ConfigError&) {
    return "skip";
  }
  Trace whole;
  take(*straight, whole);
  straight->step(k);
  take(*straight, whole);
  straight->step(k);
  take(*straight, whole);

  Trace resumed;
  std::string text;
  {
    descent::Run first(*config);
    take(first, resumed);
    first.step(k);
    take(first, resumed);
    if (first.status() != RunStatus::Running) return kStopped;
    // Through JSON text, as the page keeps it.
    text = json({{"checkpoint", base64_encode(first.checkpoint())}}).dump();
  }
  descent::Run second(*config);
  second.take_metrics();
  second.take_batch_losses();
  try {
    second.restore(base64_decode(json::parse(text)["checkpoint"].get<std::string>()));
  } catch (const StateError& e) {
    return "restore failed: " + e.field + ": " + e.message;
  }
  if (second.current_step() != k)
    return "restored at step " + std::to_string(second.current_step());
  second.step(k);
  take(second, resumed);
  if (whole.status == RunStatus::Running) return "the straight run did not finish";
  return difference(whole, resumed);
}

// Booth's function: nearly every optimizer's default step is stable on it for 30 steps.
json function_config(const std::string& optimizer, const std::string& function = "booth") {
  return {{"schema", 1},
          {"seed", 5},
          {"problem", {{"kind", "function"}, {"name", function}}},
          {"optimizer", {{"name", optimizer}}},
          {"steps", 30}};
}

// A network with minibatches, float64 master weights, a feedback schedule and diagnostics
// that draw probes, so that every stream and every kind of run state is exercised.
json network_config(const std::string& optimizer) {
  return {
      {"schema", 1},
      {"seed", 7},
      {"problem", {{"kind", "dataset"}, {"name", "spiral"}, {"n", 120}, {"test_fraction", 0.25}}},
      {"model", {{"hidden", {6}}, {"activation", "tanh"}, {"loss", "cross_entropy"}}},
      {"optimizer", {{"name", optimizer}}},
      {"precision", "float64"},
      {"schedule", {{"name", "reduce_on_plateau"}, {"patience", 0}, {"warmup_steps", 3}}},
      {"diagnostics",
       {{"every", 4}, {"stats", true}, {"hutchinson_probes", 2}, {"probe_batch", 20}}},
      {"batch_size", 16},
      {"eval_every", 2},
      {"steps", 24}};
}

TEST(Checkpoint, EveryOptimizerResumesBitIdentically) {
  int checked = 0;
  for (const OptimizerInfo& info : optimizer_catalog()) {
    std::string on_function = resume_difference(function_config(info.name), 15);
    if (on_function == kStopped) {  // diverges at its default step on Booth: a flatter bowl
      on_function = resume_difference(function_config(info.name, "quadratic"), 15);
    }
    const std::string on_network = resume_difference(network_config(info.name), 12);
    EXPECT_TRUE(on_function.empty() || on_function == "skip")
        << info.name << " on a function: " << on_function;
    EXPECT_TRUE(on_network.empty() || on_network == "skip")
        << info.name << " on a network: " << on_network;
    // Every optimizer runs on at least one of the two problems.
    EXPECT_FALSE(on_function == "skip" && on_network == "skip") << info.name;
    checked += on_function.empty() + on_network.empty();
  }
  EXPECT_GT(checked, static_cast<int>(optimizer_catalog().size()));
}

// An online function: the round counter is state of the problem.
TEST(Checkpoint, OnlineFunctionResumesBitIdentically) {
  for (const char* optimizer : {"adam", "sgd", "lbfgs"}) {
    const std::string d = resume_difference(function_config(optimizer, "adam_counterexample"), 15);
    EXPECT_TRUE(d.empty()) << optimizer << ": " << d;
  }
}

TEST(Checkpoint, EveryTransformResumesBitIdentically) {
  for (const TransformInfo& info : transform_catalog()) {
    json j = network_config("adam");
    j["transforms"] = json::array({{{"name", info.name}}});
    if (info.name == "shrink_perturb") {  // acts at task switches, in float32
      j.erase("precision");
      j["problem"]["task_switches"] = json::array({{{"step", 7}, {"kind", "relabel"}}});
    }
    const std::string d = resume_difference(j, 12);
    EXPECT_TRUE(d.empty()) << info.name << ": " << d;
  }
}

// Task switches change the data in place and shrink-and-perturb the weights: a run paused
// before the first switch, on the step of one, and between two resumes bit-identically (the
// restored run enters the passed switches' data again, and not their weight noise).
TEST(Checkpoint, TaskSwitchesResumeBitIdentically) {
  json j = network_config("adam");
  j.erase("precision");
  j["schedule"]["warmup_steps"] = 2;
  j["transforms"] = json::array({{{"name", "shrink_perturb"}, {"shrink", 0.6}, {"perturb", 0.05}}});
  for (int k : {3, 5, 12}) {
    // The run is 2k steps long; its switches are those before its last step.
    j["steps"] = 2 * k;
    j["problem"]["task_switches"] = json::array();
    for (const auto& [step, kind] :
         {std::pair{5, "relabel"}, {14, "permute_inputs"}, {20, "relabel"}}) {
      if (step < 2 * k) j["problem"]["task_switches"].push_back({{"step", step}, {"kind", kind}});
    }
    const std::string d = resume_difference(j, k);
    EXPECT_TRUE(d.empty()) << "paused at step " << k << ": " << d;
  }
}

TEST(Checkpoint, IsDeterministicAndNamesItsSlots) {
  const RunConfig config = *config_of(network_config("adam"));
  descent::Run a(config), b(config);
  a.step(5);
  b.step(5);
  const std::string bytes = a.checkpoint();
  EXPECT_EQ(bytes, b.checkpoint());
  EXPECT_NE(bytes.find("optimizer.own.1.m"), std::string::npos);  // Adam's first moment
  EXPECT_NE(bytes.find("problem.float64_master"), std::string::npos);
  EXPECT_NE(bytes.find("problem.batch_rng.state"), std::string::npos);
  EXPECT_NE(bytes.find("diagnostics.probe_rng.state"), std::string::npos);
  EXPECT_NE(bytes.find("schedule.best"), std::string::npos);
}

// Damaged or foreign checkpoints: refused with the field named, the run unchanged.
TEST(Checkpoint, RefusesDamagedCheckpointsAndKeepsTheRun) {
  const RunConfig config = *config_of(network_config("adam"));
  descent::Run source(config);
  source.step(6);
  const std::string good = source.checkpoint();

  auto refused_field = [&](const std::string& bytes) -> std::string {
    descent::Run target(config);
    target.step(3);
    const std::string before = target.checkpoint();
    try {
      target.restore(bytes);
    } catch (const StateError& e) {
      EXPECT_EQ(target.checkpoint(), before) << "a refused checkpoint changed the run";
      EXPECT_FALSE(e.message.empty());
      return e.field.empty() ? "(empty)" : e.field;
    }
    return "";
  };
  // Every truncation is refused (and never read past the end).
  for (std::size_t cut = 0; cut < good.size(); cut += 1 + good.size() / 97) {
    EXPECT_NE(refused_field(good.substr(0, cut)), "") << "cut at " << cut;
  }
  EXPECT_EQ(refused_field(good + "x"), "checkpoint");
  EXPECT_EQ(refused_field("not a checkpoint"), "checkpoint");
  // Another optimizer's checkpoint names the config.
  descent::Run other(*config_of(network_config("sgd")));
  other.step(6);
  EXPECT_EQ(refused_field(other.checkpoint()), "config_hash");
  // A wrong version.
  std::string version = good;
  const std::size_t at = version.find("version") + 7 + 1 + 16;
  version[at] = 9;
  EXPECT_EQ(refused_field(version), "version");
  // A slot whose shape was changed.
  std::string shape = good;
  const std::size_t m = shape.find("optimizer.own.1.m") + std::strlen("optimizer.own.1.m") + 1;
  shape[m] = static_cast<char>(shape[m] + 1);
  EXPECT_EQ(refused_field(shape), "optimizer.own.1.m");
  // An out-of-range step and a minibatch cursor past the epoch.
  std::string step = good;
  const std::size_t s = step.find("step") + 4 + 1 + 16;
  step[s + 3] = 0x7f;
  EXPECT_EQ(refused_field(step), "step");
  std::string cursor = good;
  const std::size_t c = cursor.find("problem.cursor") + std::strlen("problem.cursor") + 1 + 16;
  cursor[c + 2] = 0x7f;
  EXPECT_EQ(refused_field(cursor), "problem.cursor");
  // The good one is accepted.
  EXPECT_EQ(refused_field(good), "");
}

TEST(Checkpoint, Base64RoundTripsAndRefusesOtherText) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n < 7; ++n) {
    EXPECT_EQ(base64_decode(base64_encode(bytes.substr(0, n))), bytes.substr(0, n));
  }
  EXPECT_EQ(base64_encode("Man"), "TWFu");
  EXPECT_EQ(base64_encode("Ma"), "TWE=");
  EXPECT_THROW(base64_decode("TWF"), StateError);
  EXPECT_THROW(base64_decode("TW!u"), StateError);
  EXPECT_THROW(base64_decode("T=Fu"), StateError);
}

}  // namespace
}  // namespace descent
