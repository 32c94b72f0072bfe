#pragma once
// What one page of the playground holds. The page's state table has the same number
// (MAX_RUNS in web/src/state/state-table.ts; web/tests/unit/gallery-core.test.ts checks that
// the two agree through the catalog's limits.max_runs), and the gallery splits a demo's runs
// into pages of at most this many (cpp/gallery/gallery.cpp).
namespace descent {

struct PageLimits {
  static constexpr int max_runs = 10;
};

}  // namespace descent
