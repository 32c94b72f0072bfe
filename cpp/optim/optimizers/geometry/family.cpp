// The geometry family: Muon, spectral steepest descent, Shampoo, SOAP, ScaledGD.
// Each optimizer lives in its own file of this folder; this file lists them.
#include "optim/optimizers/families.h"

namespace descent {

OptimizerInfo muon_info();              // muon.cpp
OptimizerInfo spectral_descent_info();  // spectral_descent.cpp
OptimizerInfo shampoo_info();           // shampoo.cpp
OptimizerInfo soap_info();              // soap.cpp
OptimizerInfo scaled_gd_info();         // scaled_gd.cpp

std::vector<OptimizerInfo> geometry_optimizers() {
  return {muon_info(), spectral_descent_info(), shampoo_info(), soap_info(), scaled_gd_info()};
}

std::vector<TransformInfo> geometry_transforms() { return {}; }

}  // namespace descent
