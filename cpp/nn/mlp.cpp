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
    if (!layer.hidden) {
      scale_output(z);
      break;
    }
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
  scale_output(work_.back().delta.leftCols(batch));
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

template <class S>
void BasicMlp<S>::reserve_curvature(int max_batch) {
  reserve(max_batch);
  if (max_batch <= r_capacity_) return;
  rwork_.resize(layers_.size());
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    RWork& r = rwork_[l];
    r.rz.resize(layer.out, max_batch);
    r.rdelta.resize(layer.out, max_batch);
    if (layer.hidden) {
      r.rh.resize(layer.out, max_batch);
      r.rgrad_h.resize(layer.out, max_batch);
      r.scratch.resize(layer.out, max_batch);
    }
    if (layer.ln_gain >= 0) {
      r.rzhat.resize(layer.out, max_batch);
      r.du.resize(layer.out, max_batch);
      r.r_scale.resize(max_batch);
    }
  }
  if (spec_.layer_norm) scratch_c_.resize(max_batch);
  r_capacity_ = max_batch;
}

template <class S>
int BasicMlp<S>::prepare_curvature(ConstVecRef params, const Eigen::Ref<const Mat>& x,
                                   ConstVecRef v) {
  check_input(params, x);
  if (v.size() != layout_.size) {
    throw std::invalid_argument("Mlp: direction vector has the wrong size");
  }
  const int batch = static_cast<int>(x.cols());
  reserve_curvature(batch);
  return batch;
}

// R{.} of forward_pass; needs the primal values of forward_pass at the same parameters.
//   R{z} = V h_prev + W R{h_prev} + v_b            (R{h_0} = 0: the inputs are data)
//   LayerNorm: R{zhat} = inv_std (R{z} - mean R{z}) - zhat inv_std mean(zhat R{z}),
//              R{u} = gain R{zhat} + v_gain zhat + v_bias
//   R{h} = f'(u) R{u} (+ R{h_prev} with a residual)
template <class S>
void BasicMlp<S>::r_forward_pass(ConstVecRef params, const Eigen::Ref<const Mat>& x, ConstVecRef v,
                                 int batch) {
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    LayerWork& w = work_[l];
    RWork& r = rwork_[l];
    Eigen::Map<const Mat> weight(params.data() + layer.weight, layer.out, layer.in);
    Eigen::Map<const Mat> vweight(v.data() + layer.weight, layer.out, layer.in);
    auto rz = r.rz.leftCols(batch);
    if (l == 0) {
      nn::product_into(rz, vweight, x, false);
    } else {
      nn::product_into(rz, vweight, work_[l - 1].h.leftCols(batch), false);
      nn::product_into(rz, weight, rwork_[l - 1].rh.leftCols(batch), true);
    }
    rz.colwise() += v.segment(layer.bias, layer.out);
    if (!layer.hidden) {
      scale_output(rz);
      break;
    }
    if (layer.ln_gain >= 0) {
      const auto zhat = w.zhat.leftCols(batch);
      const auto inv_std = w.inv_std.head(batch);
      auto r_scale = r.r_scale.head(batch);
      auto rzhat = r.rzhat.leftCols(batch);
      r_scale = (zhat.array() * rz.array()).colwise().mean().matrix();
      r_scale.array() *= inv_std.array();
      scratch_a_.head(batch) = rz.colwise().mean();
      rzhat.array() = rz.array().rowwise() - scratch_a_.head(batch).array();
      rzhat.array().rowwise() *= inv_std.array();
      rzhat.array() -= zhat.array().rowwise() * r_scale.array();
      r_scale = -r_scale;
      rz.array() = (rzhat.array().colwise() * params.segment(layer.ln_gain, layer.out).array()) +
                   (zhat.array().colwise() * v.segment(layer.ln_gain, layer.out).array());
      rz.colwise() += v.segment(layer.ln_bias, layer.out);
    }
    auto slope = r.scratch.leftCols(batch);
    nn::activation_derivative<S>(spec_.activation, w.z.leftCols(batch), slope);
    auto rh = r.rh.leftCols(batch);
    rh.array() = slope.array() * rz.array();
    if (layer.residual) rh += rwork_[l - 1].rh.leftCols(batch);
  }
}

// R{.} of backward_pass; needs forward_pass, backward_pass and r_forward_pass done, and
// R{dL/dout} in the output layer's rdelta. Writes every segment of hv.
//   R{dW} = R{delta} h_prev^T + delta R{h_prev}^T,  R{db} = sum R{delta}
//   R{dL/dh_prev} = V^T delta + W^T R{delta} (+ R{dL/dh} of the layer above, residual)
//   R{dL/du} = f''(u) R{u} dL/dh + f'(u) R{dL/dh}
//   LayerNorm with g = gain dL/du, dz = inv_std (g - mean g - zhat mean(g zhat)):
//     R{dgain} = sum(R{dL/du} zhat + dL/du R{zhat}),  R{dbias} = sum R{dL/du},
//     R{g} = v_gain dL/du + gain R{dL/du},
//     R{dz} = r_scale dz + inv_std (R{g} - mean R{g} - R{zhat} mean(g zhat)
//                                    - zhat mean(R{g} zhat + g R{zhat}))
template <class S>
void BasicMlp<S>::r_backward_pass(ConstVecRef params, const Eigen::Ref<const Mat>& x, ConstVecRef v,
                                  int batch, VecRef hv) {
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const Layer& layer = layers_[l];
    LayerWork& w = work_[l];
    RWork& r = rwork_[l];
    const auto delta = w.delta.leftCols(batch);
    const auto rdelta = r.rdelta.leftCols(batch);
    Eigen::Map<Mat> hweight(hv.data() + layer.weight, layer.out, layer.in);
    if (l == 0) {
      nn::product_into(hweight, rdelta, x.transpose(), false);
    } else {
      nn::product_into(hweight, rdelta, work_[l - 1].h.leftCols(batch).transpose(), false);
      nn::product_into(hweight, delta, rwork_[l - 1].rh.leftCols(batch).transpose(), true);
    }
    hv.segment(layer.bias, layer.out) = rdelta.rowwise().sum();
    if (l == 0) break;

    const Layer& below = layers_[l - 1];
    LayerWork& wb = work_[l - 1];
    RWork& rb = rwork_[l - 1];
    Eigen::Map<const Mat> weight(params.data() + layer.weight, layer.out, layer.in);
    Eigen::Map<const Mat> vweight(v.data() + layer.weight, layer.out, layer.in);
    auto rgrad_h = rb.rgrad_h.leftCols(batch);
    nn::product_into(rgrad_h, vweight.transpose(), delta, false);
    nn::product_into(rgrad_h, weight.transpose(), rdelta, true);
    if (layer.residual) rgrad_h += r.rgrad_h.leftCols(batch);

    const auto u = wb.z.leftCols(batch);
    const auto grad_h = wb.grad_h.leftCols(batch);
    auto rdu = rb.rdelta.leftCols(batch);
    auto slope = rb.scratch.leftCols(batch);
    nn::activation_second_derivative<S>(spec_.activation, u, slope);
    rdu.array() = slope.array() * rb.rz.leftCols(batch).array() * grad_h.array();
    nn::activation_derivative<S>(spec_.activation, u, slope);
    rdu.array() += slope.array() * rgrad_h.array();
    if (below.ln_gain < 0) continue;

    const auto zhat = wb.zhat.leftCols(batch);
    const auto rzhat = rb.rzhat.leftCols(batch);
    const auto inv_std = wb.inv_std.head(batch);
    const auto gain = params.segment(below.ln_gain, below.out);
    const auto dz = wb.delta.leftCols(batch);
    auto du = rb.du.leftCols(batch);
    du.array() = slope.array() * grad_h.array();
    hv.segment(below.ln_gain, below.out) =
        (rdu.array() * zhat.array() + du.array() * rzhat.array()).rowwise().sum().matrix();
    hv.segment(below.ln_bias, below.out) = rdu.rowwise().sum();
    // rdu becomes R{g}, du becomes g.
    rdu.array() = (rdu.array().colwise() * gain.array()) +
                  (du.array().colwise() * v.segment(below.ln_gain, below.out).array());
    du.array().colwise() *= gain.array();
    auto mean_rg = scratch_a_.head(batch);
    auto mean_g_zhat = scratch_b_.head(batch);
    auto mean_cross = scratch_c_.head(batch);
    mean_rg = rdu.colwise().mean();
    mean_g_zhat = (du.array() * zhat.array()).colwise().mean().matrix();
    mean_cross =
        (rdu.array() * zhat.array() + du.array() * rzhat.array()).colwise().mean().matrix();
    rdu.array().rowwise() -= mean_rg.array();
    rdu.array() -= rzhat.array().rowwise() * mean_g_zhat.array();
    rdu.array() -= zhat.array().rowwise() * mean_cross.array();
    rdu.array().rowwise() *= inv_std.array();
    rdu.array() += dz.array().rowwise() * rb.r_scale.head(batch).array();
  }
}

template <class S>
double BasicMlp<S>::hessian_vector(ConstVecRef params, const Eigen::Ref<const Mat>& x,
                                   const Targets& t, ConstVecRef v, VecRef hv) {
  const int batch = prepare_curvature(params, x, v);
  if (hv.size() != layout_.size) {
    throw std::invalid_argument("Mlp::hessian_vector: output vector has the wrong size");
  }
  forward_pass(params, x, batch);
  const auto out = work_.back().z.leftCols(batch);
  const double value =
      nn::loss_value_and_grad<S>(spec_.loss, out, t, work_.back().delta.leftCols(batch));
  scale_output(work_.back().delta.leftCols(batch));
  backward_pass(params, x, batch, hv);  // hv as scratch for the gradient; overwritten below
  r_forward_pass(params, x, v, batch);
  nn::loss_hessian_product<S>(spec_.loss, out, rwork_.back().rz.leftCols(batch),
                              rwork_.back().rdelta.leftCols(batch), t.labels);
  scale_output(rwork_.back().rdelta.leftCols(batch));
  r_backward_pass(params, x, v, batch, hv);
  return value;
}

template <class S>
void BasicMlp<S>::output_jvp(ConstVecRef params, const Eigen::Ref<const Mat>& x, ConstVecRef v,
                             Mat& jv) {
  const int batch = prepare_curvature(params, x, v);
  forward_pass(params, x, batch);
  r_forward_pass(params, x, v, batch);
  if (jv.rows() != output_dim_ || jv.cols() < batch) jv.resize(output_dim_, batch);
  jv.leftCols(batch) = rwork_.back().rz.leftCols(batch);
}

template <class S>
void BasicMlp<S>::output_vjp(ConstVecRef params, const Eigen::Ref<const Mat>& x,
                             const Eigen::Ref<const Mat>& u, VecRef out) {
  const int batch = prepare(params, x);
  if (u.rows() != output_dim_ || u.cols() != batch || out.size() != layout_.size) {
    throw std::invalid_argument("Mlp::output_vjp: cotangent or output has the wrong size");
  }
  forward_pass(params, x, batch);
  work_.back().delta.leftCols(batch) = u;
  scale_output(work_.back().delta.leftCols(batch));
  backward_pass(params, x, batch, out);
}

template class BasicMlp<float>;
template class BasicMlp<double>;

}  // namespace descent
