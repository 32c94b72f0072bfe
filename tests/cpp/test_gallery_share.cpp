// The page state a demo opens with (share.state in `descent gallery`): runs that differ in
// model or precision keep them per run on one page; runs that differ in what one page
// shares (problem, seed, budget) get one state each. The page side of the same contract is
// web/tests/unit/gallery.test.ts (runConfig of each state run gives back the demo's config).
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

TEST(GalleryShare, RunsWithTheirOwnModelOrPrecisionFitOnePage) {
  const json out = demo_json(demo_of(
      {network_config(8, nullptr), network_config(64, nullptr), network_config(8, "float64")}));
  const json& share = out.at("share");
  EXPECT_TRUE(share.at("one_link").get<bool>());
  EXPECT_FALSE(share.contains("run_states"));
  const json& state = share.at("state");
  EXPECT_EQ(state.at("model").at("hidden"), json({8}));
  EXPECT_FALSE(state.contains("precision"));
  const json& runs = state.at("runs");
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_FALSE(runs[0].contains("model"));
  EXPECT_FALSE(runs[0].contains("precision"));
  EXPECT_EQ(runs[1].at("model").at("hidden"), json({64}));
  EXPECT_EQ(runs[1].at("model").at("activation"), "relu");
  EXPECT_FALSE(runs[1].contains("precision"));
  EXPECT_FALSE(runs[2].contains("model"));
  EXPECT_EQ(runs[2].at("precision"), "float64");
}

TEST(GalleryShare, AFloat32RunAfterAFloat64OneSaysSo) {
  const json out = demo_json(demo_of({network_config(8, "float64"), network_config(8, nullptr)}));
  const json& state = out.at("share").at("state");
  EXPECT_EQ(state.at("precision"), "float64");
  EXPECT_EQ(state.at("runs")[1].at("precision"), "float32");
}

TEST(GalleryShare, RunsThatDifferInSeedGetOneStatePerGroupThatAgrees) {
  json other = network_config(8, nullptr);
  other["seed"] = 5;
  const json out =
      demo_json(demo_of({network_config(8, nullptr), other, network_config(16, nullptr)}));
  const json& share = out.at("share");
  EXPECT_FALSE(share.at("one_link").get<bool>());
  const json& states = share.at("run_states");
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].at("seed"), 4);
  ASSERT_EQ(states[0].at("runs").size(), 2u);
  EXPECT_EQ(states[0].at("runs")[0].at("name"), "run 0");
  EXPECT_EQ(states[0].at("runs")[1].at("name"), "run 2");
  EXPECT_EQ(states[0].at("runs")[1].at("model").at("hidden"), json({16}));
  EXPECT_EQ(states[1].at("seed"), 5);
  ASSERT_EQ(states[1].at("runs").size(), 1u);
  EXPECT_EQ(states[1].at("runs")[0].at("name"), "run 1");
}

}  // namespace
}  // namespace descent
