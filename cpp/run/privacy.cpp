#include "run/privacy.h"

#include <cmath>
#include <string>

#include "optim/transforms/transform_catalog.h"
#include "run/config.h"

namespace descent {

namespace {
bool is_privacy(const std::string& name) { return name == "dp_sgd" || name == "dice_sgd"; }
}  // namespace

PrivacyConfig privacy_from_transforms(const std::vector<NamedConfig>& transforms) {
  for (const NamedConfig& t : transforms) {
    if (!is_privacy(t.name)) continue;
    PrivacyConfig c;
    c.clip = t.params.get("clip");
    c.noise_multiplier = t.params.get("noise_multiplier");
    c.error_feedback = t.name == "dice_sgd";
    if (c.error_feedback) c.feedback_clip = t.params.get("feedback_clip");
    return c;
  }
  return {};
}

std::vector<FieldError> privacy_errors(const RunConfig& config) {
  int index = -1;
  for (std::size_t i = 0; i < config.transforms.size(); ++i) {
    if (!is_privacy(config.transforms[i].name)) continue;
    const std::string field = "transforms[" + std::to_string(i) + "].name";
    if (index >= 0) {
      return {{field, "one privacy transform per run (transforms[" + std::to_string(index) +
                          "] is one already)"}};
    }
    index = static_cast<int>(i);
  }
  if (index < 0) return {};
  const std::string field = "transforms[" + std::to_string(index) + "].name";
  const std::string who = "transform '" + config.transforms[index].name + "' ";
  if (config.is_function()) {
    return {{field, who + "clips the gradients of single examples of a data set; a 2-D "
                          "function has no examples"}};
  }
  if (config.is_sensing()) {
    return {{field, who + "clips the gradients of single examples of a data set; matrix "
                          "sensing has no examples"}};
  }
  if (config.model.spec.layer_norm) {
    return {{"model.layer_norm", who + "needs per-example gradients, which this core computes "
                                       "for networks without LayerNorm"}};
  }
  if (config.model.random_features) {
    return {{"model.random_features",
             who + "clips the whole parameter vector; random features freeze part of it"}};
  }
  if (const OptimizerInfo* info = find_optimizer(config.optimizer.name)) {
    if (info->gradients_per_step != 1 || info->needs_hvp || info->output_space ||
        info->layer_access || info->jvps_per_step > 0 || info->functions_only) {
      return {{"optimizer.name", "optimizer '" + info->name +
                                     "' reads the data beyond one gradient per step; " + who +
                                     "needs an optimizer that takes one gradient per step"}};
    }
  }
  for (std::size_t i = 0; i < config.transforms.size(); ++i) {
    const TransformInfo* t = find_transform(config.transforms[i].name);
    if (t && (t->needs_logits || t->jvps_per_step > 0)) {
      return {{"transforms[" + std::to_string(i) + "].name", "transform '" + t->name +
                                                                 "' reads the network's outputs; " +
                                                                 who + "needs the gradient alone"}};
    }
  }
  return {};
}

PrivateGradient::PrivateGradient(const PrivacyConfig& config, std::uint32_t seed, int num_params)
    : config_(config),
      noise_rng_(seed, kPrivacyStream),
      error_(Eigen::VectorXd::Zero(config.error_feedback ? num_params : 0)),
      fed_back_(Eigen::VectorXd::Zero(config.error_feedback ? num_params : 0)) {}

void PrivateGradient::release(Eigen::VectorXd& clipped, const Eigen::VectorXd& mean, int batch) {
  if (config_.error_feedback) {
    const double e = error_.norm();
    const double c2 = config_.feedback_clip;
    fed_back_ = error_;
    if (e > c2) fed_back_ *= c2 / e;
    error_ += mean - clipped - fed_back_;
    clipped += fed_back_;
  }
  if (config_.noise_multiplier > 0) {
    const double stddev = config_.noise_multiplier * config_.clip / batch;
    for (Eigen::Index i = 0; i < clipped.size(); ++i) clipped[i] += stddev * noise_rng_.normal();
  }
}

void PrivateGradient::visit_state(StateVisitor& v) {
  v.slot("privacy_noise_rng", noise_rng_);
  if (config_.error_feedback) {
    v.slot("privacy_error", error_);
    if (!error_.allFinite()) throw StateError{"privacy.error", "must be finite"};
  }
}

}  // namespace descent
