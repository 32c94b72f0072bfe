// Adafactor (Shazeer, Stern, 2018): a factored second moment for weight matrices, update
// clipping and a relative step size. The update itself is in adafactor.h.
#include "optim/optimizers/adaptive/adafactor.h"

#include "optim/optimizers/adaptive/adaptive.h"
#include "optim/optimizers/describe.h"

namespace descent {

OptimizerInfo adafactor_info() {
  OptimizerInfo info = describe("adafactor", "Adafactor", family::kAdaptive);
  info.description =
      "Adam-like scaling whose second moment of an n x m weight matrix is kept as its row and "
      "column sums only (n + m numbers, rank-1 estimate R C / sum R); each tensor's update is "
      "clipped to RMS <= clip_threshold, and with relative_step the step is lr min(1e-2, "
      "1/sqrt(t)) times max(eps2, RMS of the tensor). Defaults as in tensor2tensor's "
      "adafactor.py (beta1 0, decay_rate 0.8, eps1 1e-30, eps2 1e-3, clipping 1), except "
      "min_dim_size_to_factor: 2 here (every matrix, as the paper's Algorithm 4) instead of "
      "128 there, which would factor none of this playground's small layers. lr multiplies "
      "the relative step (lr = 1: the paper's rule). One gradient per step.";
  info.citation = {"Adafactor: Adaptive Learning Rates with Sublinear Memory Cost",
                   "Shazeer, Stern", 2018, "ICML 2018"};
  info.params = {
      hp::lr(1.0),
      real("beta1", 0.0, 0.0, 0.999,
           "Momentum on the scaled update (0: none, the paper's memory-saving default)."),
      real("decay_rate", 0.8, 0.0, 1.0,
           "Second-moment decay beta2_t = 1 - t^(-decay_rate) (Section 7.2)."),
      log_real("eps1", 1e-30, 1e-38, 1e-3, "Added to the squared gradient."),
      log_real("eps2", 1e-3, 1e-8, 1.0, "Smallest parameter scale of the relative step."),
      real("clip_threshold", 1.0, 0.01, 100.0,
           "Update clipping: each tensor's update is divided by max(1, RMS / threshold)."),
      boolean("relative_step", true, "Step lr min(1e-2, 1/sqrt(t)) instead of lr (Section 8)."),
      boolean("scale_parameter", true,
              "Multiply the step by max(eps2, RMS of the tensor's parameters)."),
      integer("min_dim_size_to_factor", 2, 2, 4096,
              "A matrix is factored when its shorter side is at least this long."),
  };
  info.make = [](const ParamValues& p) {
    adaptive::ScaleByAdafactor::Options o;
    o.beta1 = p.get("beta1");
    o.decay_rate = p.get("decay_rate");
    o.eps1 = p.get("eps1");
    o.eps2 = p.get("eps2");
    o.clip_threshold = p.get("clip_threshold");
    o.relative_step = p.get_bool("relative_step");
    o.scale_parameter = p.get_bool("scale_parameter");
    o.min_dim_size_to_factor = p.get_int("min_dim_size_to_factor");
    return chain_optimizer(make_transform<adaptive::ScaleByAdafactor>(o));
  };
  return info;
}

}  // namespace descent
