#include "gallery/demos/demos.h"

namespace descent {

std::vector<Demo> all_demos() {
  return {momentum_quadratic_demo(), lr_schedules_demo()};
}

}  // namespace descent
