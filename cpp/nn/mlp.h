#pragma once
// A multilayer perceptron on minibatches stored as columns (features x batch), float32,
// with hand-written backward passes. Parameters are a flat vector described by layout().
//
// Layers are numbered from 1; layer L (the last) is the output layer. For each layer l the
// layout holds "layer{l}.weight" (out x in, column-major, role Weight) then "layer{l}.bias"
// (out, role Bias); with layer_norm each hidden layer also has "layer{l}.ln_gain" (Gain) and
// "layer{l}.ln_bias" (Bias) after its bias.
//
// Hidden layer l:  z = W h + b;  z <- LN(z) if layer_norm;  a = act(z);
//                  h' = h + a if residual, l > 1 and the layer keeps the width, else h' = a.
// Output layer:    out = alpha (W h + b) (no normalisation, no activation); alpha is
//                  spec.output_scale, 1 by default (then nothing is multiplied).
//
// The numerics are a template on the scalar type: Mlp is the float32 model the trainer runs;
// BasicMlp<double> serves gradient checks (and a future float64 mode).
#include <string>
#include <vector>

#include "core/param_layout.h"
#include "core/rng.h"
#include "core/types.h"
#include "nn/activation.h"
#include "nn/init.h"
#include "nn/loss.h"
#include "nn/nn_types.h"

namespace descent {

struct ModelSpec {
  std::vector<int> hidden;  // widths of the hidden layers; empty = linear model
  Activation activation = Activation::Tanh;
  InitScheme init = InitScheme::XavierUniform;
  double init_gain = 1.0;
  bool layer_norm = false;  // LayerNorm on each hidden pre-activation
  bool residual = false;    // h <- h + f(h) on hidden layers whose width does not change
  LossKind loss = LossKind::CrossEntropy;
  // alpha: the outputs are multiplied by it. A large alpha trains lazily, in the kernel regime
  // of the tangent kernel at initialisation ("On Lazy Training in Differentiable Programming",
  // Chizat, Oyallon, Bach, 2019). Not centred: f = alpha f(x; w), not alpha (f(x; w) - f(x; w0)).
  double output_scale = 1.0;
};

// Targets (BasicTargets<Scalar>, see nn/loss.h): class indices for cross-entropy and logistic,
// a matrix for mse (output_dim x at least batch: the first batch columns are used).

template <class S>
class BasicMlp {
 public:
  using Mat = nn::MatX<S>;
  using Vec = nn::VecX<S>;
  using VecRef = nn::VecRef<S>;
  using ConstVecRef = nn::ConstVecRef<S>;
  using Targets = BasicTargets<S>;

  // For the logistic loss the network has a single output whatever output_dim says (1, or 2
  // for the two classes). Throws std::invalid_argument on non-positive sizes.
  BasicMlp(int input_dim, int output_dim, const ModelSpec& spec);

  const ParamLayout& layout() const { return layout_; }
  int num_params() const { return layout_.size; }
  int input_dim() const { return input_dim_; }
  int output_dim() const { return output_dim_; }  // network outputs (1 for logistic)
  const ModelSpec& spec() const { return spec_; }

  // Weights by spec.init (times spec.init_gain), biases 0, LayerNorm gains 1.
  void init_params(VecRef params, Rng& init_rng) const;

  // Allocates workspace for batches up to max_batch columns; the calls below do not allocate
  // for batches up to that size. A larger batch grows the workspace (and allocates).
  void reserve(int max_batch);

  // Mean loss over the batch and its gradient w.r.t. the parameters (written to grad).
  double loss_and_grad(ConstVecRef params, const Eigen::Ref<const Mat>& x, const Targets& t,
                       VecRef grad);
  // Mean loss only.
  double loss(ConstVecRef params, const Eigen::Ref<const Mat>& x, const Targets& t);
  // Network outputs (logits for classification, predictions for regression): out_dim x batch.
  // When out already has out_dim rows and at least batch columns, the outputs go to its first
  // batch columns and out is not resized; otherwise it is resized to out_dim x batch.
  void forward(ConstVecRef params, const Eigen::Ref<const Mat>& x, Mat& out);
  // Curvature products (Pearlmutter, "Fast Exact Multiplication by the Hessian", 1994): the
  // R-operator R{f} = d/dr f(params + r v) at r = 0 pushed through the forward pass (giving
  // the outputs' directional derivative J v) and then through the backward pass (giving H v).
  // Exact up to rounding for every activation, loss, LayerNorm and residual option (relu and
  // leaky_relu have f'' = 0 away from their kink). The three calls below allocate their
  // workspace on the first call for a batch size (reserve_curvature) and not afterwards.
  void reserve_curvature(int max_batch);
  // hv = H v, the Hessian of the mean batch loss (as loss_and_grad) applied to v. Returns the
  // loss. hv must not alias params or v.
  double hessian_vector(ConstVecRef params, const Eigen::Ref<const Mat>& x, const Targets& t,
                        ConstVecRef v, VecRef hv);
  // jv = J v, the change of the outputs (out_dim x batch) per unit step along v; sized as
  // forward() sizes out.
  void output_jvp(ConstVecRef params, const Eigen::Ref<const Mat>& x, ConstVecRef v, Mat& jv);
  // out = J^T u for output cotangents u (out_dim x batch): the backward pass seeded with u.
  void output_vjp(ConstVecRef params, const Eigen::Ref<const Mat>& x,
                  const Eigen::Ref<const Mat>& u, VecRef out);

  // Per-example gradients (nn/per_example.cpp), for networks without LayerNorm. Example j's
  // gradient is that of its own loss (a batch of that one example); a dense layer's share of
  // it is the outer product d_j a_j^T plus the bias part d_j (d_j the example's dL/dz, a_j the
  // layer's input), so its squared norm is |d_j|^2 (|a_j|^2 + 1), exactly, with no
  // per-example parameter vector ("Deep Learning on a Data Diet: Finding Important Examples
  // Early in Training", Paul, Ganguli, Dziugaite, 2021). Norms are summed in double.
  bool has_per_example_gradients() const { return !spec_.layer_norm; }
  // loss_and_grad plus the batch's per-example gradient norms (norms resized to the batch).
  double per_example_grad_norms(ConstVecRef params, const Eigen::Ref<const Mat>& x,
                                const Targets& t, VecRef grad, Eigen::VectorXd& norms);
  // DP-SGD's clipped mean ("Deep Learning with Differential Privacy", Abadi et al., 2016):
  // grad = (1/B) sum_j min(1, clip / |g_j|) g_j, by a second backward pass seeded with the
  // output cotangents scaled per example (backpropagation is linear in them, example by
  // example). mean: the unclipped mean gradient; norms: the unclipped |g_j|. Returns the mean
  // loss. mean and clipped must not alias.
  double clipped_loss_and_grad(ConstVecRef params, const Eigen::Ref<const Mat>& x, const Targets& t,
                               double clip, VecRef mean, VecRef clipped, Eigen::VectorXd& norms);

  // Number of correctly classified samples (classification losses only): argmax of the
  // logits for cross-entropy, logit > 0 meaning class 1 for logistic.
  int correct(ConstVecRef params, const Eigen::Ref<const Mat>& x, const int* labels);

  // After forward(): the outputs of hidden layer l (1-based, l < number of layers), width x
  // capacity; the first batch columns belong to the last forward pass (for diagnostics).
  int hidden_layers() const { return static_cast<int>(layers_.size()) - 1; }
  const Mat& hidden_output(int l) const { return work_[l - 1].h; }
  // Layer l's pre-activation after the last forward pass (LayerNorm: its normalised value).
  const Mat& preactivation(int l) const { return work_[l].z; }

 private:
  friend struct MlpTestPeer;  // tests read the stored pre-activations

  struct Layer {
    int in = 0, out = 0;
    int weight = 0, bias = 0;        // offsets into the flat parameters
    int ln_gain = -1, ln_bias = -1;  // -1: no LayerNorm
    bool hidden = false;             // false for the output layer
    bool residual = false;           // h' = h + act(z)
  };

  // Workspace of one layer, each matrix out x capacity (leftCols(batch) is used).
  struct LayerWork {
    Mat z;                // pre-activation; after LayerNorm, the normalised-scaled-shifted value
    Mat h;                // hidden layer output (unused for the output layer, whose output is z)
    Mat delta;            // dL/dz (before LayerNorm)
    Mat grad_h;           // dL/dh (hidden layers)
    Mat zhat;             // LayerNorm: normalised z
    nn::RowX<S> inv_std;  // LayerNorm: 1 / sqrt(var + eps) per sample
  };

  // Workspace of the R-operator passes of one layer (leftCols(batch) used), allocated by
  // reserve_curvature only.
  struct RWork {
    Mat rz;               // R{z}; after LayerNorm R{u} of the normalised-scaled-shifted value
    Mat rzhat;            // LayerNorm: R{zhat}
    Mat rh;               // R{h} (hidden layers)
    Mat rdelta;           // R{dL/dz}
    Mat rgrad_h;          // R{dL/dh} (hidden layers)
    Mat du;               // LayerNorm: dL/du, then gain .* dL/du
    Mat scratch;          // f'(u), f''(u)
    nn::RowX<S> r_scale;  // LayerNorm: R{inv_std} / inv_std = -inv_std mean(zhat .* R{z})
  };

  void check_input(ConstVecRef params, const Eigen::Ref<const Mat>& x) const;
  int prepare_curvature(ConstVecRef params, const Eigen::Ref<const Mat>& x, ConstVecRef v);
  void r_forward_pass(ConstVecRef params, const Eigen::Ref<const Mat>& x, ConstVecRef v, int batch);
  void r_backward_pass(ConstVecRef params, const Eigen::Ref<const Mat>& x, ConstVecRef v, int batch,
                       VecRef hv);
  int prepare(ConstVecRef params, const Eigen::Ref<const Mat>& x);  // returns the batch size
  void forward_pass(ConstVecRef params, const Eigen::Ref<const Mat>& x, int batch);
  void backward_pass(ConstVecRef params, const Eigen::Ref<const Mat>& x, int batch, VecRef grad);
  // alpha z in place for the output layer's z or R{z} or its dL/dz (chain rule through the
  // constant alpha); nothing at alpha = 1, so that default runs stay bit-identical.
  template <class M>
  void scale_output(M&& m) const {
    if (spec_.output_scale != 1.0) m *= static_cast<S>(spec_.output_scale);
  }
  // After forward_pass and backward_pass: the per-example norms from the stored d and a.
  void per_example_norms(const Eigen::Ref<const Mat>& x, int batch, Eigen::VectorXd& norms) const;

  int input_dim_, output_dim_;
  ModelSpec spec_;
  ParamLayout layout_;
  std::vector<Layer> layers_;
  std::vector<LayerWork> work_;
  nn::RowX<S> scratch_a_, scratch_b_;  // LayerNorm backward
  int capacity_ = 0;
  std::vector<RWork> rwork_;
  nn::RowX<S> scratch_c_;  // LayerNorm R-backward
  int r_capacity_ = 0;
};

extern template class BasicMlp<float>;
extern template class BasicMlp<double>;

// The float32 model. A class rather than an alias so that it can be forward-declared.
class Mlp : public BasicMlp<Scalar> {
 public:
  using BasicMlp<Scalar>::BasicMlp;
};

}  // namespace descent
