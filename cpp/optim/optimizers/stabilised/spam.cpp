// Catalog entries of SPAM and Stable-SPAM (the transforms are in spam.h).
#include "optim/optimizers/stabilised/spam.h"

#include "optim/optimizers/describe.h"
#include "optim/optimizers/families.h"
#include "optim/transforms/scale.h"
#include "optim/transforms/weight_decay.h"

namespace descent {
namespace {

ParamSpec state_format_param() {
  return choice("state_format", "fp32", {"fp32", "bf16", "fp8_e4m3"},
                "Precision the moments are stored in between steps (fp8_e4m3 is scaled per "
                "tensor): emulates low-precision optimizer state.");
}

ParamSpec reset_interval_param(double default_value) {
  return integer("update_proj_gap", default_value, 0, 100000,
                 "Steps between momentum resets (0: never), as named in the authors' code.");
}

}  // namespace

OptimizerInfo spam_info() {
  OptimizerInfo info = describe("spam", "SPAM", family::kStabilised);
  info.description =
      "Adam that clips gradient entries whose square exceeds threshold times their second "
      "moment, and periodically resets its moments with a cosine warm-up after each reset.";
  info.citation = {"SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training",
                   "Huang, Zhu, Jin, Liu, Wang, Liu", 2025, "ICLR 2025"};
  info.params = {hp::lr(1e-3),
                 hp::beta1(0.9),
                 hp::beta2(0.999),
                 hp::eps(1e-6),
                 hp::weight_decay(0.0),
                 log_real("threshold", 5000, 1.0, 1e8,
                          "Spike threshold on g^2 / v; larger entries are clipped to the bound."),
                 reset_interval_param(500),
                 integer("warmup_epoch", 150, 0, 100000,
                         "Length in steps of the cosine warm-up after each momentum reset."),
                 integer("grad_accu_steps", 20, 0, 100000,
                         "Steps after the start and after each reset before clipping begins."),
                 state_format_param()};
  info.make = [](const ParamValues& p) {
    Spam::Settings s;
    s.beta1 = p.get("beta1");
    s.beta2 = p.get("beta2");
    s.eps = p.get("eps");
    s.threshold = p.get("threshold");
    s.update_proj_gap = p.get_int("update_proj_gap");
    s.warmup_epoch = p.get_int("warmup_epoch");
    s.grad_accu_steps = p.get_int("grad_accu_steps");
    s.state_format = lowp::parse_format(p.choice("state_format"));
    return chain_optimizer(make_transform<Spam>(s), make_transform<ScaleByLearningRate>(),
                           make_transform<DecoupledWeightDecay>(p.get("weight_decay")));
  };
  return info;
}

OptimizerInfo stable_spam_info() {
  OptimizerInfo info = describe("stable_spam", "Stable-SPAM", family::kStabilised);
  info.description =
      "Adam behind per-tensor adaptive spike clipping (against a running max of |g|) and "
      "gradient-norm normalisation by running norm statistics, with periodic moment resets.";
  info.citation = {"Stable-SPAM: How to Train in 4-Bit More Stably than 16-Bit Adam",
                   "Huang et al.", 2025, "arXiv:2502.17055"};
  info.params = {
      hp::lr(1e-3),
      hp::beta1(0.9),
      hp::beta2(0.999),
      hp::eps(1e-8),
      hp::weight_decay(0.0),
      real("gamma1", 0.7, 0.0, 0.9999, "Decay of the running gradient-norm mean."),
      real("gamma2", 0.9, 0.0, 0.999999, "Decay of the running squared-gradient-norm mean."),
      real("theta", 0.999, 0.0, 0.999999, "Decay of the running max|g| (AdaClip)."),
      reset_interval_param(1000),
      state_format_param()};
  info.make = [](const ParamValues& p) {
    StableSpam::Settings s;
    s.beta1 = p.get("beta1");
    s.beta2 = p.get("beta2");
    s.eps = p.get("eps");
    s.gamma1 = p.get("gamma1");
    s.gamma2 = p.get("gamma2");
    s.theta = p.get("theta");
    s.update_proj_gap = p.get_int("update_proj_gap");
    s.state_format = lowp::parse_format(p.choice("state_format"));
    return chain_optimizer(make_transform<StableSpam>(s), make_transform<ScaleByLearningRate>(),
                           make_transform<DecoupledWeightDecay>(p.get("weight_decay")));
  };
  return info;
}

}  // namespace descent
