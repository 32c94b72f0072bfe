#pragma once
// An optimizer turns the objective at the current parameters into an update. Most are a
// gradient followed by a chain of transforms (GradientOptimizer); some need several
// evaluations per step (SAM, extragradient, line searches) and implement step() themselves.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "optim/transform.h"

namespace descent {

// The loss on the current minibatch, as the optimizer sees it.
class Objective {
 public:
  virtual ~Objective() = default;
  virtual double value_and_grad(ConstVecRef params, VecRef grad) = 0;
  virtual double value(ConstVecRef params) = 0;
  // Exact Hessian-vector product H(params) v of the minibatch loss, where the problem has
  // one (false otherwise; optimizers that need it are rejected for such problems).
  virtual bool has_hvp() const { return false; }
  virtual void hvp(ConstVecRef /*params*/, ConstVecRef /*v*/, VecRef /*out*/) {}

  // The model's outputs on the current minibatch (output_rows x output_cols: logits or
  // predictions, one column per sample), for methods that work in output space (Gauss-Newton,
  // the Ghosts-of-Softmax step controller). Networks only; output_rows() == 0 elsewhere.
  virtual int output_rows() const { return 0; }
  virtual int output_cols() const { return 0; }
  // True when the outputs are logits of a softmax or sigmoid (cross-entropy, logistic).
  virtual bool outputs_are_logits() const { return false; }
  // J v, the outputs' change per unit step along v (one R-operator forward pass), in a buffer
  // the objective owns (output_rows x output_cols; valid until the next call).
  virtual const Mat& output_jvp(ConstVecRef /*params*/, ConstVecRef /*v*/) { return no_outputs_; }
  // out = J^T u for output cotangents u (output_rows x output_cols).
  virtual void output_vjp(ConstVecRef /*params*/, const Mat& /*u*/, VecRef /*out*/) {}
  // The data loss (mean over the minibatch, without weight penalties) and its gradient with
  // respect to the outputs (g: output_rows x output_cols).
  virtual double output_gradient(ConstVecRef /*params*/, Mat& /*g*/) { return 0.0; }
  // The loss Hessian with respect to each sample's outputs: blocks is output_rows x
  // (output_rows * output_cols), block j (columns j*K .. j*K+K-1) for sample j.
  virtual void output_loss_hessian(ConstVecRef /*params*/, Mat& /*blocks*/) {}

  // The directional derivative grad L(params) . v of the minibatch loss (with its weight
  // penalties), and the loss in `loss`. This default takes the gradient into `scratch` (the
  // 2-D functions: their analytic gradient costs no more); networks override it with forward
  // mode (one forward pass and one R-operator forward pass, no backward pass).
  virtual double directional_derivative(ConstVecRef params, ConstVecRef v, double& loss,
                                        VecRef scratch) {
    loss = value_and_grad(params, scratch);
    return static_cast<double>(scratch.dot(v));
  }

  // Layer access, for optimizers that work layer by layer (OptimizerInfo::layer_access: K-FAC,
  // direct feedback alignment): a network of plain dense layers z_l = W_l a_l + b_l,
  // a_{l+1} = f(z_l), the last z being the outputs (no LayerNorm, no residual connections);
  // dense_layers() is 0 for other problems. forward_layers runs the current minibatch forward
  // and returns the data loss (mean, without weight penalties) and g = dL/d(outputs)
  // (output_rows x output_cols). Until the next call, the first output_cols() columns of
  // layer_input(l) are a_l and those of layer_preactivation(l) are z_l.
  virtual int dense_layers() const { return 0; }
  virtual double forward_layers(ConstVecRef /*params*/, Mat& /*g*/) { return 0.0; }
  virtual const Mat& layer_input(int /*l*/) const { return no_outputs_; }
  virtual const Mat& layer_preactivation(int /*l*/) const { return no_outputs_; }
  // delta = f'(z_l) .* grad_h for a hidden layer l (one column per sample), z_l from the last
  // forward_layers; delta may not alias grad_h.
  virtual void hidden_activation_backward(int /*l*/, const Eigen::Ref<const Mat>& /*grad_h*/,
                                          Eigen::Ref<Mat> /*delta*/) {}

 protected:
  Mat no_outputs_;  // what output_jvp returns for problems without outputs
};

// A read-only view of the population an optimizer keeps (CBO's particles, ES's samples):
// `count` points of `dim` coordinates each, point after point (x0, y0, x1, y1, ... in 2-D).
// It points into the optimizer's own buffers: valid until its next step(), never allocated.
struct ParticleView {
  const Scalar* data = nullptr;
  int count = 0;
  int dim = 0;
};

struct StepResult {
  double loss = 0.0;       // batch loss at the parameters before the update
  double grad_norm = 0.0;  // norm of the raw gradient there
};

class Optimizer : public Stateful {
 public:
  // `pre` acts on each gradient before the optimizer (clipping, coupled L2); `post` on the
  // final update (decoupled decay). Called once before init().
  // Implementations of step() set StepContext::gradient (the gradient the update descends
  // along, after the pre stage) before running post_, for post transforms such as cautious.
  void set_stages(Chain pre, Chain post) {
    pre_ = std::move(pre);
    post_ = std::move(post);
  }
  virtual void init(const ParamLayout& layout) {
    pre_.init(layout);
    post_.init(layout);
  }
  // Writes the update into `update` (the runner then adds it to the parameters).
  virtual StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                          const StepContext& ctx) = 0;
  // The population behind the last step, for drawing; empty for single-point optimizers.
  virtual ParticleView particles() const { return {}; }
  // The pre stage's state, the optimizer's own, then the post stage's.
  void visit_state(StateVisitor& v) final {
    visit_part(v, "pre", pre_);
    {
      ScopedVisitor own(v, "own");
      visit_own_state(own);
    }
    visit_part(v, "post", post_);
  }

 protected:
  // Every slot of state the optimizer keeps between steps (scratch recomputed within a step
  // is not state).
  virtual void visit_own_state(StateVisitor& v) = 0;
  Chain pre_, post_;
};

// Gradient, then pre stage, the optimizer's own chain, post stage.
class GradientOptimizer final : public Optimizer {
 public:
  explicit GradientOptimizer(Chain chain) : chain_(std::move(chain)) {}
  void init(const ParamLayout& layout) override {
    Optimizer::init(layout);
    chain_.init(layout);
    gradient_ = Vec::Zero(layout.size);
  }
  StepResult step(Objective& objective, ConstVecRef params, VecRef update,
                  const StepContext& ctx) override;

 protected:
  void visit_own_state(StateVisitor& v) override { chain_.visit_state(v); }

 private:
  Chain chain_;
  Vec gradient_;  // this step's gradient after the pre stage, for StepContext::gradient
};

struct FieldError {
  std::string field;
  std::string message;
};

struct OptimizerInfo {
  std::string name;         // config name
  std::string title;        // display name
  std::string family;       // grouping in the picker
  std::string description;  // one-line mechanism
  Citation citation;
  std::vector<ParamSpec> params;
  int gradients_per_step = 1;  // cost accounting for equal-compute comparisons
  int hvps_per_step = 0;
  bool needs_hvp = false;       // only for problems with exact Hessian-vector products
  bool functions_only = false;  // only for 2-D functions (e.g. damped Newton, CBO)
  // Works with the network's outputs (Objective::output_*; Gauss-Newton): networks only,
  // without weight penalties or pre-stage transforms, within these sizes (0: no limit).
  bool output_space = false;
  // Works layer by layer (Objective::dense_layers ...: K-FAC, direct feedback alignment):
  // networks of plain dense layers only, without weight penalties.
  bool layer_access = false;
  int jvps_per_step = 0;      // forward-mode Jacobian-vector products (forward gradient)
  int max_output_system = 0;  // batch x outputs
  int max_params = 0;
  std::function<std::unique_ptr<Optimizer>(const ParamValues&)> make;
  // Constraints between parameters (field names are parameter names); may be empty.
  std::function<std::vector<FieldError>(const ParamValues&)> check;
};

const std::vector<OptimizerInfo>& optimizer_catalog();
const OptimizerInfo* find_optimizer(const std::string& name);

// Builds a GradientOptimizer from chain links.
template <class... Links>
std::unique_ptr<Optimizer> chain_optimizer(Links... links) {
  std::vector<TransformPtr> v;
  (v.push_back(std::move(links)), ...);
  return std::make_unique<GradientOptimizer>(Chain(std::move(v)));
}

// Hyperparameter specs shared by many optimizers, so that ranges are defined once.
namespace hp {
ParamSpec lr(double default_value);
ParamSpec weight_decay(double default_value = 0.0);
ParamSpec beta1(double default_value = 0.9);
ParamSpec beta2(double default_value = 0.999);
ParamSpec eps(double default_value = 1e-8);
ParamSpec momentum(double default_value = 0.0);
}  // namespace hp

}  // namespace descent
