// Fira's norm-growth limiter ("Fira: Can We Achieve Full-rank Training of LLMs Under Low-rank
// Constraint?", Chen, Feng, Li, Lai, Yue, Yuan, Wang, 2024), as a gradient stage per tensor:
// when the norm of this step's gradient exceeds gamma times the (limited) norm of the previous
// step, it is scaled down to exactly that,
//   S_t <- S_t / (max(|S_t| / |S_{t-1}|, gamma) / gamma),
// which turns a sudden spike into a gradual rise of at most a factor gamma per step. In Fira it
// acts on the scaled residual gradient of its low-rank optimizer; here it acts on the gradient
// entering any optimizer (before the learning rate, so lr schedules are not limited). The
// first step only records the norm; |S_{t-1}| is floored by 1e-8 as in the reference code.
#include <algorithm>
#include <cmath>

#include "optim/optimizers/describe.h"
#include "optim/optimizers/stabilised/stabilised.h"

namespace descent {
namespace {

class FiraLimiter final : public Transform {
 public:
  explicit FiraLimiter(double gamma) : gamma_(gamma) {}
  void init(const ParamLayout& layout) override {
    previous_.assign(stabilised::tensor_count(layout), -1.0);
  }
  void update(VecRef g, ConstVecRef, const StepContext& ctx) override {
    int index = 0;
    stabilised::for_each_tensor(ctx, static_cast<int>(g.size()), [&](const TensorSlice& t) {
      auto x = g.segment(t.offset, t.size());
      const double n = std::sqrt(static_cast<double>(x.squaredNorm()));
      double& previous = previous_[index++];
      if (previous < 0) {
        previous = n;
        return;
      }
      const double limiter = std::max(n / (previous + 1e-8), gamma_) / gamma_;
      if (limiter > 1) x /= static_cast<Scalar>(limiter);
      previous = n / limiter;
    });
  }

  void visit_state(StateVisitor& v) override { v.slot("previous", previous_); }

 private:
  double gamma_;
  std::vector<double> previous_;
};

}  // namespace

TransformInfo fira_limiter_info() {
  TransformInfo info = describe("fira_limiter", "Norm-growth limiter (Fira)", TransformStage::Pre);
  info.description =
      "Per tensor, caps the growth of the gradient norm at a factor gamma per step, so a "
      "sudden spike becomes a gradual rise.";
  info.citation = {"Fira: Can We Achieve Full-rank Training of LLMs Under Low-rank Constraint?",
                   "Chen, Feng, Li, Lai, Yue, Yuan, Wang", 2024, "arXiv:2410.01623"};
  info.params = {real("gamma", 1.01, 1.0, 10.0, "Largest allowed norm ratio between steps.")};
  info.make = [](const ParamValues& p) { return make_transform<FiraLimiter>(p.get("gamma")); };
  return info;
}

}  // namespace descent
