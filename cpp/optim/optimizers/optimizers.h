#pragma once
// One function per named optimizer, each defined in its own file of this folder.
#include "optim/optimizer.h"

namespace descent {

OptimizerInfo sgd_info();
OptimizerInfo adagrad_info();
OptimizerInfo rmsprop_info();
OptimizerInfo adadelta_info();
OptimizerInfo adam_info();
OptimizerInfo adamw_info();
OptimizerInfo amsgrad_info();
OptimizerInfo adamax_info();
OptimizerInfo nadam_info();
OptimizerInfo radam_info();

}  // namespace descent
