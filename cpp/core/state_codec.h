#pragma once
// The byte form of state (core/state.h): a header, then one record per slot in visiting
// order (name, element kind, rows, cols, raw little-endian values). Values are stored
// exactly, so a restored run continues bit for bit. The bytes are untrusted input when
// read back: every record is checked against the slot it fills (name, kind, shape) and a
// mismatch is a StateError naming the slot; nothing is read past the end.
#include <string>

#include "core/state.h"

namespace descent {

// Appends every slot `visit` reaches to a byte string.
class StateWriter final : public StateVisitor {
 public:
  explicit StateWriter(std::string& out) : out_(out) {}
  using StateVisitor::slot;
  void slot(const std::string& name, Vec& v, bool resizable) override;
  void slot(const std::string& name, Mat& m, bool resizable) override;
  void slot(const std::string& name, Eigen::VectorXd& v, bool resizable) override;
  void slot(const std::string& name, Eigen::MatrixXd& m, bool resizable) override;
  void slot(const std::string& name, double& x) override;
  void slot(const std::string& name, std::int64_t& x) override;

 private:
  void record(const std::string& name, char kind, std::int64_t rows, std::int64_t cols,
              const void* data, std::size_t bytes);
  std::string& out_;
};

// Overwrites every slot from bytes a StateWriter produced for the same structure; throws
// StateError on the first record that does not fit.
class StateReader final : public StateVisitor {
 public:
  StateReader(const std::string& in, std::size_t offset) : in_(in), at_(offset) {}
  using StateVisitor::slot;
  void slot(const std::string& name, Vec& v, bool resizable) override;
  void slot(const std::string& name, Mat& m, bool resizable) override;
  void slot(const std::string& name, Eigen::VectorXd& v, bool resizable) override;
  void slot(const std::string& name, Eigen::MatrixXd& m, bool resizable) override;
  void slot(const std::string& name, double& x) override;
  void slot(const std::string& name, std::int64_t& x) override;
  void check_count(const std::string& name, std::int64_t count) override;
  // Throws unless every byte was read.
  void finish() const;

 private:
  struct Header {
    std::int64_t rows = 0, cols = 0;
    const char* data = nullptr;
  };
  Header next(const std::string& name, char kind, std::size_t element_bytes);
  template <class M>
  void matrix(const std::string& name, M& m, bool resizable, char kind, bool vector);
  const std::string& in_;
  std::size_t at_;
};

// Text forms for JSON and the page (RFC 4648 base64, with padding).
std::string base64_encode(const std::string& bytes);
// Throws StateError (field "checkpoint") on a character outside the alphabet.
std::string base64_decode(const std::string& text);

}  // namespace descent
