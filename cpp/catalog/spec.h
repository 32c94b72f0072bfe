#pragma once
// Catalog metadata shared by every entry (optimizers, transforms, schedules, problems).
// This is the single source the CLI prints and the web page renders forms from.
#include <map>
#include <string>
#include <vector>

namespace descent {

struct Citation {
  std::string title;
  std::string authors;  // "Kingma, Ba"
  int year = 0;
  std::string venue;  // "ICLR 2015", "arXiv:2402.01234"; may be empty
};

// Series: a list of numbers carried in the config (e.g. a previous run's gradient norms), not
// a form control; its length is bounded by min_length .. max_length and each entry by
// min .. max.
enum class ParamKind { Real, Integer, Boolean, Choice, Series };

struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::Real;
  double default_value = 0.0;
  double min = 0.0;  // inclusive bounds
  double max = 0.0;
  bool log_scale = false;  // the range spans decades: the UI uses a log slider
  std::string description;
  std::vector<std::string> choices;  // for Choice
  std::string default_choice;        // for Choice
  int min_length = 0;                // for Series
  int max_length = 0;                // for Series
};

// Resolved parameter values: every spec'd name present (defaults filled in).
struct ParamValues {
  std::map<std::string, double> numbers;
  std::map<std::string, std::string> choices;
  std::map<std::string, std::vector<double>> series;

  double get(const std::string& name) const { return numbers.at(name); }
  int get_int(const std::string& name) const { return static_cast<int>(numbers.at(name)); }
  bool get_bool(const std::string& name) const { return numbers.at(name) != 0.0; }
  const std::string& choice(const std::string& name) const { return choices.at(name); }
  const std::vector<double>& get_series(const std::string& name) const { return series.at(name); }
};

// Small builders so that catalog tables read like tables.
inline ParamSpec real(std::string name, double def, double lo, double hi, std::string description,
                      bool log_scale = false) {
  ParamSpec s;
  s.name = std::move(name);
  s.kind = ParamKind::Real;
  s.default_value = def;
  s.min = lo;
  s.max = hi;
  s.log_scale = log_scale;
  s.description = std::move(description);
  return s;
}
inline ParamSpec log_real(std::string name, double def, double lo, double hi,
                          std::string description) {
  return real(std::move(name), def, lo, hi, std::move(description), true);
}
inline ParamSpec integer(std::string name, double def, double lo, double hi,
                         std::string description, bool log_scale = false) {
  ParamSpec s = real(std::move(name), def, lo, hi, std::move(description), log_scale);
  s.kind = ParamKind::Integer;
  return s;
}
inline ParamSpec boolean(std::string name, bool def, std::string description) {
  ParamSpec s = real(std::move(name), def ? 1.0 : 0.0, 0.0, 1.0, std::move(description));
  s.kind = ParamKind::Boolean;
  return s;
}
inline ParamSpec choice(std::string name, std::string def, std::vector<std::string> choices,
                        std::string description) {
  ParamSpec s;
  s.name = std::move(name);
  s.kind = ParamKind::Choice;
  s.default_choice = std::move(def);
  s.choices = std::move(choices);
  s.description = std::move(description);
  return s;
}

inline ParamSpec series(std::string name, int min_length, int max_length, double lo, double hi,
                        std::string description) {
  ParamSpec s = real(std::move(name), 0.0, lo, hi, std::move(description));
  s.kind = ParamKind::Series;
  s.min_length = min_length;
  s.max_length = max_length;
  return s;
}

// Fills defaults for specs absent from `given` (used by tests and builders).
inline ParamValues with_defaults(const std::vector<ParamSpec>& specs, ParamValues given = {}) {
  for (const auto& s : specs) {
    if (s.kind == ParamKind::Choice) {
      given.choices.emplace(s.name, s.default_choice);
    } else if (s.kind == ParamKind::Series) {
      given.series.emplace(s.name, std::vector<double>{});  // empty: no default series
    } else {
      given.numbers.emplace(s.name, s.default_value);
    }
  }
  return given;
}

}  // namespace descent
