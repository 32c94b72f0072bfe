#include "core/state_codec.h"

#include <cstring>

namespace descent {
namespace {

// Element kinds of a record.
constexpr char kFloat32 = 'f', kFloat64 = 'd', kInt64 = 'i';

const char* kind_name(char kind) {
  switch (kind) {
    case kFloat32:
      return "float32";
    case kFloat64:
      return "float64";
    case kInt64:
      return "int64";
  }
  return "unknown";
}

void put_u32(std::string& out, std::uint32_t x) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((x >> (8 * i)) & 0xffu));
}
void put_i64(std::string& out, std::int64_t x) {
  const auto u = static_cast<std::uint64_t>(x);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((u >> (8 * i)) & 0xffu));
}

}  // namespace

void StateWriter::record(const std::string& name, char kind, std::int64_t rows, std::int64_t cols,
                         const void* data, std::size_t bytes) {
  put_u32(out_, static_cast<std::uint32_t>(name.size()));
  out_ += name;
  out_.push_back(kind);
  put_i64(out_, rows);
  put_i64(out_, cols);
  // Both targets (x86-64, WebAssembly) are little-endian: the raw bytes are the stored form.
  out_.append(static_cast<const char*>(data), bytes);
}

void StateWriter::slot(const std::string& name, Vec& v, bool) {
  record(name, kFloat32, v.size(), 1, v.data(), sizeof(float) * static_cast<std::size_t>(v.size()));
}
void StateWriter::slot(const std::string& name, Mat& m, bool) {
  record(name, kFloat32, m.rows(), m.cols(), m.data(),
         sizeof(float) * static_cast<std::size_t>(m.size()));
}
void StateWriter::slot(const std::string& name, Eigen::VectorXd& v, bool) {
  record(name, kFloat64, v.size(), 1, v.data(),
         sizeof(double) * static_cast<std::size_t>(v.size()));
}
void StateWriter::slot(const std::string& name, Eigen::MatrixXd& m, bool) {
  record(name, kFloat64, m.rows(), m.cols(), m.data(),
         sizeof(double) * static_cast<std::size_t>(m.size()));
}
void StateWriter::slot(const std::string& name, double& x) {
  record(name, kFloat64, 1, 1, &x, sizeof x);
}
void StateWriter::slot(const std::string& name, std::int64_t& x) {
  record(name, kInt64, 1, 1, &x, sizeof x);
}

StateReader::Header StateReader::next(const std::string& name, char kind,
                                      std::size_t element_bytes) {
  auto take = [&](std::size_t n, const char* what) {
    if (in_.size() - at_ < n) {
      throw StateError{name, std::string("the checkpoint ends inside this slot's ") + what};
    }
    const char* p = in_.data() + at_;
    at_ += n;
    return p;
  };
  auto u64 = [](const char* p, int bytes) {
    std::uint64_t x = 0;
    for (int i = bytes - 1; i >= 0; --i) x = (x << 8) | static_cast<unsigned char>(p[i]);
    return x;
  };
  const auto name_size = static_cast<std::size_t>(u64(take(4, "name"), 4));
  if (name_size > in_.size() - at_) throw StateError{name, "the checkpoint ends inside a name"};
  const std::string stored(take(name_size, "name"), name_size);
  if (stored != name) {
    throw StateError{name, "expected slot '" + name + "', the checkpoint has '" + stored +
                               "' (a checkpoint of another optimizer, problem or version)"};
  }
  const char stored_kind = *take(1, "kind");
  if (stored_kind != kind) {
    throw StateError{name, std::string("expected ") + kind_name(kind) + " values, found " +
                               kind_name(stored_kind)};
  }
  Header h;
  h.rows = static_cast<std::int64_t>(u64(take(8, "shape"), 8));
  h.cols = static_cast<std::int64_t>(u64(take(8, "shape"), 8));
  const std::int64_t left = static_cast<std::int64_t>((in_.size() - at_) / element_bytes);
  constexpr std::int64_t kMaxSide = 1 << 30;
  if (h.rows < 0 || h.cols < 0 || h.rows > kMaxSide || h.cols > kMaxSide ||
      (h.cols > 0 && h.rows > left / h.cols)) {
    throw StateError{name, "shape " + std::to_string(h.rows) + " x " + std::to_string(h.cols) +
                               " is larger than the checkpoint"};
  }
  h.data = take(static_cast<std::size_t>(h.rows * h.cols) * element_bytes, "values");
  return h;
}

template <class M>
void StateReader::matrix(const std::string& name, M& m, bool resizable, char kind, bool vector) {
  using T = typename M::Scalar;
  const Header h = next(name, kind, sizeof(T));
  if (vector && h.cols != 1) {
    throw StateError{name, "expected a vector, found " + std::to_string(h.cols) + " columns"};
  }
  if (h.rows != m.rows() || h.cols != m.cols()) {
    if (!resizable) {
      throw StateError{name, "expected shape " + std::to_string(m.rows()) + " x " +
                                 std::to_string(m.cols()) + ", found " + std::to_string(h.rows) +
                                 " x " + std::to_string(h.cols)};
    }
    m.resize(h.rows, h.cols);
  }
  if (m.size() > 0) std::memcpy(m.data(), h.data, sizeof(T) * static_cast<std::size_t>(m.size()));
}

void StateReader::slot(const std::string& name, Vec& v, bool resizable) {
  matrix(name, v, resizable, kFloat32, true);
}
void StateReader::slot(const std::string& name, Mat& m, bool resizable) {
  matrix(name, m, resizable, kFloat32, false);
}
void StateReader::slot(const std::string& name, Eigen::VectorXd& v, bool resizable) {
  matrix(name, v, resizable, kFloat64, true);
}
void StateReader::slot(const std::string& name, Eigen::MatrixXd& m, bool resizable) {
  matrix(name, m, resizable, kFloat64, false);
}
void StateReader::slot(const std::string& name, double& x) {
  Eigen::Matrix<double, 1, 1> m;
  matrix(name, m, false, kFloat64, true);
  x = m(0, 0);
}
void StateReader::slot(const std::string& name, std::int64_t& x) {
  const Header h = next(name, kInt64, 8);
  if (h.rows != 1 || h.cols != 1) throw StateError{name, "expected one integer"};
  std::memcpy(&x, h.data, sizeof x);
}

void StateReader::check_count(const std::string& name, std::int64_t count) {
  // Every item takes at least one record header (4 + 1 + 16 bytes).
  if (count < 0 || static_cast<std::uint64_t>(count) > (in_.size() - at_) / 21) {
    throw StateError{name, "count " + std::to_string(count) + " is out of range"};
  }
}

void StateReader::finish() const {
  if (at_ != in_.size()) {
    throw StateError{"checkpoint", std::to_string(in_.size() - at_) +
                                       " bytes follow the last slot (a checkpoint of another "
                                       "configuration?)"};
  }
}

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64_encode(const std::string& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t chunk = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(kAlphabet[(chunk >> 18) & 63]);
    out.push_back(kAlphabet[(chunk >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(chunk >> 6) & 63] : '=');
    out.push_back(i + 2 < bytes.size() ? kAlphabet[chunk & 63] : '=');
  }
  return out;
}

std::string base64_decode(const std::string& text) {
  if (text.size() % 4 != 0) {
    throw StateError{"checkpoint", "base64 text of length " + std::to_string(text.size()) +
                                       " (not a multiple of 4)"};
  }
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint32_t chunk = 0;
    int padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      const char* p = c == '=' ? nullptr : std::strchr(kAlphabet, c);
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++padding;
      } else if (p == nullptr || c == '\0' || padding > 0) {
        throw StateError{"checkpoint", "character " + std::to_string(i + j) + " is not base64"};
      }
      chunk = (chunk << 6) | static_cast<std::uint32_t>(p ? p - kAlphabet : 0);
    }
    out.push_back(static_cast<char>((chunk >> 16) & 0xff));
    if (padding < 2) out.push_back(static_cast<char>((chunk >> 8) & 0xff));
    if (padding < 1) out.push_back(static_cast<char>(chunk & 0xff));
  }
  return out;
}

}  // namespace descent
