#pragma once
// An optimizer state kept in a narrower number format: after each update, every float32
// vector and matrix slot of the wrapped transform's state (core/state.h) is rounded to
// bf16, fp16 or fp8 levels, as if the state were stored in that format between steps (the
// step itself computes in float32 from the stored values, as mixed-precision optimizers do).
// Because the state is explicit data, one wrapper serves any transform; the rounding is that
// of the round_gradients / round_weights transforms (optimizers/stabilised/low_precision.h,
// "Mixed Precision Training", Micikevicius et al., 2018). Scalars and counters stay exact.
#include <string>
#include <vector>

#include "catalog/spec.h"
#include "optim/optimizers/stabilised/low_precision.h"
#include "optim/transform.h"

namespace descent {

// Rounds every float32 slot it visits (vectors laid out like the parameters per tensor).
class RoundingVisitor final : public StateVisitor {
 public:
  RoundingVisitor(lowp::Format format, const StepContext& ctx) : format_(format), ctx_(ctx) {}
  using StateVisitor::slot;
  void slot(const std::string& /*name*/, Vec& v, bool /*resizable*/) override {
    if (ctx_.layout != nullptr && v.size() == ctx_.layout->size) {
      lowp::round_tensors(v, format_, false, nullptr, ctx_);
    } else {
      lowp::round_tensor(v, format_, false, nullptr);
    }
  }
  void slot(const std::string& /*name*/, Mat& m, bool /*resizable*/) override {
    lowp::round_tensor(Eigen::Map<Vec>(m.data(), m.size()), format_, false, nullptr);
  }
  void slot(const std::string&, Eigen::VectorXd&, bool) override {}
  void slot(const std::string&, Eigen::MatrixXd&, bool) override {}
  void slot(const std::string&, double&) override {}
  void slot(const std::string&, std::int64_t&) override {}

 private:
  lowp::Format format_;
  const StepContext& ctx_;
};

class StoredInFormat final : public Transform {
 public:
  StoredInFormat(TransformPtr inner, lowp::Format format)
      : inner_(std::move(inner)), format_(format) {}
  void init(const ParamLayout& layout) override { inner_->init(layout); }
  void update(VecRef updates, ConstVecRef params, const StepContext& ctx) override {
    inner_->update(updates, params, ctx);
    if (format_ == lowp::Format::Fp32) return;
    RoundingVisitor rounding(format_, ctx);
    inner_->visit_state(rounding);
  }
  void visit_state(StateVisitor& v) override { inner_->visit_state(v); }

 private:
  TransformPtr inner_;
  lowp::Format format_;
};

// The `state_format` hyperparameter of optimizers whose moments can be stored narrow.
inline ParamSpec state_format_spec() {
  return choice("state_format", "fp32", {"fp32", "bf16", "fp16", "fp8_e4m3"},
                "Number format the moments are stored in between steps: fp32 (exact), bf16 "
                "(8 significant bits, float32's range), fp16 (11 significant bits, smallest "
                "level 2^-24: small second moments flush to zero) or fp8_e4m3 (4 significant "
                "bits, scaled per tensor, as Stable-SPAM's moments).");
}

// `inner`, its state stored in the format p.choice("state_format") names.
inline TransformPtr with_state_format(TransformPtr inner, const ParamValues& p) {
  const lowp::Format format = lowp::parse_format(p.choice("state_format"));
  if (format == lowp::Format::Fp32) return inner;
  return make_transform<StoredInFormat>(std::move(inner), format);
}

}  // namespace descent
