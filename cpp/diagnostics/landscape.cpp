#include "diagnostics/landscape.h"

#include <algorithm>
#include <cmath>

namespace descent {

Vec filter_normalised_direction(const ParamLayout& layout, ConstVecRef params, Rng& rng) {
  Vec d = Vec::Zero(params.size());
  for (const auto& t : layout.tensors) {
    if (t.role == TensorRole::Bias || t.role == TensorRole::Gain) continue;
    // Column-major rows x cols: filter r is the strided row r (for vectors: the whole
    // tensor, one filter).
    const int filters = t.cols > 1 ? t.rows : 1;
    const int per_filter = t.cols > 1 ? t.cols : t.rows;
    auto index = [&](int f, int k) {
      return t.cols > 1 ? t.offset + k * t.rows + f : t.offset + k;
    };
    for (int f = 0; f < filters; ++f) {
      double dn = 0.0, wn = 0.0;
      for (int k = 0; k < per_filter; ++k) {
        const double g = rng.normal();
        d[index(f, k)] = static_cast<Scalar>(g);
        dn += static_cast<double>(d[index(f, k)]) * d[index(f, k)];
        wn += static_cast<double>(params[index(f, k)]) * params[index(f, k)];
      }
      const double scale = dn > 0 ? std::sqrt(wn / dn) : 0.0;
      for (int k = 0; k < per_filter; ++k) {
        d[index(f, k)] = static_cast<Scalar>(d[index(f, k)] * scale);
      }
    }
  }
  return d;
}

std::vector<double> linspace(double lo, double hi, int n) {
  std::vector<double> out(std::max(n, 1), lo);
  for (int i = 1; i < n; ++i) out[i] = lo + (hi - lo) * i / (n - 1);
  return out;
}

std::vector<double> slice_1d(Objective& objective, ConstVecRef params, ConstVecRef d,
                             const std::vector<double>& alphas) {
  std::vector<double> out;
  Vec point(params.size());
  for (double a : alphas) {
    point = params + static_cast<Scalar>(a) * d;
    out.push_back(objective.value(point));
  }
  return out;
}

std::vector<double> slice_2d(Objective& objective, ConstVecRef params, ConstVecRef d1,
                             ConstVecRef d2, const std::vector<double>& alphas,
                             const std::vector<double>& betas) {
  std::vector<double> out;
  Vec point(params.size());
  for (double b : betas) {
    for (double a : alphas) {
      point = params + static_cast<Scalar>(a) * d1 + static_cast<Scalar>(b) * d2;
      out.push_back(objective.value(point));
    }
  }
  return out;
}

std::vector<double> interpolate(Objective& objective, ConstVecRef a, ConstVecRef b,
                                const std::vector<double>& ts) {
  std::vector<double> out;
  Vec point(a.size());
  for (double t : ts) {
    // The end points are the weights themselves, bit for bit.
    if (t == 0.0) {
      point = a;
    } else if (t == 1.0) {
      point = b;
    } else {
      point = static_cast<Scalar>(1.0 - t) * a + static_cast<Scalar>(t) * b;
    }
    out.push_back(objective.value(point));
  }
  return out;
}

}  // namespace descent
