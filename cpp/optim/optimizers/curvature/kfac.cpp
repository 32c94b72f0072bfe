// K-FAC ("Optimizing Neural Networks with Kronecker-factored Approximate Curvature", Martens,
// Grosse, 2015): the Fisher block of each dense layer z = W a + b approximated by the
// Kronecker product of two small exact factors,
//   A = E[abar abar^T]  (abar = (a, 1): the layer's inputs with a 1 for the bias; in+1 square)
//   G = E[g g^T]        (g = dL_i/dz, the per-sample backpropagated pre-activation gradients)
// over the minibatch, each an exponential moving average with decay
// eps_k = min(1 - 1/k, stat_decay) (Section 5), and the layer's step
//   [dW db] = -lr (G + sqrt(damping) / pi I)^{-1} [grad_W grad_b] (A + pi sqrt(damping) I)^{-1}
// with factored Tikhonov damping, pi = sqrt((tr A / (in + 1)) / (tr G / out)) (Section 6.3).
// The damped factors are Cholesky-factorised every inverse_interval steps (Section 8, T3).
// Simplifications, stated in the catalog: the signals g come from the minibatch's own labels
// (the empirical Fisher; the paper samples targets from the model's predictive distribution),
// the damping is fixed (no Levenberg-Marquardt adaptation) and the step is lr times the
// preconditioned gradient (no quadratic-model step size or momentum). The statistics come
// from the objective's layer access (OptimizerInfo::layer_access: plain dense layers, no
// weight penalties, checked by Run): Objective::forward_layers runs the batch forward once
// more and gives g = dL/d(outputs) with each layer's inputs and pre-activations; the
// pre-activation gradients are propagated down the dense layers here,
// delta_{l-1} = f'(z_{l-1}) .* (W_l^T delta_l). The factors are kept in double.
#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "nn/product.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/step_prologue.h"

namespace descent {
namespace {

class Kfac final : public Optimizer {
 public:
  Kfac(double damping, double stat_decay, int inverse_interval)
      : damping_(damping), decay_(stat_decay), interval_(inverse_interval) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    gradient_ = Vec::Zero(layout.size);
    layers_.clear();
    size_for(layout);
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    StepContext local;
    StepResult result = start_gradient_step(objective, params, gradient_, pre_, ctx, local);
    const auto lr = static_cast<Scalar>(ctx.lr);
    update = -lr * gradient_;  // every parameter outside the dense layers

    if (objective.dense_layers() > 0) {
      size_for_batch(objective.output_cols());
      propagate(objective, params);
      const double eps = std::min(1.0 - 1.0 / ctx.step, decay_);
      const bool refresh = (ctx.step - 1) % interval_ == 0;
      for (Layer& layer : layers_) {
        accumulate(layer, eps);
        if (refresh) factorise(layer);
        // [grad_W grad_b] (out x in+1), then G^{-1} [.] A^{-1} (A and G symmetric).
        layer.grad.leftCols(layer.in) =
            ConstMatMap(gradient_.data() + layer.weight, layer.out, layer.in).cast<double>();
        layer.grad.col(layer.in) = gradient_.segment(layer.bias, layer.out).cast<double>();
        layer.g_chol.solveInPlace(layer.grad);
        layer.grad_t = layer.grad.transpose();
        layer.a_chol.solveInPlace(layer.grad_t);
        MatMap(update.data() + layer.weight, layer.out, layer.in) =
            -lr * layer.grad_t.topRows(layer.in).transpose().cast<Scalar>();
        update.segment(layer.bias, layer.out) =
            -lr * layer.grad_t.row(layer.in).transpose().cast<Scalar>();
      }
    }
    post_.update(update, params, local);
    return result;
  }

  // The running factors and the damped ones of the last refresh; their Cholesky factors are
  // recomputed from the latter (the same input, so the same factors, bit for bit).
  void visit_own_state(StateVisitor& v) override {
    for (std::size_t i = 0; i < layers_.size(); ++i) {
      Layer& layer = layers_[i];
      const std::string k = "layer." + std::to_string(i);
      v.slot(k + ".a", layer.a);
      v.slot(k + ".g", layer.g);
      v.slot(k + ".a_damped", layer.a_damped);
      v.slot(k + ".g_damped", layer.g_damped);
      v.slot(k + ".factorised", layer.factorised);
      if (layer.factorised) {
        layer.a_chol.compute(layer.a_damped);
        layer.g_chol.compute(layer.g_damped);
      }
    }
  }

 private:
  struct Layer {
    int in = 0, out = 0, weight = 0, bias = 0;  // shape and offsets of W (out x in) and b
    Mat delta;                                  // dL/dz of the mean loss
    Eigen::MatrixXd a, g, a_damped, g_damped, grad, grad_t, inputs, deltas;
    Eigen::MatrixXd a_outer, g_outer;  // this step's abar abar^T and delta delta^T
    Eigen::LLT<Eigen::MatrixXd> a_chol, g_chol;
    bool factorised = false;  // a_chol, g_chol hold the factors of a_damped, g_damped
  };

  // The dense layers in layout order: each "layer{l}.weight" tensor and the bias after it.
  void size_for(const ParamLayout& layout) {
    const auto& tensors = layout.tensors;
    for (std::size_t i = 0; i + 1 < tensors.size(); ++i) {
      if (tensors[i].role != TensorRole::Weight) continue;
      Layer layer;
      layer.out = tensors[i].rows;
      layer.in = tensors[i].cols;
      layer.weight = tensors[i].offset;
      layer.bias = tensors[i + 1].offset;
      layer.a = Eigen::MatrixXd::Zero(layer.in + 1, layer.in + 1);
      layer.g = Eigen::MatrixXd::Zero(layer.out, layer.out);
      layer.a_damped = layer.a;
      layer.g_damped = layer.g;
      layer.a_chol = Eigen::LLT<Eigen::MatrixXd>(layer.in + 1);
      layer.g_chol = Eigen::LLT<Eigen::MatrixXd>(layer.out);
      layer.grad.resize(layer.out, layer.in + 1);
      layer.grad_t.resize(layer.in + 1, layer.out);
      layer.a_outer = layer.a;
      layer.g_outer = layer.g;
      layers_.push_back(std::move(layer));
    }
  }

  // The per-sample buffers, for minibatches of `batch` examples (sized at the first step).
  void size_for_batch(int batch) {
    for (Layer& layer : layers_) {
      if (layer.inputs.cols() == batch) continue;
      layer.delta.resize(layer.out, batch);
      layer.inputs.resize(layer.in + 1, batch);
      layer.deltas.resize(layer.out, batch);
    }
    int widest = 0;
    for (std::size_t l = 0; l + 1 < layers_.size(); ++l) widest = std::max(widest, layers_[l].out);
    grad_h_.resize(widest, batch);
  }

  // One forward pass (through forward_layers) and the backward recursion for the deltas.
  void propagate(Objective& objective, ConstVecRef params) {
    objective.forward_layers(params, output_grad_);
    const int batch = static_cast<int>(output_grad_.cols());
    layers_.back().delta.leftCols(batch) = output_grad_;
    for (std::size_t l = layers_.size() - 1; l > 0; --l) {
      const Layer& above = layers_[l];
      Layer& below = layers_[l - 1];
      const ConstMatMap w_above(params.data() + above.weight, above.out, above.in);
      auto grad_h = grad_h_.topLeftCorner(below.out, batch);
      nn::product_into(grad_h, w_above.transpose(), above.delta.leftCols(batch), false);
      objective.hidden_activation_backward(static_cast<int>(l) - 1, grad_h,
                                           below.delta.leftCols(batch));
    }
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      Layer& layer = layers_[l];
      layer.inputs.topRows(layer.in) =
          objective.layer_input(static_cast<int>(l)).leftCols(batch).cast<double>();
      layer.inputs.row(layer.in).setOnes();
      layer.deltas = layer.delta.leftCols(batch).cast<double>();
    }
  }

  // A <- eps A + (1 - eps) abar abar^T / B;  G <- eps G + (1 - eps) B delta delta^T, since the
  // network's delta is the gradient of the mean loss (a per-sample gradient divided by B).
  static void accumulate(Layer& layer, double eps) {
    const double b = static_cast<double>(layer.inputs.cols());
    layer.a *= eps;
    layer.g *= eps;
    nn::product_into(layer.a_outer, layer.inputs, layer.inputs.transpose(), false);
    layer.a += ((1 - eps) / b) * layer.a_outer;
    nn::product_into(layer.g_outer, layer.deltas, layer.deltas.transpose(), false);
    layer.g += ((1 - eps) * b) * layer.g_outer;
  }

  void factorise(Layer& layer) const {
    const double ta = layer.a.trace() / static_cast<double>(layer.a.rows());
    const double tg = layer.g.trace() / static_cast<double>(layer.g.rows());
    const double pi = ta > 0 && tg > 0 ? std::sqrt(ta / tg) : 1.0;
    const double root = std::sqrt(damping_);
    layer.a_damped = layer.a;
    layer.a_damped.diagonal().array() += pi * root;
    layer.g_damped = layer.g;
    layer.g_damped.diagonal().array() += root / pi;
    layer.a_chol.compute(layer.a_damped);
    layer.g_chol.compute(layer.g_damped);
    layer.factorised = true;
  }

  double damping_, decay_;
  int interval_;
  Vec gradient_;
  Mat output_grad_;  // dL/d(outputs), output_dim x batch
  Mat grad_h_;       // W_l^T delta_l, the widest hidden layer x batch
  std::vector<Layer> layers_;
};

}  // namespace

OptimizerInfo kfac_info() {
  OptimizerInfo info = describe("kfac", "K-FAC", family::kCurvature);
  info.description =
      "Natural-gradient steps with each dense layer's Fisher block approximated by the "
      "Kronecker product of two exact small factors, the second moments of the layer's inputs "
      "(A) and of its backpropagated pre-activation gradients (G), averaged over steps: the "
      "step is G^{-1} grad_W A^{-1} per layer, with factored Tikhonov damping. Simplified: "
      "the gradients come from the data's own labels (empirical Fisher; the paper samples "
      "targets from the model), fixed damping, lr times the step (no adaptive step size or "
      "momentum). Networks of plain dense layers only (no weight penalties, LayerNorm or "
      "residual connections). Cost: one gradient, one more forward pass and a backward "
      "recursion through the dense layers per step, and two small Cholesky factorisations "
      "per layer every inverse_interval steps.";
  info.citation = {"Optimizing Neural Networks with Kronecker-factored Approximate Curvature",
                   "Martens, Grosse", 2015, "ICML 2015"};
  info.params = {
      hp::lr(0.1),
      log_real("damping", 1e-2, 1e-8, 1e3,
               "Tikhonov damping lambda, split between the factors as pi sqrt(lambda) and "
               "sqrt(lambda) / pi."),
      real("stat_decay", 0.95, 0.0, 0.9999,
           "Largest decay of the factors' moving averages (min(1 - 1/k, stat_decay))."),
      integer("inverse_interval", 1, 1, 1000,
              "Refactorise the damped factors every this many steps (the paper's T3)."),
  };
  info.gradients_per_step = 1;
  info.layer_access = true;  // networks of plain dense layers, without weight penalties
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(std::make_unique<Kfac>(p.get("damping"), p.get("stat_decay"),
                                                             p.get_int("inverse_interval")));
  };
  return info;
}

}  // namespace descent
