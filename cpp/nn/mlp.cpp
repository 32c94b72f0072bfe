#include "nn/mlp.h"

#include <stdexcept>

#include "nn/layer_norm.h"
#include "nn/product.h"
#include "nn/sparse_input.h"

namespace descent {

template <class S>
BasicMlp<S>::BasicMlp(int input_dim, int output_dim, const ModelSpec& spec)
    : input_dim_(input_dim),
      output_dim_(spec.loss == LossKind::Logistic ? 1 : output_dim),
      spec_(spec) {
  if (input_dim <= 0 || output_dim <= 0) {
    throw std::invalid_argument("Mlp: input and output sizes must be positive");
  }
  if (spec.loss == LossKind::Logistic && output_dim > 2) {
    throw std::invalid_argument("Mlp: the logistic loss is for two classes");
  }
  std::vector<int> widths;
  widths.push_back(input_dim_);
  for (int w : spec.hidden) {
    if (w <= 0) throw std::invalid_argument("Mlp: hidden widths must be positive");
    widths.push_back(w);
  }
  widths.push_back(output_dim_);

  const int num_layers = static_cast<int>(widths.size()) - 1;
  for (int l = 0; l < num_layers; ++l) {
    const std::string prefix = "layer" + std::to_string(l + 1) + ".";
    Layer layer;
    layer.in = widths[l];
    layer.out = widths[l + 1];
    layer.hidden = l + 1 < num_layers;
    layer.residual = spec.residual && layer.hidden && l > 0 && layer.in == layer.out;
    layer.weight = layout_.size;
    layout_.add(prefix + "weight", layer.out, layer.in, TensorRole::Weight);
    layer.bias = layout_.size;
    layout_.add(prefix + "bias", layer.out, 1, TensorRole::Bias);
    if (spec.layer_norm && layer.hidden) {
      layer.ln_gain = layout_.size;
      layout_.add(prefix + "ln_gain", layer.out, 1, TensorRole::Gain);
      layer.ln_bias = layout_.size;
      layout_.add(prefix + "ln_bias", layer.out, 1, TensorRole::Bias);
    }
    layers_.push_back(layer);
  }
  work_.resize(layers_.size());
}

template <class S>
void BasicMlp<S>::init_params(VecRef params, Rng& init_rng) const {
  if (params.size() != layout_.size) {
    throw std::invalid_argument("Mlp::init_params: parameter vector has the wrong size");
  }
  for (const Layer& layer : layers_) {
    Eigen::Map<Mat> w(params.data() + layer.weight, layer.out, layer.in);
    nn::init_weight<S>(spec_.init, spec_.init_gain, w, init_rng);
    params.segment(layer.bias, layer.out).setZero();
    if (layer.ln_gain >= 0) {
      params.segment(layer.ln_gain, layer.out).setOnes();
      params.segment(layer.ln_bias, layer.out).setZero();
    }
  }
}

template <class S>
void BasicMlp<S>::reserve(int max_batch) {
  if (max_batch <= capacity_) return;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    LayerWork& w = work_[l];
    w.z.resize(layer.out, max_batch);
    w.delta.resize(layer.out, max_batch);
    if (layer.hidden) {
      w.h.resize(layer.out, max_batch);
      w.grad_h.resize(layer.out, max_batch);
    }
    if (layer.ln_gain >= 0) {
      w.zhat.resize(layer.out, max_batch);
      w.inv_std.resize(max_batch);
    }
  }
  if (spec_.layer_norm) {
    scratch_a_.resize(max_batch);
    scratch_b_.resize(max_batch);
  }
  capacity_ = max_batch;
}

template <class S>
void BasicMlp<S>::check_input(ConstVecRef params, const Eigen::Ref<const Mat>& x) const {
  if (params.size() != layout_.size) {
    throw std::invalid_argument("Mlp: parameter vector has the wrong size");
  }
  if (x.rows() != input_dim_) throw std::invalid_argument("Mlp: input has the wrong size");
  if (x.cols() == 0) throw std::invalid_argument("Mlp: empty batch");
}

template <class S>
int BasicMlp<S>::prepare(ConstVecRef params, const Eigen::Ref<const Mat>& x) {
  check_input(params, x);
  const int batch = static_cast<int>(x.cols());
  reserve(batch);
  return batch;
}

template <class S>
void BasicMlp<S>::forward_pass(ConstVecRef params, const Eigen::Ref<const Mat>& x, int batch) {
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    LayerWork& w = work_[l];
    Eigen::Map<const Mat> weight(params.data() + layer.weight, layer.out, layer.in);
    auto z = w.z.leftCols(batch);
    if (l == 0 && nn::mostly_zeros(x)) {
      nn::sparse_input_product(z, weight, x);
    } else if (l == 0) {
      nn::product_into(z, weight, x, false);
    } else {
      nn::product_into(z, weight, work_[l - 1].h.leftCols(batch), false);
    }
    z.colwise() += params.segment(layer.bias, layer.out);
    if (!layer.hidden) break;
    if (layer.ln_gain >= 0) {
      nn::layer_norm_forward<S>(z, params.segment(layer.ln_gain, layer.out),
                                params.segment(layer.ln_bias, layer.out), w.zhat.leftCols(batch),
                                w.inv_std.head(batch));
    }
    auto h = w.h.leftCols(batch);
    nn::activation_value<S>(spec_.activation, z, h);
    if (layer.residual) h += work_[l - 1].h.leftCols(batch);
  }
}

template <class S>
void BasicMlp<S>::backward_pass(ConstVecRef params, const Eigen::Ref<const Mat>& x, int batch,
                                VecRef grad) {
  // On entry work_.back().delta holds dL/d(outputs).
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const Layer& layer = layers_[l];
    LayerWork& w = work_[l];
    auto delta = w.delta.leftCols(batch);
    Eigen::Map<Mat> dweight(grad.data() + layer.weight, layer.out, layer.in);
    if (l == 0 && nn::mostly_zeros(x)) {
      nn::sparse_input_weight_gradient(dweight, delta, x);
    } else if (l == 0) {
      nn::product_into(dweight, delta, x.transpose(), false);
    } else {
      nn::product_into(dweight, delta, work_[l - 1].h.leftCols(batch).transpose(), false);
    }
    grad.segment(layer.bias, layer.out) = delta.rowwise().sum();
    if (l == 0) break;

    // dL/dh of the layer below, then its dL/dz.
    const Layer& below = layers_[l - 1];
    LayerWork& wb = work_[l - 1];
    Eigen::Map<const Mat> weight(params.data() + layer.weight, layer.out, layer.in);
    auto grad_h = wb.grad_h.leftCols(batch);
    nn::product_into(grad_h, weight.transpose(), delta, false);
    if (layer.residual) grad_h += w.grad_h.leftCols(batch);
    auto delta_below = wb.delta.leftCols(batch);
    nn::activation_backward<S>(spec_.activation, wb.z.leftCols(batch), grad_h, delta_below);
    if (below.ln_gain >= 0) {
      nn::layer_norm_backward<S>(
          delta_below, wb.zhat.leftCols(batch), wb.inv_std.head(batch),
          params.segment(below.ln_gain, below.out), grad.segment(below.ln_gain, below.out),
          grad.segment(below.ln_bias, below.out), scratch_a_.head(batch), scratch_b_.head(batch));
    }
  }
}

template <class S>
double BasicMlp<S>::loss_and_grad(ConstVecRef params, const Eigen::Ref<const Mat>& x,
                                  const Targets& t, VecRef grad) {
  const int batch = prepare(params, x);
  if (grad.size() != layout_.size) {
    throw std::invalid_argument("Mlp::loss_and_grad: gradient vector has the wrong size");
  }
  forward_pass(params, x, batch);
  const double value = nn::loss_value_and_grad<S>(spec_.loss, work_.back().z.leftCols(batch), t,
                                                  work_.back().delta.leftCols(batch));
  backward_pass(params, x, batch, grad);
  return value;
}

template <class S>
double BasicMlp<S>::loss(ConstVecRef params, const Eigen::Ref<const Mat>& x, const Targets& t) {
  const int batch = prepare(params, x);
  forward_pass(params, x, batch);
  return nn::loss_value<S>(spec_.loss, work_.back().z.leftCols(batch), t);
}

template <class S>
void BasicMlp<S>::forward(ConstVecRef params, const Eigen::Ref<const Mat>& x, Mat& out) {
  const int batch = prepare(params, x);
  forward_pass(params, x, batch);
  if (out.rows() != output_dim_ || out.cols() < batch) out.resize(output_dim_, batch);
  out.leftCols(batch) = work_.back().z.leftCols(batch);
}

template <class S>
int BasicMlp<S>::correct(ConstVecRef params, const Eigen::Ref<const Mat>& x, const int* labels) {
  if (spec_.loss == LossKind::Mse) {
    throw std::invalid_argument("Mlp::correct: only for classification losses");
  }
  if (labels == nullptr) throw std::invalid_argument("Mlp::correct: labels missing");
  const int batch = prepare(params, x);
  forward_pass(params, x, batch);
  const auto logits = work_.back().z.leftCols(batch);
  int count = 0;
  for (int j = 0; j < batch; ++j) {
    int predicted = 0;
    if (spec_.loss == LossKind::Logistic) {
      predicted = logits(0, j) > S(0) ? 1 : 0;
    } else {
      logits.col(j).maxCoeff(&predicted);  // the first maximum on ties
    }
    if (predicted == labels[j]) ++count;
  }
  return count;
}

template class BasicMlp<float>;
template class BasicMlp<double>;

}  // namespace descent
