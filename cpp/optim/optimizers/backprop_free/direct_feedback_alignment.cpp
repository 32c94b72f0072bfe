// Direct feedback alignment: each hidden layer learns from the output error sent to it through
// a fixed random matrix, not from the error backpropagated through the layers above.
//
// "Direct Feedback Alignment Provides Learning in Deep Neural Networks" (Nokland, 2016)
// introduced the rule; "Principled Training of Neural Networks with Direct Feedback
// Alignment" (Launay, Poli, Krzakala, 2019) studies when it trains: the forward weights come
// to align with the feedback matrices. With e = dL/d(outputs) of the minibatch (mean loss)
// and B_l a fixed random matrix (width of hidden layer l x outputs):
//   output layer:  delta_L = e   (its true gradient)
//   hidden layer:  delta_l = f'(z_l) .* (B_l e)   (backpropagation: W_{l+1}^T delta_{l+1})
//   grad W_l = delta_l a_l^T,  grad b_l = delta_l 1
// then SGD with heavy-ball momentum (PyTorch's convention, buf = momentum buf + signal). The
// entries of B_l are feedback_scale * N(0, 1) / sqrt(outputs) (the scale is ours), drawn from
// the run's optimizer stream on the first step, layer by layer from the input, column by
// column, and never change; feedback_scale 0 silences the hidden layers (only the output
// layer learns), the ablation the behaviour test uses. The layers come from the objective's
// layer access (plain dense layers, no weight penalties; Run checks). Cost: one forward pass
// and the per-layer products of a backward pass without the chain through W^T. The reported
// gradient norm is the norm of this learning signal.
#include <algorithm>
#include <cmath>

#include "core/state_slots.h"
#include "nn/product.h"
#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"

namespace descent {
namespace {

class DirectFeedbackAlignment final : public Optimizer {
 public:
  DirectFeedbackAlignment(double momentum, double feedback_scale)
      : momentum_(static_cast<Scalar>(momentum)), scale_(feedback_scale) {}

  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    signal_ = Vec::Zero(layout.size);
    buf_ = Vec::Zero(layout.size);
    layers_.clear();
    for (std::size_t i = 0; i + 1 < layout.tensors.size(); ++i) {
      const auto& t = layout.tensors[i];
      if (t.role == TensorRole::Weight) {
        layers_.push_back({t.rows, t.cols, t.offset, layout.tensors[i + 1].offset, Mat(), Mat()});
      }
    }
    feedback_ready_ = false;
  }

  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override {
    if (!feedback_ready_) draw_feedback(*ctx.rng, objective.output_cols());
    size_buffers(objective.output_cols());  // after a restore, the feedback came without them
    StepResult result;
    result.loss = objective.forward_layers(params, error_);
    learning_signal(objective);
    result.grad_norm = std::sqrt(static_cast<double>(signal_.squaredNorm()));
    StepContext local = ctx;
    local.loss = result.loss;
    pre_.update(signal_, params, local);
    local.gradient = &signal_;
    if (ctx.step == 1 || momentum_ == 0) {
      buf_ = signal_;
    } else {
      buf_ = momentum_ * buf_ + signal_;
    }
    update = static_cast<Scalar>(-ctx.lr) * buf_;
    post_.update(update, params, local);
    return result;
  }

  // The momentum and the fixed random feedback matrices (drawn at the first step).
  void visit_own_state(StateVisitor& v) override {
    visit_slots(v, "buf", buf_, "feedback_ready", feedback_ready_);
    const Eigen::Index outputs = layers_.empty() ? 0 : layers_.back().out;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      const std::string name = "layer." + std::to_string(l) + ".feedback";
      Mat& b = layers_[l].feedback;
      v.slot(name, b, true);
      const bool hidden = l + 1 < layers_.size();
      const bool fits = feedback_ready_ && hidden
                            ? b.rows() == layers_[l].out && b.cols() == outputs
                            : b.size() == 0;
      if (!fits) throw StateError{name, "a feedback matrix of the wrong shape"};
    }
  }

 private:
  struct Layer {
    int out, in, weight, bias;  // W is out x in at `weight`, b at `bias`
    Mat feedback;               // B_l: out x outputs (hidden layers only)
    Mat delta;                  // this layer's delta, out x batch
  };

  void draw_feedback(Rng& rng, int batch) {
    const int outputs = layers_.back().out;
    const double scale = scale_ / std::sqrt(static_cast<double>(outputs));
    size_buffers(batch);
    for (Layer& layer : layers_) {
      if (&layer == &layers_.back()) continue;
      layer.feedback.resize(layer.out, outputs);
      for (int j = 0; j < outputs; ++j) {
        for (int i = 0; i < layer.out; ++i) {
          layer.feedback(i, j) = static_cast<Scalar>(scale * rng.normal());
        }
      }
    }
    feedback_ready_ = true;
  }

  // Per-batch buffers: each layer's delta and the projected error.
  void size_buffers(int batch) {
    if (!layers_.empty() && layers_.front().delta.cols() == batch) return;
    int widest = 0;
    for (Layer& layer : layers_) layer.delta.resize(layer.out, batch);
    for (std::size_t l = 0; l + 1 < layers_.size(); ++l) widest = std::max(widest, layers_[l].out);
    projected_.resize(widest, batch);
  }

  // signal = the per-layer gradients with each hidden delta from B_l e instead of W^T delta.
  void learning_signal(Objective& objective) {
    const int batch = static_cast<int>(error_.cols());
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      Layer& layer = layers_[l];
      auto delta = layer.delta.leftCols(batch);
      if (l + 1 == layers_.size()) {
        delta = error_;
      } else {
        auto projected = projected_.topLeftCorner(layer.out, batch);
        nn::product_into(projected, layer.feedback, error_, false);
        objective.hidden_activation_backward(static_cast<int>(l), projected, delta);
      }
      MatMap grad_w(signal_.data() + layer.weight, layer.out, layer.in);
      nn::product_into(grad_w, delta,
                       objective.layer_input(static_cast<int>(l)).leftCols(batch).transpose(),
                       false);
      signal_.segment(layer.bias, layer.out) = delta.rowwise().sum();
    }
  }

  Scalar momentum_;
  double scale_;
  bool feedback_ready_ = false;
  Vec signal_, buf_;
  Mat error_;      // e = dL/d(outputs), outputs x batch
  Mat projected_;  // B_l e, the widest hidden layer x batch
  std::vector<Layer> layers_;
};

}  // namespace

OptimizerInfo direct_feedback_alignment_info() {
  OptimizerInfo info =
      describe("direct_feedback_alignment", "Direct feedback alignment", family::kBackpropFree);
  info.description =
      "Each hidden layer learns from the output error projected to it by a fixed random "
      "matrix B_l (delta_l = f'(z_l) .* B_l e), not from the backpropagated error; the output "
      "layer keeps its true gradient; SGD with momentum. The forward weights come to align "
      "with the feedback (Nokland, 2016, \"Direct Feedback Alignment Provides Learning in Deep "
      "Neural Networks\"). B_l's entries are feedback_scale * N(0, 1/outputs), drawn once from "
      "the run's seed (the scale is ours). Networks of plain dense layers only (no weight "
      "penalties, LayerNorm or residual connections). Cost: one forward pass and the "
      "per-layer products of a backward pass, without the chain through the weights.";
  info.citation = {"Principled Training of Neural Networks with Direct Feedback Alignment",
                   "Launay, Poli, Krzakala", 2019, "arXiv:1906.04554"};
  info.params = {
      hp::lr(0.05),
      hp::momentum(0.9),
      real("feedback_scale", 1.0, 0.0, 10.0,
           "Scale of the fixed random feedback matrices; 0 silences the hidden layers (only "
           "the output layer learns)."),
  };
  info.layer_access = true;
  info.make = [](const ParamValues& p) {
    return std::unique_ptr<Optimizer>(
        std::make_unique<DirectFeedbackAlignment>(p.get("momentum"), p.get("feedback_scale")));
  };
  return info;
}

}  // namespace descent
