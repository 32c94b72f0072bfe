// NetworkProblem's forward mode (the directional derivative from one Jacobian-vector product)
// and its layer access for optimizers that work layer by layer (K-FAC, direct feedback
// alignment). All in float32 also under precision "float64", like the output-space products
// they are made of.
#include <algorithm>

#include "nn/activation.h"
#include "run/network_problem.h"

namespace descent {

// <dL/d(outputs), J v> over the batch (in double, in a fixed order), plus the weight
// penalties' own derivative along v; frozen entries (random features) do not count.
// unit_dir_ (output_loss_hessian's work buffer, output_rows x batch) holds dL/d(outputs).
double NetworkProblem::directional_derivative(ConstVecRef params, ConstVecRef v, double& loss,
                                              VecRef /*scratch*/) {
  loss = output_gradient(params, unit_dir_);
  const Mat& jv = output_jvp(params, v);
  double derivative = 0.0;
  for (Eigen::Index j = 0; j < jv.cols(); ++j) {
    for (Eigen::Index i = 0; i < jv.rows(); ++i) {
      derivative += static_cast<double>(unit_dir_(i, j)) * static_cast<double>(jv(i, j));
    }
  }
  if (!penalty_.active()) return derivative;
  for (const auto& t : mlp_.layout().tensors) {
    if (t.role != TensorRole::Weight) continue;
    for (int i = std::max(t.offset, frozen_); i < t.offset + t.size(); ++i) {
      const double w = params[i];
      const double sign = w > 0 ? 1.0 : (w < 0 ? -1.0 : 0.0);
      derivative += (penalty_.l1 * sign + penalty_.l2 * w) * static_cast<double>(v[i]);
    }
  }
  loss += penalty_.value(layout(), params);
  return derivative;
}

int NetworkProblem::dense_layers() const {
  const ModelSpec& spec = mlp_.spec();
  return spec.layer_norm || spec.residual ? 0 : mlp_.hidden_layers() + 1;
}

double NetworkProblem::forward_layers(ConstVecRef params, Mat& g) {
  return output_gradient(params, g);  // its forward pass leaves every layer's values in the MLP
}

const Mat& NetworkProblem::layer_input(int l) const {
  return l == 0 ? batch_inputs() : mlp_.hidden_output(l);
}

const Mat& NetworkProblem::layer_preactivation(int l) const { return mlp_.preactivation(l); }

void NetworkProblem::hidden_activation_backward(int l, const Eigen::Ref<const Mat>& grad_h,
                                                Eigen::Ref<Mat> delta) {
  const auto z = mlp_.preactivation(l).leftCols(grad_h.cols());
  nn::activation_backward<Scalar>(mlp_.spec().activation, z, grad_h, delta);
}

}  // namespace descent
