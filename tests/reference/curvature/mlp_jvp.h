#pragma once
// A plain tanh MLP for reference implementations that need the network's logits: forward
// pass and forward-mode Jacobian-vector product of the logits, loops on std::vector, reading
// the flat parameters in the documented layout (cpp/nn/mlp.h): per layer W (out x in,
// column-major) then b; hidden layers h = tanh(W h + b), output layer z = W h + b. Inputs are
// columns of a column-major (input_dim x batch) array.
//   Forward mode: dz = dW h + W dh + db,  dh = (1 - tanh(z)^2) dz,  dh_0 = 0.
#include <cmath>
#include <vector>

namespace descent::reference::curvature {

struct TanhMlp {
  std::vector<int> widths;  // input, hidden..., output
  std::vector<double> x;    // input_dim x batch, column-major
  int batch = 0;

  // Logits (out x batch, column-major) in `z` and their derivative along v in `dz`.
  void jvp(const std::vector<float>& p, const std::vector<float>& v, std::vector<double>& z,
           std::vector<double>& dz) const {
    std::vector<double> h(x), dh(x.size(), 0.0);
    int offset = 0;
    const int layers = static_cast<int>(widths.size()) - 1;
    for (int l = 0; l < layers; ++l) {
      const int in = widths[l], out = widths[l + 1];
      std::vector<double> a(static_cast<std::size_t>(out) * batch), da(a.size());
      for (int j = 0; j < batch; ++j) {
        for (int r = 0; r < out; ++r) {
          double s = p[offset + out * in + r], ds = v[offset + out * in + r];
          for (int c = 0; c < in; ++c) {
            const int w = offset + c * out + r;
            s += p[w] * h[j * in + c];
            ds += v[w] * h[j * in + c] + p[w] * dh[j * in + c];
          }
          if (l + 1 < layers) {
            const double t = std::tanh(s);
            a[j * out + r] = t;
            da[j * out + r] = (1 - t * t) * ds;
          } else {
            a[j * out + r] = s;
            da[j * out + r] = ds;
          }
        }
      }
      offset += out * in + out;
      h.swap(a);
      dh.swap(da);
    }
    z = h;
    dz = dh;
  }
};

}  // namespace descent::reference::curvature
