#pragma once
// State as explicit data, after optax: everything a run carries from one step to the next
// (optimizer and transform buffers, counters, random streams, the float64 shadow) is a list of
// named slots that one visitor walks. A writer copies each slot out (a checkpoint), a reader
// overwrites it (a resume); the owner of the state writes one visit_state() and no
// serialisation code of its own. Slots are visited in a fixed order, so a reader checks each
// stored name, kind and shape against the slot it fills.
#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/types.h"

namespace descent {

// A restored value that does not fit (thrown by readers and by visit_state() checks).
struct StateError {
  std::string field;    // the slot ("optimizer.own.0.m") or part of the header
  std::string message;  // what was expected and what was found
};

class StateVisitor {
 public:
  virtual ~StateVisitor() = default;

  // The primitive slots. `resizable`: the slot's size is state too (a growing history); a
  // reader resizes it to the stored shape. Otherwise init() fixed the shape and a reader
  // refuses any other.
  virtual void slot(const std::string& name, Vec& v, bool resizable = false) = 0;
  virtual void slot(const std::string& name, Mat& m, bool resizable = false) = 0;
  virtual void slot(const std::string& name, Eigen::VectorXd& v, bool resizable = false) = 0;
  virtual void slot(const std::string& name, Eigen::MatrixXd& m, bool resizable = false) = 0;
  virtual void slot(const std::string& name, double& x) = 0;
  virtual void slot(const std::string& name, std::int64_t& x) = 0;

  // Conveniences on top of the primitives (exact: float -> double -> float is the identity).
  void slot(const std::string& name, float& x) {
    double d = x;
    slot(name, d);
    x = static_cast<float>(d);
  }
  void slot(const std::string& name, int& x) {
    std::int64_t i = x;
    slot(name, i);
    x = static_cast<int>(i);
  }
  void slot(const std::string& name, bool& x) {
    std::int64_t i = x ? 1 : 0;
    slot(name, i);
    x = i != 0;
  }
  void slot(const std::string& name, std::uint64_t& x) {
    auto i = static_cast<std::int64_t>(x);
    slot(name, i);
    x = static_cast<std::uint64_t>(i);
  }
  void slot(const std::string& name, Rng& rng) {
    RngState s = rng.state();
    slot(name + ".state", s.state);
    slot(name + ".inc", s.inc);
    slot(name + ".has_spare", s.has_spare);
    slot(name + ".spare", s.spare);
    rng.restore(s);
  }
  void slot(const std::string& name, std::vector<double>& xs, bool resizable = false) {
    Eigen::VectorXd v =
        Eigen::Map<Eigen::VectorXd>(xs.data(), static_cast<Eigen::Index>(xs.size()));
    slot(name, v, resizable);
    xs.assign(v.data(), v.data() + v.size());
  }
  void slot(const std::string& name, std::vector<int>& xs, bool resizable = false) {
    std::vector<double> d(xs.begin(), xs.end());
    slot(name, d, resizable);
    xs.assign(d.begin(), d.end());
  }
  // A fixed number of buffers (one per layer): name.0, name.1, ...
  template <class T>
  void slots(const std::string& name, std::vector<T>& items) {
    for (std::size_t i = 0; i < items.size(); ++i) slot(name + "." + std::to_string(i), items[i]);
  }
  // A collection whose length is state (a history): its count, then each item, resizable.
  template <class T>
  void history(const std::string& name, std::vector<T>& items) {
    std::int64_t n = static_cast<std::int64_t>(items.size());
    slot(name + ".count", n);
    check_count(name + ".count", n);
    items.resize(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < items.size(); ++i) {
      slot(name + "." + std::to_string(i), items[i], true);
    }
  }

  // A reader refuses counts it could not hold (a writer never fails).
  virtual void check_count(const std::string& /*name*/, std::int64_t /*count*/) {}
};

// Anything with state between steps.
class Stateful {
 public:
  virtual ~Stateful() = default;
  // Visits every slot of state, in a fixed order. Stateless objects visit nothing.
  virtual void visit_state(StateVisitor& visitor) = 0;
};

// Prefixes the slot names of a part ("chain.2.m").
class ScopedVisitor final : public StateVisitor {
 public:
  ScopedVisitor(StateVisitor& inner, std::string prefix)
      : inner_(inner), prefix_(std::move(prefix) + ".") {}
  using StateVisitor::slot;
  void slot(const std::string& name, Vec& v, bool resizable) override {
    inner_.slot(prefix_ + name, v, resizable);
  }
  void slot(const std::string& name, Mat& m, bool resizable) override {
    inner_.slot(prefix_ + name, m, resizable);
  }
  void slot(const std::string& name, Eigen::VectorXd& v, bool resizable) override {
    inner_.slot(prefix_ + name, v, resizable);
  }
  void slot(const std::string& name, Eigen::MatrixXd& m, bool resizable) override {
    inner_.slot(prefix_ + name, m, resizable);
  }
  void slot(const std::string& name, double& x) override { inner_.slot(prefix_ + name, x); }
  void slot(const std::string& name, std::int64_t& x) override { inner_.slot(prefix_ + name, x); }
  void check_count(const std::string& name, std::int64_t count) override {
    inner_.check_count(prefix_ + name, count);
  }

 private:
  StateVisitor& inner_;
  std::string prefix_;
};

// Visits `part`'s state under `prefix`.
inline void visit_part(StateVisitor& visitor, const std::string& prefix, Stateful& part) {
  ScopedVisitor scoped(visitor, prefix);
  part.visit_state(scoped);
}

}  // namespace descent
