// The classic optimizers: SGD with momentum, AdaGrad, RMSprop, AdaDelta, and Adam with its
// first variants (AdamW, AMSGrad, AdaMax, NAdam, RAdam): PyTorch's torch.optim set. Each
// lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

OptimizerInfo sgd_info();       // sgd.cpp
OptimizerInfo adagrad_info();   // adagrad.cpp
OptimizerInfo rmsprop_info();   // rmsprop.cpp
OptimizerInfo adadelta_info();  // adadelta.cpp
OptimizerInfo adam_info();      // adam.cpp
OptimizerInfo adamw_info();     // adam.cpp
OptimizerInfo amsgrad_info();   // adam.cpp
OptimizerInfo adamax_info();    // adamax.cpp
OptimizerInfo nadam_info();     // nadam.cpp
OptimizerInfo radam_info();     // radam.cpp

std::vector<OptimizerInfo> classic_optimizers() {
  return {sgd_info(),   adagrad_info(), rmsprop_info(), adadelta_info(), adam_info(),
          adamw_info(), amsgrad_info(), adamax_info(),  nadam_info(),    radam_info()};
}

}  // namespace descent
