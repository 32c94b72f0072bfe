// The geometry family: Muon, spectral steepest descent, Shampoo, SOAP.
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

OptimizerInfo muon_info();              // muon.cpp
OptimizerInfo spectral_descent_info();  // spectral_descent.cpp
OptimizerInfo shampoo_info();           // shampoo.cpp
OptimizerInfo soap_info();              // soap.cpp

std::vector<OptimizerInfo> geometry_optimizers() {
  return {muon_info(), spectral_descent_info(), shampoo_info(), soap_info()};
}

std::vector<TransformInfo> geometry_transforms() { return {}; }

}  // namespace descent
