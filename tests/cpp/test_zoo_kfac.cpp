// K-FAC (curvature family, networks only) against its plain reference
// (tests/reference/curvature/kfac.h, with its own tanh MLP forward and backward passes) on the
// 2-8-8-3 network, and its availability (networks with plain dense layers only). Missing: a
// test of its defining property; the input-rescaling invariance of Martens and Grosse
// (Section 10) was tried (data x 10, first weights / 10) and did not hold within 1e-2 at the
// damping and steps tried (2e-1 at damping 1e-8, 6e-2 undamped), so it is not claimed here.
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "problems/datasets/dataset.h"
#include "run/network_problem.h"
#include "tests/cpp/zoo_harness.h"
#include "tests/reference/curvature/kfac.h"

namespace descent {
namespace {

using json = nlohmann::json;
namespace ref = reference::curvature;

ref::Kfac reference_for(const zoo::Problem& problem, double damping, double decay, int interval) {
  RunConfig config = zoo::parse_or_fail(zoo::config_json(problem, {{"name", "sgd"}}, 1));
  descent::Run run(config);
  auto& network = dynamic_cast<NetworkProblem&>(run.problem());
  const Dataset& data = network.data();
  std::vector<double> x(data.x_train.data(), data.x_train.data() + data.x_train.size());
  std::vector<int> widths = {data.input_dim};
  for (int h : config.model.spec.hidden) widths.push_back(h);
  widths.push_back(data.output_dim);
  return ref::Kfac(widths, x, data.label_train, damping, decay, interval);
}

void expect_lockstep(const zoo::Problem& problem, const json& optimizer, ref::Kfac r, int steps,
                     double tol = 1e-4) {
  auto c = zoo::compare(problem, optimizer, r, steps);
  if (std::getenv("ZOO_VERBOSE"))
    std::printf("%-70s %-10s %.3g\n", optimizer.dump().c_str(), problem.name.c_str(),
                c.max_relative_deviation);
  EXPECT_EQ(c.steps, steps) << problem.name;
  EXPECT_LT(c.max_relative_deviation, tol) << optimizer.dump() << " on " << problem.name;
}

TEST(ZooKfac, MatchesItsReference) {
  expect_lockstep(zoo::network(), {{"name", "kfac"}}, reference_for(zoo::network(), 1e-2, 0.95, 1),
                  60);
  expect_lockstep(zoo::network(),
                  {{"name", "kfac"},
                   {"lr", 0.05},
                   {"damping", 0.1},
                   {"stat_decay", 0.8},
                   {"inverse_interval", 4}},
                  reference_for(zoo::network(), 0.1, 0.8, 4), 60);
}

TEST(ZooKfac, AReferenceWithOtherDampingIsCaught) {
  auto wrong = reference_for(zoo::network(), 1.0, 0.95, 1);
  auto c = zoo::compare(zoo::network(), {{"name", "kfac"}}, wrong, 50);
  EXPECT_GT(c.max_relative_deviation, 1e-3);
}

TEST(ZooKfac, IsNetworkOnlyWithPlainDenseLayers) {
  ParsedConfig parsed = parse_config(zoo::config_json(zoo::rosenbrock(), {{"name", "kfac"}}, 5));
  ASSERT_TRUE(parsed.ok());
  EXPECT_THROW(descent::Run run(*parsed.config), ConfigError);
  for (const auto& [field, value] : std::vector<std::pair<std::string, json>>{
           {"l2", 0.01}, {"layer_norm", true}, {"residual", true}}) {
    json c = zoo::config_json(zoo::network(), {{"name", "kfac"}}, 5);
    c["model"][field] = value;
    ParsedConfig parsed_model = parse_config(c);
    ASSERT_TRUE(parsed_model.ok()) << field;
    EXPECT_THROW(descent::Run run(*parsed_model.config), ConfigError) << field;
  }
  descent::Run plain(zoo::parse_or_fail(zoo::config_json(zoo::network(), {{"name", "kfac"}}, 5)));
  plain.step(5);
  EXPECT_EQ(plain.status(), RunStatus::Ok);
}

}  // namespace
}  // namespace descent
