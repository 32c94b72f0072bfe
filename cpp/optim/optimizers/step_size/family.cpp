// The step_size family: DoG, L-DoG, stochastic Polyak, SANIA, hypergradient descent, AI-SARAH,
// the extrapolating methods XGrad, extragradient and optimistic gradient, the learning-rate-free
// Prodigy and D-Adaptation (Adam, SGD), and Schedule-Free SGD and AdamW.
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

OptimizerInfo dog_info();                  // dog.cpp
OptimizerInfo l_dog_info();                // dog.cpp
OptimizerInfo polyak_info();               // polyak.cpp
OptimizerInfo sania_adagrad_sqr_info();    // sania.cpp
OptimizerInfo sania_adam_sqr_info();       // sania.cpp
OptimizerInfo sgd_hd_info();               // hypergradient.cpp
OptimizerInfo adam_hd_info();              // hypergradient.cpp
OptimizerInfo ai_sarah_info();             // ai_sarah.cpp
OptimizerInfo xgrad_info();                // xgrad.cpp
OptimizerInfo extragradient_info();        // extragradient.cpp
OptimizerInfo optimistic_gradient_info();  // extragradient.cpp
OptimizerInfo prodigy_info();              // prodigy.cpp
OptimizerInfo dadapt_adam_info();          // dadapt_adam.cpp
OptimizerInfo dadapt_sgd_info();           // dadapt_sgd.cpp
OptimizerInfo schedule_free_sgd_info();    // schedule_free.cpp
OptimizerInfo schedule_free_adamw_info();  // schedule_free.cpp

std::vector<OptimizerInfo> step_size_optimizers() {
  return {dog_info(),
          l_dog_info(),
          polyak_info(),
          sania_adagrad_sqr_info(),
          sania_adam_sqr_info(),
          sgd_hd_info(),
          adam_hd_info(),
          ai_sarah_info(),
          xgrad_info(),
          extragradient_info(),
          optimistic_gradient_info(),
          prodigy_info(),
          dadapt_adam_info(),
          dadapt_sgd_info(),
          schedule_free_sgd_info(),
          schedule_free_adamw_info()};
}

std::vector<TransformInfo> step_size_transforms() { return {}; }

}  // namespace descent
