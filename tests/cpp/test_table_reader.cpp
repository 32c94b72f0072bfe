// The table reader and encoder: well-formed files read as written, and a table of malformed
// files, each refused with a message that names the row, the column and what was expected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "problems/table/describe_table.h"
#include "problems/table/number_text.h"
#include "problems/table/table_choice.h"

namespace descent {
namespace {

Table read_ok(const std::string& text) {
  TableRead read = read_table(text);
  EXPECT_TRUE(read.table.has_value()) << (read.error ? read.error->message : "");
  return read.table ? *read.table : Table{};
}

std::string encode_error(const std::string& text, TableChoice choice) {
  TableRead read = read_table(text);
  if (!read.table) return read.error->message;
  try {
    Rng rng(1, Stream::Data);
    encode_table(*read.table, choice, rng);
  } catch (const TableError& e) {
    return e.message;
  }
  return "(accepted)";
}

TableChoice label(const std::string& name, const std::string& task = "auto") {
  TableChoice c;
  c.label = name;
  c.task = task;
  return c;
}

TEST(TableReader, ReadsQuotedFieldsTypesAndLineEndings) {
  const Table t = read_ok(
      "\xEF\xBB\xBF"
      "name,\"size, cm\",colour\r\n"
      "\"a \"\"big\"\" one\",1.5,red\r\n"
      "\r\n"
      "b,-2e1,\"blue\nish\"\r\n"
      "c,NA,red\n");
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[1].name, "size, cm");
  EXPECT_EQ(t.rows, 3);
  EXPECT_EQ(t.columns[0].type, ColumnType::Categorical);
  EXPECT_EQ(t.columns[0].levels[0], "a \"big\" one");
  EXPECT_EQ(t.columns[1].type, ColumnType::Numeric);
  EXPECT_EQ(t.columns[1].numbers[1], -20.0f);
  EXPECT_TRUE(std::isnan(t.columns[1].numbers[2]));
  EXPECT_EQ(t.columns[1].missing, 1);
  ASSERT_TRUE(t.columns[1].missing_at.has_value());
  EXPECT_EQ(t.columns[1].missing_at->row, 3);
  EXPECT_EQ(t.columns[1].missing_at->line, 6);  // the quoted line break counts as a line
  EXPECT_EQ(t.columns[2].levels, (std::vector<std::string>{"red", "blue\nish"}));
}

TEST(TableReader, TabSeparatedAndSemicolonFiles) {
  const Table tsv = read_ok("x\ty\n1,5\t2\n");
  EXPECT_EQ(tsv.delimiter, '\t');
  EXPECT_EQ(tsv.columns[0].type, ColumnType::Categorical);  // "1,5" is not a number
  const Table semi = read_ok("x;y\n1;2\n");
  EXPECT_EQ(semi.delimiter, ';');
  EXPECT_EQ(semi.columns[1].numbers[0], 2.0f);
}

TEST(TableReader, NumbersRoundOnceToTheNearestFloat) {
  // The literal the compiler rounds (the embedded UCI sets) and the text the reader rounds.
  EXPECT_EQ(*parse_number("5.1"), 5.1f);
  EXPECT_EQ(*parse_number("0.1184"), 0.1184f);
  EXPECT_EQ(*parse_number("-.5e-3"), -.5e-3f);
  EXPECT_EQ(*parse_number("+7."), 7.0f);
  // 16777217 lies halfway between two floats; the tie goes to even, 16777216.
  EXPECT_EQ(*parse_number("16777217"), 16777216.0f);
  for (const char* bad : {"inf", "nan", "0x10", "1e", "1e400", " 1", "1,5", "--1", ".", "e5"}) {
    EXPECT_FALSE(parse_number(bad).has_value()) << bad;
  }
  for (const char* missing : {"", "NA", "n/a", "NaN", "null", "?"}) {
    EXPECT_TRUE(is_missing_text(missing)) << missing;
  }
}

struct Malformed {
  const char* what;
  std::string text;
  TableChoice choice;
  std::vector<std::string> message_parts;  // every one must appear in the message
};

TEST(TableReader, MalformedFilesEachGetTheirMessage) {
  const std::string wide_header = [] {
    std::string s;
    for (int i = 0; i < 1025; ++i) s += (i ? ",c" : "c") + std::to_string(i);
    return s + "\n";
  }();
  const std::string wide_levels = [] {
    std::string s = "id,y\n";
    for (int i = 0; i < 1100; ++i)
      s += "v" + std::to_string(i) + "," + std::to_string(i % 2) + "\n";
    return s;
  }();
  const std::vector<Malformed> cases = {
      {"empty file", "", label("y"), {"the file is empty"}},
      {"header only", "a,y\n", label("y"), {"header but no data rows"}},
      {"ragged row, too few",
       "a,b,y\n1,2,0\n3,4\n",
       label("y"),
       {"row 2 (line 3)", "2 fields", "has 3 columns", "no field for column 3"}},
      {"ragged row, too many",
       "a,y\n1,0\n2,1,9\n",
       label("y"),
       {"row 2 (line 3)", "3 fields", "extra field"}},
      {"unclosed quote",
       "a,y\n1,0\n\"2,1\n",
       label("y"),
       {"row 2 (line 3)", "column 'a'", "not closed"}},
      {"text after a quote",
       "a,y\n\"1\"x,0\n",
       label("y"),
       {"row 1 (line 2)", "column 'a'", "after a closing quote"}},
      {"empty column name", "a,,y\n1,2,0\n", label("y"), {"header", "column 2", "empty"}},
      {"repeated column name", "a,b,a\n1,2,0\n", label("a"), {"column 3", "'a'", "column 1"}},
      {"too many columns", wide_header, label("c0"), {"1,025 columns", "at most 1,024"}},
      {"missing feature value",
       "a,b,y\n1,2,0\n3,,1\n",
       label("y"),
       {"row 2 (line 3)", "column 'b'", "missing value", "feature"}},
      {"missing label",
       "a,y\n1,0\n2,NA\n3,1\n",
       label("y"),
       {"row 2 (line 3)", "column 'y'", "missing value", "label"}},
      {"text in a numeric column",
       "a,y\n1,0\n2,1\nabc,0\n",
       label("y"),
       {"row 3 (line 4)", "column 'a'", "expected a number", "'abc'"}},
      {"number out of float range",
       "a,y\n1,0\n1e39,1\n",
       label("y"),
       {"row 2 (line 3)", "column 'a'", "expected a number", "'1e39'"}},
      {"label with one class",
       "a,y\n1,yes\n2,yes\n",
       label("y"),
       {"column 'y'", "one class", "'yes'", "at least 2"}},
      {"text label for regression",
       "a,y\n1,low\n2,high\n",
       label("y", "regression"),
       {"column 'y'", "text", "regression"}},
      {"too many classes",
       wide_levels,
       label("id", "classification"),
       {"column 'id'", "1100 classes", "at most 100"}},
      {"too many encoded features",
       wide_levels,
       label("y"),
       {"encode to 1100 columns", "at most 1024"}},
      {"not UTF-8", "a,y\n1,0\ncaf\xE9,1\n", label("y"), {"line 3", "not UTF-8"}},
      {"unknown label column", "a,y\n1,0\n2,1\n", label("z"), {"'z'", "no such column"}},
  };
  for (const Malformed& m : cases) {
    const std::string message = encode_error(m.text, m.choice);
    for (const std::string& part : m.message_parts) {
      EXPECT_NE(message.find(part), std::string::npos)
          << m.what << ": '" << part << "' not in: " << message;
    }
  }
}

TEST(TableReader, ShortenedCellsStayValidUtf8) {
  // 63 ASCII bytes then a two-byte character: cutting at 64 bytes would split it (found by
  // table_fuzz: the description's JSON refused the half character).
  const std::string cell = std::string(63, 'a') + "\xC3\xA9" + std::string(10, 'b');
  const Table table = read_ok("name,y\n" + cell + ",1\n" + "x,2\n");
  ASSERT_FALSE(table.preview.empty());
  EXPECT_EQ(table.preview[0][0], std::string(63, 'a') + "...");
  EXPECT_NO_THROW((void)nlohmann::json(table.preview).dump());
  EXPECT_EQ(utf8_prefix(cell, 65), std::string(63, 'a') + "\xC3\xA9");
  EXPECT_EQ(utf8_prefix(cell, 64), std::string(63, 'a'));
  EXPECT_EQ(utf8_prefix("ab", 64), "ab");
}

TEST(TableReader, ByteAndRowLimitsAreEnforced) {
  const std::string big(TableLimits::max_bytes + 1, 'a');
  EXPECT_NE(read_table(big).error->message.find("at most 16,777,216"), std::string::npos);
  std::string rows = "y\n";
  for (int i = 0; i <= TableLimits::max_rows; ++i) rows += "1\n";
  const TableRead read = read_table(rows);
  ASSERT_TRUE(read.error.has_value());
  EXPECT_NE(read.error->message.find("more than 100,000 data rows"), std::string::npos);
}

TEST(TableEncoder, OneHotCategoriesInByteOrderAndClassesInNumericOrder) {
  const Table t = read_ok("colour,x,y\nred,1,10\nblue,2,2\ngreen,3,10\nred,4,2\n");
  TableChoice c = label("y");
  c.test_fraction = 0.0;
  Rng rng(3, Stream::Data);
  const Dataset d = encode_table(t, c, rng);
  EXPECT_EQ(d.task, Task::Classification);
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"2", "10"}));
  EXPECT_EQ(d.feature_names,
            (std::vector<std::string>{"colour=blue", "colour=green", "colour=red", "x"}));
  ASSERT_EQ(d.input_dim, 4);
  ASSERT_EQ(d.n_train(), 4);
  // Rows are permuted: identify each by the rank of its standardised x (x = 1..4). After
  // standardisation a one-hot column holds two values; the row's category has the larger.
  const int expected_hot[] = {2, 0, 1, 2};    // red, blue, green, red
  const int expected_class[] = {1, 0, 1, 0};  // 10, 2, 10, 2
  for (int i = 0; i < 4; ++i) {
    int rank = 0;
    for (int j = 0; j < 4; ++j) rank += d.x_train(3, j) < d.x_train(3, i) ? 1 : 0;
    int hot = 0;
    for (int f = 1; f < 3; ++f) {
      if (d.x_train(f, i) > d.x_train(hot, i)) hot = f;
    }
    EXPECT_EQ(hot, expected_hot[rank]) << "x = " << rank + 1;
    EXPECT_EQ(d.label_train[static_cast<std::size_t>(i)], expected_class[rank]);
  }
}

TEST(TableEncoder, TaskGuessedFromTheLabelAndOverridable) {
  const Table t = read_ok("x,y,z\n1,0.5,3\n2,1.5,4\n3,2.5,3\n");
  EXPECT_EQ(guess_task(*t.find("y")), Task::Regression);      // not whole numbers
  EXPECT_EQ(guess_task(*t.find("z")), Task::Classification);  // 2 whole values
  TableChoice c = label("z", "regression");
  c.features = {"x"};
  Rng rng(1, Stream::Data);
  EXPECT_EQ(encode_table(t, c, rng).task, Task::Regression);
}

// Standardisation is fitted on the training split alone: the test split is shifted and
// scaled by the training split's mean and deviation, computed here independently.
TEST(TableEncoder, StandardisationUsesTheTrainingSplitOnly) {
  std::string text = "x,y\n";
  for (int i = 0; i < 40; ++i) text += std::to_string(i * i) + "," + std::to_string(i % 2) + "\n";
  const Table t = read_ok(text);
  TableChoice c = label("y");
  c.test_fraction = 0.25;
  Rng rng(9, Stream::Data);
  const Dataset d = encode_table(t, c, rng);
  ASSERT_EQ(d.n_test(), 10);
  // Recover the raw x of every sample: standardised values are affine in the raw ones with
  // the same coefficients in both splits, so the train values have mean 0 and variance 1
  // and the test values do not (they are shifted away by the split's different contents).
  double mean = 0, squares = 0;
  for (int i = 0; i < d.n_train(); ++i) mean += d.x_train(0, i);
  mean /= d.n_train();
  for (int i = 0; i < d.n_train(); ++i) squares += std::pow(d.x_train(0, i) - mean, 2);
  EXPECT_NEAR(mean, 0.0, 1e-6);
  EXPECT_NEAR(squares / d.n_train(), 1.0, 1e-5);
  // Independently: each sample's raw x from its rank (x = i * i is increasing in i), the
  // training split's raw statistics, and what each test value must then be.
  std::vector<double> raw_train;
  double raw_mean = 0, raw_squares = 0;
  std::vector<double> z_all;
  for (int i = 0; i < d.n_train(); ++i) z_all.push_back(d.x_train(0, i));
  for (int i = 0; i < d.n_test(); ++i) z_all.push_back(d.x_test(0, i));
  std::vector<double> sorted = z_all;
  std::sort(sorted.begin(), sorted.end());
  auto raw_of = [&](double z) {
    const auto at = std::lower_bound(sorted.begin(), sorted.end(), z) - sorted.begin();
    return static_cast<double>(at * at);
  };
  for (int i = 0; i < d.n_train(); ++i) raw_train.push_back(raw_of(d.x_train(0, i)));
  for (double v : raw_train) raw_mean += v;
  raw_mean /= static_cast<double>(raw_train.size());
  for (double v : raw_train) raw_squares += (v - raw_mean) * (v - raw_mean);
  const double raw_sd = std::sqrt(raw_squares / static_cast<double>(raw_train.size()));
  for (int i = 0; i < d.n_test(); ++i) {
    const double expected = (raw_of(d.x_test(0, i)) - raw_mean) / raw_sd;
    EXPECT_NEAR(d.x_test(0, i), expected, 1e-5);
  }
}

TEST(TableEncoder, SplitFollowsTheDataSeed) {
  std::string text = "x,y\n";
  for (int i = 0; i < 30; ++i) text += std::to_string(i) + "," + std::to_string(i % 3) + "\n";
  const Table t = read_ok(text);
  const TableChoice c = label("y");
  Rng a(1, Stream::Data), b(1, Stream::Data), other(2, Stream::Data);
  const Dataset da = encode_table(t, c, a), db = encode_table(t, c, b),
                dc = encode_table(t, c, other);
  EXPECT_EQ(da.label_test, db.label_test);
  EXPECT_TRUE(da.x_test == db.x_test);
  EXPECT_FALSE(da.x_test == dc.x_test);
}

TEST(TableDescribe, ClassBalanceHistogramAndTheChoicesError) {
  const Table t = read_ok("x,kind,price\n1,cat,10\n2,dog,20\n3,cat,40\n4,cat,\n");
  nlohmann::json d = describe_table(t, label("kind"));
  EXPECT_EQ(d["rows"], 4);
  EXPECT_EQ(d["columns"][1]["type"], "categorical");
  EXPECT_EQ(d["label"]["classes"][0]["name"], "cat");
  EXPECT_EQ(d["label"]["classes"][0]["count"], 3);
  EXPECT_EQ(d["label"]["classes"][1]["count"], 1);
  // price has a missing value in row 4: chosen as a feature, the choice is refused.
  EXPECT_NE(d["error"].get<std::string>().find("row 4 (line 5), column 'price'"),
            std::string::npos);
  TableChoice c = label("price", "regression");
  c.features = {"x"};
  d = describe_table(t, c);
  EXPECT_EQ(d["label"]["histogram"]["min"], 10.0);
  EXPECT_EQ(d["label"]["histogram"]["max"], 40.0);
  const auto counts = d["label"]["histogram"]["counts"].get<std::vector<long>>();
  EXPECT_EQ(counts.front(), 1);
  EXPECT_EQ(counts.back(), 1);
  EXPECT_NE(d["error"].get<std::string>().find("missing value in the label"), std::string::npos);
}

}  // namespace
}  // namespace descent
