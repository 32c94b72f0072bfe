#pragma once
// Reference schedule refinement, plain loops, from "When, Why and How Much? Adaptive Learning
// Rate Scheduling by Refinement" (Defazio, Cutkosky, Mehta, Mishchenko, 2023), Algorithm 1:
//   G^ = median_filter(G, filter_width = tau T, padding = (nearest, reflect))
//   w_t = G^_t^-2 sum_{p=t+1}^{T} G^_p^2,   returned as w_t / max(w).
// Here the previous run's series (n entries, evenly spaced over that run) is smoothed with an
// odd window of round(tau n) (rounded up to odd), padded explicitly (first value repeated in
// front; mirror image without the edge behind), then linearly interpolated to the T steps of
// the new run. Each sum is recomputed from scratch (no running sums).
#include <algorithm>
#include <cmath>
#include <vector>

namespace descent::reference::schedules {

inline std::vector<double> refined(const std::vector<double>& norms, double tau, int steps) {
  const int n = static_cast<int>(norms.size());
  int width = static_cast<int>(std::lround(tau * n));
  if (width % 2 == 0) width += 1;
  const int half = width / 2;
  std::vector<double> padded;
  for (int k = 0; k < half; ++k) padded.push_back(norms[0]);
  for (double v : norms) padded.push_back(v);
  for (int k = 1; k <= half; ++k) padded.push_back(norms[n - 1 - k]);  // needs half < n
  std::vector<double> smooth(n);
  for (int i = 0; i < n; ++i) {
    std::vector<double> window(padded.begin() + i, padded.begin() + i + width);
    std::sort(window.begin(), window.end());
    smooth[i] = window[half];
  }
  std::vector<double> g(steps);
  for (int t = 0; t < steps; ++t) {
    const double position = steps == 1 ? 0.0 : double(t) * (n - 1) / (steps - 1);
    int left = static_cast<int>(std::floor(position));
    if (left > n - 2) left = n - 2;
    const double frac = position - left;
    g[t] = smooth[left] + frac * (smooth[left + 1] - smooth[left]);
  }
  std::vector<double> w(steps);
  double top = 0;
  for (int t = 0; t < steps; ++t) {
    double sum = 0;
    for (int p = t + 1; p < steps; ++p) sum += g[p] * g[p];
    w[t] = sum / (g[t] * g[t]);
    if (w[t] > top) top = w[t];
  }
  for (double& v : w) v /= top;
  return w;
}

}  // namespace descent::reference::schedules
