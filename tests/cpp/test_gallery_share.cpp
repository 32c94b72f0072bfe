// How a demo's runs share a page (share in `descent gallery`): the core says which run-config
// settings one page holds once and groups the runs that agree on them; runs that differ only
// in model or precision share one group. The page turns each group's configs into its state
// (web/tests/unit/gallery.test.ts: runConfig of each state run gives back the demo's config).
// Also: a demo's definition is checked (configs validate, live controls name settings).
#include <gtest/gtest.h>

#include "gallery/gallery.h"

namespace descent {
namespace {

using nlohmann::json;

json network_config(int width, const char* precision) {
  json config = {{"schema", 1},
                 {"seed", 4},
                 {"problem", {{"kind", "dataset"}, {"name", "moons"}, {"n", 64}}},
                 {"model", {{"hidden", {width}}, {"activation", "relu"}}},
                 {"optimizer", {{"name", "adam"}, {"lr", 0.01}}},
                 {"batch_size", 0},
                 {"steps", 10}};
  if (precision != nullptr) config["precision"] = precision;
  return config;
}

Demo demo_of(std::vector<json> configs) {
  Demo demo;
  demo.name = "share_test";
  for (std::size_t i = 0; i < configs.size(); ++i) {
    demo.runs.push_back({"run " + std::to_string(i), std::move(configs[i])});
  }
  return demo;
}

TEST(GalleryShare, RunsWithTheirOwnModelOrPrecisionShareOnePage) {
  const json out = demo_json(demo_of(
      {network_config(8, nullptr), network_config(64, nullptr), network_config(8, "float64")}));
  const json& share = out.at("share");
  EXPECT_EQ(share.at("groups"), json::parse("[[0, 1, 2]]"));
  EXPECT_EQ(share.at("settings"), json::parse(R"(["problem", "seed", "steps", "batch_size",
                                                   "eval_every", "diagnostics"])"));
}

TEST(GalleryShare, RunsThatDifferInSeedGetOneGroupEachInTheDemosOrder) {
  json other = network_config(8, nullptr);
  other["seed"] = 5;
  const json out =
      demo_json(demo_of({network_config(8, nullptr), other, network_config(16, nullptr)}));
  EXPECT_EQ(out.at("share").at("groups"), json::parse("[[0, 2], [1]]"));
}

TEST(GalleryShare, RunsThatDifferInAnOmittedDefaultStillShareAPage) {
  // Configs are compared normalised: batch_size left out is the catalog's default (32).
  json implicit = network_config(8, nullptr);
  implicit.erase("batch_size");
  json explicit_default = network_config(8, nullptr);
  explicit_default["batch_size"] = 32;
  EXPECT_EQ(demo_json(demo_of({implicit, explicit_default})).at("share").at("groups"),
            json::parse("[[0, 1]]"));
}

TEST(GalleryDefinition, EveryDemoOfTheGalleryIsValid) {
  for (const auto& demo : gallery_demos()) {
    EXPECT_EQ(demo_problems(demo), std::vector<std::string>{}) << demo.name;
  }
}

TEST(GalleryDefinition, ALiveControlMustNameASettingOfSomeRun) {
  Demo demo = demo_of({network_config(8, nullptr)});
  demo.live_controls = {"optimizer.lr", "seed", "model.l2", "problem.noise"};
  EXPECT_EQ(demo_problems(demo), std::vector<std::string>{});
  // A typo, a setting of another optimizer, a section rather than a setting: each named.
  demo.live_controls = {"optimizer.lrr", "optimizer.momentum", "model", "seed.x"};
  const auto problems = demo_problems(demo);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_NE(problems[0].find("live control 'optimizer.lrr'"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("'optimizer.momentum'"), std::string::npos);
  EXPECT_NE(problems[2].find("'model'"), std::string::npos);
  EXPECT_NE(problems[3].find("'seed.x'"), std::string::npos);
}

TEST(GalleryDefinition, ALiveControlOfOneRunIsEnough) {
  // SAM's rho is live although the demo's SGD run has no rho (sam_flat_minimum does this).
  json sam = network_config(8, nullptr);
  sam["optimizer"] = {{"name", "sam"}, {"lr", 0.1}, {"rho", 0.05}};
  Demo demo = demo_of({network_config(8, nullptr), sam});
  demo.live_controls = {"optimizer.rho"};
  EXPECT_EQ(demo_problems(demo), std::vector<std::string>{});
}

TEST(GalleryDefinition, AnInvalidRunConfigIsNamed) {
  json bad = network_config(8, nullptr);
  bad["optimizer"]["lr"] = -1;
  const auto problems = demo_problems(demo_of({bad}));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("run 'run 0' has an invalid config: optimizer.lr"), std::string::npos)
      << problems[0];
}

}  // namespace
}  // namespace descent
