// How a demo's runs share a page (share in `descent gallery`): the core says which run-config
// settings one page holds once and groups the runs that agree on them; runs that differ only
// in model, precision or batch size share one group, cut into pages of at most
// PageLimits::max_runs runs. The page turns each group's configs into its state
// (web/tests/unit/gallery.test.ts: runConfig of each state run gives back the demo's config).
// Also: a demo's definition is checked (configs validate, live controls name settings).
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "catalog/catalog_json.h"
#include "catalog/page_limits.h"
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
  EXPECT_EQ(share.at("settings"),
            json::parse(R"(["problem", "seed", "steps", "eval_every", "diagnostics"])"));
}

TEST(GalleryShare, RunsThatDifferOnlyInBatchSizeShareOnePage) {
  json small = network_config(8, nullptr);
  small["batch_size"] = 2;
  EXPECT_EQ(demo_json(demo_of({network_config(8, nullptr), small})).at("share").at("groups"),
            json::parse("[[0, 1]]"));
}

TEST(GalleryShare, AGroupLargerThanAPageIsCutInTheDemosOrder) {
  // 2.5 pages of runs that agree, with one run of another seed in the middle.
  const std::size_t page = PageLimits::max_runs;
  std::vector<json> configs;
  for (std::size_t i = 0; i < 2 * page + page / 2; ++i)
    configs.push_back(network_config(8, nullptr));
  json other = network_config(8, nullptr);
  other["seed"] = 5;
  configs.insert(configs.begin() + 3, other);
  const json groups = demo_json(demo_of(configs)).at("share").at("groups");
  ASSERT_EQ(groups.size(), 4u);
  std::vector<std::size_t> agreeing;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    if (i != 3) agreeing.push_back(i);
  }
  const auto slice = [&](std::size_t from, std::size_t to) {
    return json(std::vector<std::size_t>(agreeing.begin() + static_cast<std::ptrdiff_t>(from),
                                         agreeing.begin() + static_cast<std::ptrdiff_t>(to)));
  };
  EXPECT_EQ(groups[0], slice(0, page));
  EXPECT_EQ(groups[1], slice(page, 2 * page));
  EXPECT_EQ(groups[2], slice(2 * page, agreeing.size()));
  EXPECT_EQ(groups[3], json::parse("[3]"));
}

TEST(GalleryShare, TheCatalogSaysHowManyRunsAPageHolds) {
  EXPECT_EQ(catalog_json().at("limits").at("max_runs"), PageLimits::max_runs);
}

json groups_of(const std::string& name) {
  const Demo* demo = find_demo(name);
  if (demo == nullptr) return nullptr;
  return demo_json(*demo).at("share").at("groups");
}

TEST(GalleryShare, SgdStabilityBatchIsOnePageOfItsFourBatchSizes) {
  EXPECT_EQ(groups_of("sgd_stability_batch"), json::parse("[[0, 1, 2, 3]]"));
}

TEST(GalleryShare, BatchSizeLrScalingIsCutIntoFullPagesCoveringEveryRunOnceInOrder) {
  const Demo* demo = find_demo("batch_size_lr_scaling");
  ASSERT_NE(demo, nullptr);
  const json groups = groups_of("batch_size_lr_scaling");
  std::vector<std::size_t> seen;
  for (const auto& group : groups) {
    EXPECT_LE(group.size(), static_cast<std::size_t>(PageLimits::max_runs));
    for (const auto& i : group) seen.push_back(i.get<std::size_t>());
  }
  std::vector<std::size_t> all(demo->runs.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  EXPECT_EQ(seen, all);
  // Its runs are ordered by batch size, ten to a batch size: each page is one batch size.
  for (const auto& group : groups) {
    const json& first = demo->runs[group[0].get<std::size_t>()].config.at("batch_size");
    for (const auto& i : group) {
      EXPECT_EQ(demo->runs[i.get<std::size_t>()].config.at("batch_size"), first);
    }
  }
}

TEST(GalleryShare, EveryDemosPagesHoldAtMostAPageOfRuns) {
  for (const auto& demo : gallery_demos()) {
    const json out = demo_json(demo);  // kept: the loop below reads into it
    for (const auto& group : out.at("share").at("groups")) {
      EXPECT_LE(group.size(), static_cast<std::size_t>(PageLimits::max_runs)) << demo.name;
    }
  }
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
