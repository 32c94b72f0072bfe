#pragma once
#include "problems/sensing/matrix_sensing.h"
#include "run/training_problem.h"

namespace descent {

// Low-rank matrix sensing as a training problem: the parameters are the factor U, one weight
// matrix n x r in the layout (so per-matrix optimizers such as ScaledGD see its shape); the
// loss, its gradient and its exact Hessian-vector products are computed in double. Full
// batch, a row every step. With precision "float64" the factor is kept in double (master
// weights, as a float64 network) and the optimizer sees its float32 rounding.
// X* and the measurements come from the data seed's Sensing stream, U0 from the init seed.
class SensingProblem final : public TrainingProblem {
 public:
  explicit SensingProblem(const RunConfig& config);
  const ParamLayout& layout() const override { return layout_; }
  void init_params(VecRef params) override;
  void next_batch() override {}
  bool logs_every_step() const override { return true; }
  // The loss, the top three eigenvalues of U U^T and the relative error to X*.
  void evaluate(ConstVecRef params, MetricRow& row) override;
  double value_and_grad(ConstVecRef params, VecRef grad) override;
  double value(ConstVecRef params) override;
  // Also in the catalog ("hvp" of each sensing problem).
  static constexpr bool kHasHvp = true;
  bool has_hvp() const override { return kHasHvp; }
  void hvp(ConstVecRef params, ConstVecRef v, VecRef out) override;
  void apply_update(VecRef params, ConstVecRef update) override;
  void averaged_weights(ConstVecRef params, Eigen::VectorXd& out) const override;
  void visit_state(StateVisitor& v) override;
  const SensingInstance& instance() const { return instance_; }

 private:
  // The factor U at the point the optimizer asks about: params, or under float64 the master
  // weights plus params' offset from their rounding (perturbed points keep their offsets).
  const Eigen::MatrixXd& factor_of(ConstVecRef params);

  SensingInstance instance_;
  SensingWork work_;
  ParamLayout layout_;
  Rng init_rng_;
  bool float64_;
  Eigen::VectorXd master_;  // float64: the factor in double (vec(U))
  Vec rounded_;             // float64: master_'s float32 rounding handed to the optimizer
  Eigen::MatrixXd u_, direction_, grad_, product_;
  Eigen::VectorXd eigen_input_;
};

}  // namespace descent
