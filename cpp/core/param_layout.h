#pragma once
// Parameters live in one flat float vector; the layout says which slice is which tensor, so
// that optimizers acting per weight matrix (LAMB, AdamP, Muon, Shampoo) can see the shapes.
#include <string>
#include <vector>

namespace descent {

enum class TensorRole { Weight, Bias, Gain, Point };

struct TensorSlice {
  std::string name;  // "layer1.weight"
  int offset = 0;    // into the flat vector
  int rows = 0;      // a weight matrix is rows x cols, column-major; a vector is rows x 1
  int cols = 1;
  TensorRole role = TensorRole::Weight;
  int size() const { return rows * cols; }
  bool is_matrix() const { return role == TensorRole::Weight && cols > 1 && rows > 1; }
};

struct ParamLayout {
  std::vector<TensorSlice> tensors;
  int size = 0;

  void add(std::string name, int rows, int cols, TensorRole role) {
    tensors.push_back({std::move(name), size, rows, cols, role});
    size += rows * cols;
  }
  static ParamLayout single_vector(int n, const std::string& name, TensorRole role) {
    ParamLayout layout;
    layout.add(name, n, 1, role);
    return layout;
  }
};

}  // namespace descent
