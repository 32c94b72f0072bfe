#pragma once
// Schedules contributed by the optimizer zoo (sgdr, wsd_sqrt); schedules.cpp appends them to
// its catalog (before the loop that adds warmup_steps to every entry).
#include <vector>

#include "schedule/schedule.h"

namespace descent {

std::vector<ScheduleInfo> zoo_schedules();

}  // namespace descent
