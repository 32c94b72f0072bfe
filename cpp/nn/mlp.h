#pragma once
// A multilayer perceptron on minibatches stored as columns (features x batch), float32,
// with hand-written backward passes. Parameters are a flat vector described by layout().
#include <string>
#include <vector>

#include "core/param_layout.h"
#include "core/rng.h"
#include "core/types.h"

namespace descent {

enum class Activation { Relu, LeakyRelu, Gelu, Silu, Tanh, Sigmoid, Sin, Linear };
enum class InitScheme {
  HeUniform, HeNormal, XavierUniform, XavierNormal, LecunUniform, LecunNormal, Orthogonal, Zero
};
enum class LossKind { Mse, CrossEntropy, Logistic };

struct ModelSpec {
  std::vector<int> hidden;  // widths of the hidden layers; empty = linear model
  Activation activation = Activation::Tanh;
  InitScheme init = InitScheme::XavierUniform;
  double init_gain = 1.0;
  bool layer_norm = false;  // LayerNorm on each hidden pre-activation
  bool residual = false;    // h <- h + f(h) on hidden layers whose width does not change
  LossKind loss = LossKind::CrossEntropy;
};

// Targets of a batch: class indices for cross-entropy and logistic, a matrix for mse.
struct Targets {
  const int* labels = nullptr;  // batch entries
  const Mat* values = nullptr;  // output_dim x batch (mse)
};

class Mlp {
 public:
  Mlp(int input_dim, int output_dim, const ModelSpec& spec);

  const ParamLayout& layout() const { return layout_; }
  int num_params() const { return layout_.size; }
  int input_dim() const { return input_dim_; }
  int output_dim() const { return output_dim_; }  // network outputs (1 for logistic)
  const ModelSpec& spec() const { return spec_; }

  void init_params(VecRef params, Rng& init_rng) const;

  // Allocates workspace for batches up to max_batch columns; the calls below do not allocate
  // for batches up to that size.
  void reserve(int max_batch);

  // Mean loss over the batch and its gradient w.r.t. the parameters (written to grad).
  double loss_and_grad(ConstVecRef params, const Eigen::Ref<const Mat>& x, const Targets& t,
                       VecRef grad);
  // Mean loss only.
  double loss(ConstVecRef params, const Eigen::Ref<const Mat>& x, const Targets& t);
  // Network outputs (logits for classification, predictions for regression): out_dim x batch.
  void forward(ConstVecRef params, const Eigen::Ref<const Mat>& x, Mat& out);
  // Number of correctly classified samples (classification losses only).
  int correct(ConstVecRef params, const Eigen::Ref<const Mat>& x, const int* labels);

 private:
  int input_dim_, output_dim_;
  ModelSpec spec_;
  ParamLayout layout_;
  // workspace (activations per layer, etc.) lives here; see mlp.cpp
  struct Workspace;
  std::vector<Mat> pre_, post_, delta_, norm_hat_;
  std::vector<Vec> norm_inv_std_;
  Mat out_, probs_;
  int reserved_ = 0;
};

}  // namespace descent
