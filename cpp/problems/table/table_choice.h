#pragma once
// What a run takes from a table: the label column, the feature columns, the task and the
// split. Part of the run config ("problem": {"kind": "table", ...}) and of a share link.
#include <string>
#include <vector>

#include "problems/datasets/dataset.h"
#include "problems/table/table.h"

namespace descent {

struct TableChoice {
  std::string sha256;                 // names the table's bytes
  std::string path;                   // command line only: where the file is (may be empty)
  std::string label;                  // the label column
  std::vector<std::string> features;  // feature columns, in this order; empty = every other
  std::string task = "auto";          // "auto", "classification" or "regression"
  double test_fraction = 0.25;
};

// Classification when the label is text, or whole numbers with at most this many distinct
// values; regression otherwise.
constexpr int kMaxGuessedClasses = 20;

// A numeric class's name: whole numbers without a point, others to float precision.
std::string number_label(float v);

// The task "auto" stands for, given the label column.
Task guess_task(const Column& label);

// The feature columns `choice` stands for: its list, or every column but the label in file
// order.
std::vector<std::string> chosen_features(const Table& table, const TableChoice& choice);

// A message naming the config field for a choice that does not fit the table (an unknown
// column, the label among the features, a repeated feature, an unknown task), or empty.
struct ChoiceProblem {
  std::string field;
  std::string message;
};
std::vector<ChoiceProblem> check_choice(const Table& table, const TableChoice& choice);

// The data set: features (numeric as read, categorical one-hot over the column's values in
// byte order), labels (classes in numeric order for a numeric label, byte order for text;
// regression targets as read), split by one permutation drawn from `data_rng` (as the
// built-in sets), then every feature and a regression target standardised with the training
// split's mean and variance. Throws TableError naming the row, the column and what was
// expected when a chosen cell cannot be used.
Dataset encode_table(const Table& table, const TableChoice& choice, Rng& data_rng);

}  // namespace descent
