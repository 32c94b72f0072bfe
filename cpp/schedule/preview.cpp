#include "schedule/preview.h"

#include <algorithm>
#include <cstdint>

namespace descent {

std::vector<double> preview_schedule(const Schedule& schedule, double lr, int total_steps,
                                     int max_points) {
  if (total_steps <= std::max(2, max_points)) return sample_schedule(schedule, lr, total_steps);
  const int buckets = std::max(1, max_points / 2);
  std::vector<double> out;
  out.reserve(2 * static_cast<std::size_t>(buckets) + 2);
  out.push_back(lr * schedule.factor(0));
  for (int b = 0; b < buckets; ++b) {
    // Bucket b holds steps [begin, end): integer bounds so every step lands in one bucket.
    const int begin = static_cast<int>(static_cast<std::int64_t>(total_steps) * b / buckets);
    const int end = static_cast<int>(static_cast<std::int64_t>(total_steps) * (b + 1) / buckets);
    int lowest = begin;
    int highest = begin;
    double low = lr * schedule.factor(begin);
    double high = low;
    for (int t = begin + 1; t < end; ++t) {
      const double rate = lr * schedule.factor(t);
      if (rate < low) {
        low = rate;
        lowest = t;
      }
      if (rate > high) {
        high = rate;
        highest = t;
      }
    }
    out.push_back(lowest <= highest ? low : high);
    out.push_back(lowest <= highest ? high : low);
  }
  out.push_back(lr * schedule.factor(total_steps - 1));
  return out;
}

}  // namespace descent
