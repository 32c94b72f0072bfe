// From a table and a choice of columns to the Dataset a network trains on; the same steps as
// the built-in UCI sets (real.cpp), so a UCI table read from CSV gives the very same runs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "problems/datasets/split.h"
#include "problems/table/number_text.h"
#include "problems/table/table.h"
#include "problems/table/table_choice.h"

namespace descent {
namespace {

std::string cell_message(const Column& column, const CellProblem& p, const std::string& expected) {
  return "row " + std::to_string(p.row) + " (line " + std::to_string(p.line) + "), column " +
         single_quoted(column.name) + ": " + expected + ", got " +
         (p.text.empty() ? std::string("an empty cell")
                         : single_quoted(std::string(utf8_prefix(p.text, 64))));
}

[[noreturn]] void refuse(std::string message) { throw TableError{std::move(message)}; }

// Refuses a chosen column with a missing cell, or a numeric one with text in it.
void require_complete(const Column& column, const std::string& role) {
  if (column.missing_at) {
    refuse(cell_message(column, *column.missing_at,
                        "a missing value in the " + role + "; fill it in or drop the row"));
  }
  if (column.type == ColumnType::Numeric && column.text_at) {
    refuse(cell_message(column, *column.text_at,
                        "expected a number (the column's first value is one; numbers are "
                        "decimals within float range)"));
  }
}

// Category order: byte order of the values, independent of the order of the rows.
std::vector<int> sorted_level_rank(const Column& column) {
  std::vector<int> order(column.levels.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return column.levels[a] < column.levels[b]; });
  std::vector<int> rank(order.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<int>(r);
  return rank;
}

void standardize_targets(Dataset& d) {
  for (int k = 0; k < d.y_train.rows(); ++k) {
    const int n = static_cast<int>(d.y_train.cols());
    double sum = 0.0;
    for (int i = 0; i < n; ++i) sum += d.y_train(k, i);
    const double mean = n > 0 ? sum / n : 0.0;
    double squares = 0.0;
    for (int i = 0; i < n; ++i) squares += (d.y_train(k, i) - mean) * (d.y_train(k, i) - mean);
    const double sd = n > 0 ? std::sqrt(squares / n) : 0.0;
    const double scale = sd > 1e-12 * std::max(1.0, std::abs(mean)) ? sd : 1.0;
    for (Mat* m : {&d.y_train, &d.y_test}) {
      for (int i = 0; i < m->cols(); ++i) {
        (*m)(k, i) = static_cast<Scalar>((static_cast<double>((*m)(k, i)) - mean) / scale);
      }
    }
  }
}

}  // namespace

std::string number_label(float v) {
  if (v == std::floor(v) && std::abs(v) < 1e9f) return std::to_string(static_cast<long>(v));
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", static_cast<double>(v));
  return text;
}

Task guess_task(const Column& label) {
  if (label.type == ColumnType::Categorical) return Task::Classification;
  std::set<float> values;
  for (float v : label.numbers) {
    if (std::isnan(v)) continue;
    if (v != std::floor(v)) return Task::Regression;
    values.insert(v);
    if (static_cast<int>(values.size()) > kMaxGuessedClasses) return Task::Regression;
  }
  return Task::Classification;
}

std::vector<std::string> chosen_features(const Table& table, const TableChoice& choice) {
  if (!choice.features.empty()) return choice.features;
  std::vector<std::string> out;
  for (const Column& c : table.columns) {
    if (c.name != choice.label) out.push_back(c.name);
  }
  return out;
}

std::vector<ChoiceProblem> check_choice(const Table& table, const TableChoice& choice) {
  std::vector<ChoiceProblem> out;
  auto column_list = [&] {
    std::string s;
    for (std::size_t i = 0; i < table.columns.size() && i < 20; ++i) {
      s += (i ? ", " : "") + single_quoted(table.columns[i].name);
    }
    if (table.columns.size() > 20) s += ", ...";
    return s;
  };
  if (!table.find(choice.label)) {
    out.push_back(
        {"problem.label", "problem.label = " + single_quoted(choice.label) +
                              ": the table has no such column; its columns: " + column_list()});
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < choice.features.size(); ++i) {
    const std::string& f = choice.features[i];
    const std::string field = "problem.features[" + std::to_string(i) + "]";
    if (!table.find(f)) {
      out.push_back({field, field + " = " + single_quoted(f) +
                                ": the table has no such column; its " +
                                "columns: " + column_list()});
    } else if (f == choice.label) {
      out.push_back({field, field + " = " + single_quoted(f) + " is the label column"});
    } else if (!seen.insert(f).second) {
      out.push_back({field, field + " = " + single_quoted(f) + " is listed twice"});
    }
  }
  if (choice.task != "auto" && choice.task != "classification" && choice.task != "regression") {
    out.push_back({"problem.task", "problem.task = " + single_quoted(choice.task) +
                                       ": expected \"auto\", \"classification\" or "
                                       "\"regression\""});
  }
  if (out.empty() && chosen_features(table, choice).empty()) {
    out.push_back({"problem.features",
                   "problem.features: no feature columns (the table has "
                   "only the label column)"});
  }
  return out;
}

Dataset encode_table(const Table& table, const TableChoice& choice, Rng& data_rng) {
  if (auto problems = check_choice(table, choice); !problems.empty()) {
    refuse(problems.front().message);
  }
  const Column& label = *table.find(choice.label);
  const Task task = choice.task == "auto"         ? guess_task(label)
                    : choice.task == "regression" ? Task::Regression
                                                  : Task::Classification;
  const int n = table.rows;

  // Features: count the encoded width first, so the limits refuse before any allocation.
  const std::vector<std::string> names = chosen_features(table, choice);
  std::vector<const Column*> columns;
  long width = 0;
  for (const std::string& name : names) {
    const Column* c = table.find(name);
    require_complete(*c, "feature column");
    columns.push_back(c);
    width += c->type == ColumnType::Numeric ? 1 : static_cast<long>(c->levels.size());
  }
  if (width > TableLimits::max_features) {
    refuse("the chosen features encode to " + std::to_string(width) +
           " columns (categorical columns one-hot, a column per value); at most " +
           std::to_string(TableLimits::max_features));
  }
  if (width * n > TableLimits::max_cells) {
    refuse(std::to_string(n) + " rows x " + std::to_string(width) +
           " encoded features is more than " + std::to_string(TableLimits::max_cells) + " values");
  }
  Dataset d;
  d.task = task;
  d.input_dim = static_cast<int>(width);
  Mat x(width, n);
  int f = 0;
  for (const Column* c : columns) {
    if (c->type == ColumnType::Numeric) {
      for (int i = 0; i < n; ++i) x(f, i) = c->numbers[static_cast<std::size_t>(i)];
      d.feature_names.push_back(c->name);
      ++f;
      continue;
    }
    const std::vector<int> rank = sorted_level_rank(*c);
    x.block(f, 0, static_cast<Eigen::Index>(c->levels.size()), n).setZero();
    for (int i = 0; i < n; ++i) x(f + rank[c->codes[static_cast<std::size_t>(i)]], i) = 1.0f;
    std::vector<std::string> level_names(c->levels.size());
    for (std::size_t l = 0; l < rank.size(); ++l) level_names[rank[l]] = c->levels[l];
    for (const std::string& level : level_names) d.feature_names.push_back(c->name + "=" + level);
    f += static_cast<int>(c->levels.size());
  }

  // Labels.
  require_complete(label, "label column");
  std::vector<int> classes;
  Mat y;
  if (task == Task::Classification) {
    classes.resize(static_cast<std::size_t>(n));
    if (label.type == ColumnType::Numeric) {
      std::map<float, int> index;
      for (float v : label.numbers) index.emplace(v, 0);
      int k = 0;
      for (auto& [value, id] : index) {
        id = k++;
        d.class_names.push_back(number_label(value));
      }
      for (int i = 0; i < n; ++i) classes[i] = index.at(label.numbers[static_cast<std::size_t>(i)]);
    } else {
      const std::vector<int> rank = sorted_level_rank(label);
      d.class_names.resize(label.levels.size());
      for (std::size_t l = 0; l < rank.size(); ++l) d.class_names[rank[l]] = label.levels[l];
      for (int i = 0; i < n; ++i) classes[i] = rank[label.codes[static_cast<std::size_t>(i)]];
    }
    const int k = static_cast<int>(d.class_names.size());
    if (k < 2) {
      refuse("column " + single_quoted(label.name) + " (the label) has one class, " +
             single_quoted(d.class_names.empty() ? std::string() : d.class_names[0]) +
             ": classification needs at least 2");
    }
    if (k > TableLimits::max_classes) {
      refuse("column " + single_quoted(label.name) + " (the label) has " + std::to_string(k) +
             " classes; at most " + std::to_string(TableLimits::max_classes) +
             " (for a numeric target choose regression)");
    }
    d.output_dim = k;
  } else {
    if (label.type != ColumnType::Numeric) {
      refuse("column " + single_quoted(label.name) + " (the label) holds text (for example " +
             single_quoted(label.levels.empty() ? std::string() : label.levels[0]) +
             "): regression needs a number in every row; choose classification");
    }
    y.resize(1, n);
    for (int i = 0; i < n; ++i) y(0, i) = label.numbers[static_cast<std::size_t>(i)];
    d.output_dim = 1;
  }
  const double test_fraction = std::clamp(choice.test_fraction, 0.0, 0.9);
  split_samples(d, x, classes, y, test_count(n, test_fraction), data_rng);
  standardize(d);
  if (task == Task::Regression) standardize_targets(d);
  return d;
}

}  // namespace descent
