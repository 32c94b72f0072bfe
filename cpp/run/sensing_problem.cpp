#include "run/sensing_problem.h"

#include <Eigen/Eigenvalues>

namespace descent {

namespace {
SensingInstance build_instance(const RunConfig& config) {
  Rng sensing_rng(config.stream_seed(config.data_seed), kSensingStream);
  return make_sensing_instance(config.problem.params, sensing_rng);
}
}  // namespace

SensingProblem::SensingProblem(const RunConfig& config)
    : instance_(build_instance(config)),
      work_(instance_),
      init_rng_(config.stream_seed(config.init_seed), Stream::Init),
      float64_(config.float64),
      u_(instance_.n, instance_.rank),
      direction_(instance_.n, instance_.rank),
      grad_(instance_.n, instance_.rank),
      product_(instance_.n, instance_.rank),
      eigen_input_(instance_.rank) {
  layout_.add("U", instance_.n, instance_.rank, TensorRole::Weight);
  if (float64_) {
    master_ = Eigen::VectorXd::Zero(layout_.size);
    rounded_ = Vec::Zero(layout_.size);
  }
}

void SensingProblem::init_params(VecRef params) {
  // U0 = init_scale * N(0, 1) entries, drawn column by column (the layout's order).
  for (Eigen::Index i = 0; i < params.size(); ++i) {
    params[i] = static_cast<Scalar>(instance_.init_scale * init_rng_.normal());
  }
  if (float64_) {
    master_ = params.cast<double>();
    rounded_ = params;
  }
}

const Eigen::MatrixXd& SensingProblem::factor_of(ConstVecRef params) {
  Eigen::Map<Eigen::VectorXd> u(u_.data(), u_.size());
  if (float64_) {
    u = master_ + (params - rounded_).cast<double>();
  } else {
    u = params.cast<double>();
  }
  return u_;
}

void SensingProblem::apply_update(VecRef params, ConstVecRef update) {
  if (!float64_) {
    params += update;
    return;
  }
  master_ += update.cast<double>();
  rounded_ = master_.cast<Scalar>();
  params = rounded_;
}

void SensingProblem::averaged_weights(ConstVecRef params, Eigen::VectorXd& out) const {
  out = float64_ ? master_ : params.cast<double>();
}

double SensingProblem::value_and_grad(ConstVecRef params, VecRef grad) {
  const double loss = sensing_loss_and_grad(instance_, factor_of(params), work_, grad_);
  grad = Eigen::Map<const Eigen::VectorXd>(grad_.data(), grad_.size()).cast<Scalar>();
  return loss;
}

double SensingProblem::value(ConstVecRef params) {
  return sensing_loss(instance_, factor_of(params), work_);
}

void SensingProblem::hvp(ConstVecRef params, ConstVecRef v, VecRef out) {
  Eigen::Map<Eigen::VectorXd>(direction_.data(), direction_.size()) = v.cast<double>();
  sensing_hvp(instance_, factor_of(params), direction_, work_, product_);
  out = Eigen::Map<const Eigen::VectorXd>(product_.data(), product_.size()).cast<Scalar>();
}

void SensingProblem::evaluate(ConstVecRef params, MetricRow& row) {
  const Eigen::MatrixXd& u = factor_of(params);
  row.loss = sensing_loss(instance_, u, work_);
  row.sensing_error = sensing_relative_error(instance_, u, work_);
  // U U^T and U^T U (r x r) share their nonzero eigenvalues; the small one is cheaper.
  const Eigen::MatrixXd small = u.transpose() * u;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(small, Eigen::EigenvaluesOnly);
  eigen_input_ = solver.eigenvalues();  // ascending
  double* top[] = {&row.sv1, &row.sv2, &row.sv3};
  const Eigen::Index r = eigen_input_.size();
  for (Eigen::Index k = 0; k < 3 && k < r; ++k) *top[k] = std::max(0.0, eigen_input_[r - 1 - k]);
}

void SensingProblem::visit_state(StateVisitor& v) {
  // The iterate is the run's params; only the float64 master weights are the problem's own.
  if (float64_) {
    v.slot("float64_master", master_);
    v.slot("float64_rounded", rounded_);
  }
}

}  // namespace descent
