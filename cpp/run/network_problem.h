#pragma once
#include <memory>
#include <vector>

#include "nn/mlp.h"
#include "problems/datasets/dataset.h"
#include "run/network/penalty.h"
#include "run/privacy.h"
#include "run/task_switches.h"
#include "run/training_problem.h"

namespace descent {

// An MLP on a data set: minibatches in a reshuffled order per epoch, an optional L1/L2 penalty
// on weight matrices, and evaluation on the full training and test sets in fixed-size chunks
// (a fixed reduction order, so evaluation is deterministic).
// Its parts live in run/network/, a file per idea: minibatches, the penalty, split
// evaluation, the float64 shadow, curvature products, the probe set and its activation
// figures, the max-margin angle, and prediction.
// With model.random_features the parameters before the output layer are frozen: the objective
// is the loss as a function of the output layer alone, so its gradient, Hessian-vector
// products and output Jacobian products are zero on the frozen entries (H v means P H P v, P
// the projection on the trained entries), updates never move them, and the output layer
// starts at zero.
class NetworkProblem final : public TrainingProblem {
 public:
  NetworkProblem(const RunConfig& config, Dataset data);
  const ParamLayout& layout() const override { return mlp_.layout(); }
  void init_params(VecRef params) override;
  void next_batch() override;
  bool logs_every_step() const override { return false; }
  void evaluate(ConstVecRef params, MetricRow& row) override;
  double value_and_grad(ConstVecRef params, VecRef grad) override;
  double value(ConstVecRef params) override;
  // Exact H v of the minibatch loss plus the penalty: the MLP's R-operator, plus l2 v on the
  // weight matrices. The L1 term's Hessian is 0 wherever it is differentiable (every weight
  // nonzero), so it adds nothing.
  // The catalog's "hvp" flag of each data set reads this constant.
  static constexpr bool kHasHvp = true;
  bool has_hvp() const override { return kHasHvp; }
  void reserve_curvature() override;
  void hvp(ConstVecRef params, ConstVecRef v, VecRef out) override;
  int output_rows() const override { return mlp_.output_dim(); }
  int output_cols() const override { return batch_size_; }
  bool outputs_are_logits() const override { return mlp_.spec().loss != LossKind::Mse; }
  const Mat& output_jvp(ConstVecRef params, ConstVecRef v) override;
  void output_vjp(ConstVecRef params, const Mat& u, VecRef out) override;
  double output_gradient(ConstVecRef params, Mat& g) override;
  void output_loss_hessian(ConstVecRef params, Mat& blocks) override;
  // Forward mode and layer access (network_layers.cpp): in float32 also under precision
  // "float64", like the output-space products.
  double directional_derivative(ConstVecRef params, ConstVecRef v, double& loss,
                                VecRef scratch) override;
  int dense_layers() const override;
  double forward_layers(ConstVecRef params, Mat& g) override;
  const Mat& layer_input(int l) const override;
  const Mat& layer_preactivation(int l) const override;
  void hidden_activation_backward(int l, const Eigen::Ref<const Mat>& grad_h,
                                  Eigen::Ref<Mat> delta) override;
  void apply_update(VecRef params, ConstVecRef update) override;
  // Transforms the data (and the probe set drawn from it) as switch `index` says
  // (run/network/task_switch.cpp).
  void enter_task(int index) override;
  // Weight averaging (run/network/averaged_weights.cpp).
  void averaged_weights(ConstVecRef params, Eigen::VectorXd& out) const override;
  std::pair<double, double> evaluate_test_at(const Eigen::VectorXd& weights) override;
  bool float64() const { return f64_ != nullptr; }

  const Dataset& data() const { return data_; }
  // The inputs of the current minibatch (columns).
  const Mat& batch_inputs() const { return full_batch_ ? data_.x_train : batch_x_; }
  Mlp& mlp() { return mlp_; }
  // Class probabilities (classification) or predictions (regression) for inputs x (columns),
  // written to out (rows: classes or outputs).
  void predict(ConstVecRef params, const Eigen::Ref<const Mat>& x, Mat& out);

  static constexpr int kEvalChunk = 1024;

  // The minibatch sampler, the float64 master weights and the probe set.
  void visit_state(StateVisitor& v) override;

  Objective& probe_objective(int probe_batch, Rng& probe_rng) override;
  // Per-example gradient norms on the probe set (float32 model; run/network/privacy.cpp).
  bool per_example_grad_norms(ConstVecRef params, int probe_batch, Rng& probe_rng,
                              Eigen::VectorXd& norms) override;
  ActivationFigures activation_figures(ConstVecRef params, int probe_batch,
                                       Rng& probe_rng) override;
  NeuralCollapse neural_collapse(ConstVecRef params, int probe_batch, Rng& probe_rng) override;
  Plasticity plasticity(ConstVecRef params, int probe_batch, Rng& probe_rng, double tau) override;
  // The empirical NTK by one output_vjp per example and output (run/network/ntk.cpp).
  bool empirical_ntk(ConstVecRef params, int probe_batch, Rng& probe_rng, int examples,
                     Eigen::MatrixXd& kernel, Eigen::MatrixXd& targets) override;

 private:
  // The loss on the fixed probe set, for diagnostics.
  class Probe final : public Objective {
   public:
    explicit Probe(NetworkProblem& owner) : owner_(owner) {}
    double value_and_grad(ConstVecRef params, VecRef grad) override;
    double value(ConstVecRef params) override;
    // Exact H v on the probe set (the MLP's R-operator), as NetworkProblem::hvp.
    bool has_hvp() const override { return true; }
    void hvp(ConstVecRef params, ConstVecRef v, VecRef out) override;

   private:
    NetworkProblem& owner_;
  };
  void prepare_probe(int probe_batch, Rng& probe_rng);
  // The prepared probe set forward through the network at params, in the run's precision:
  // the float32 network, or the float64 shadow at its point (hidden outputs are then read
  // from mlp_ or f64_->mlp). Returns the number of probe examples.
  Eigen::Index forward_probe(ConstVecRef params);
  // Copies the training examples `rows` into the probe set (probe_rows_ = rows).
  void fill_probe(const std::vector<int>& rows);
  Targets probe_targets();

  Targets batch_targets();
  bool classification() const { return data_.task == Task::Classification; }

  Dataset data_;
  Mlp mlp_;
  WeightPenalty penalty_;
  Rng init_rng_, batch_rng_;
  bool full_batch_;
  int batch_size_;
  std::vector<int> order_;
  std::size_t cursor_ = 0;
  Mat batch_x_, batch_y_;
  std::vector<int> batch_labels_;
  Mat chunk_x_, chunk_y_, out_;
  Vec averaged_;  // evaluate_test_at(): the float32 rounding of an average, sized once
  Vec softmax_;   // predict(): one column's exponentials, reused (no allocation per point)
  Mat unit_dir_, unit_image_;  // output_loss_hessian work (output_rows x batch)
  Mat jvp_;                    // output_jvp result (output_rows x batch)
  std::vector<int> chunk_labels_;
  Probe probe_{*this};

  // precision "float64": the forward and backward pass, the loss and the penalty in double,
  // on double master weights. The optimizer sees their float32 rounding and returns a float32
  // update, which is added to the master weights in double. A point the optimizer asks about
  // (params) is master + (params - rounding), so perturbed evaluations (SAM, extragradient)
  // keep their float32 offsets.
  struct Float64 {
    BasicMlp<double> mlp;
    Eigen::MatrixXd x_train, y_train, x_test, y_test, batch_x, batch_y, chunk_y;
    Eigen::VectorXd master, point, grad;
    Vec rounded;
  };
  const Eigen::VectorXd& point_of(ConstVecRef params);
  std::unique_ptr<Float64> f64_;
  // The "privacy" section (run/network/privacy.cpp): value_and_grad releases DP-SGD's
  // privatised gradient instead of the minibatch mean.
  struct Private {
    PrivacyConfig config;
    PrivateGradient release;
    Eigen::VectorXd clipped, mean, norms;
    Vec clipped32, mean32;
  };
  std::unique_ptr<Private> private_;
  double private_loss_and_grad(ConstVecRef params, VecRef grad);
  Vec probe_grad_;  // per_example_grad_norms: the probe gradient, discarded
  // The training set's max-margin direction (with the bias as a last coordinate) for a
  // linear logistic model on separable data; empty otherwise (margin_angle stays NaN).
  Eigen::VectorXd max_margin_;
  Eigen::VectorXd linear_params_;  // (w, b) of the current point, for margin_angle
  double margin_angle(ConstVecRef params);
  // Solves for max_margin_ once (the model is linear with the logistic loss).
  void prepare_max_margin();
  // Random features: parameters [0, frozen_) are frozen (0 when everything is trained).
  int frozen_ = 0;
  Vec masked_;  // v with the frozen entries zeroed (hvp, output_jvp), sized once
  void zero_frozen(VecRef g) const {
    if (frozen_ > 0) g.head(frozen_).setZero();
  }
  ConstVecRef trained_part(ConstVecRef v);
  std::vector<TaskSwitch> switches_;  // the config's problem.task_switches
  std::uint32_t switch_seed_ = 0;     // their data draws' seed (the run's data seed)
  bool probe_ready_ = false, probe_all_ = true;
  Mat probe_x_, probe_y_, probe_out_;
  std::vector<int> probe_labels_;
  std::vector<int> probe_rows_;  // the training examples of the probe set (empty: all)
};

}  // namespace descent
