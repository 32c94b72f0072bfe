// The step_size family: DoG, L-DoG, SPS_max, SANIA (AdaGrad-SQR, Adam-SQR), SGD-HD, Adam-HD,
// XGrad, extragradient and optimistic gradient. Each catalog optimizer runs in lockstep with
// its plain reference (tests/reference/step_size/) on a 2-D function and on the 2-8-8-3
// network; then each method's defining property is checked.
//
// Tolerance: 1e-4 relative throughout (float32 core against references keeping their state
// in double, 50-100 steps); the largest deviations seen are 3.5e-6 (SANIA Adam-SQR on the
// network), most are below 1e-6. The step-size rules are smooth functions of the iterates
// except at their case switches (SPS's cap, SANIA's 2f <= s test), and no run here sits on a
// switch.
#include <map>
#include <string>

#include "tests/cpp/zoo_direct.h"
#include "tests/reference/step_size/dog.h"
#include "tests/reference/step_size/extragradient.h"
#include "tests/reference/step_size/hypergradient.h"
#include "tests/reference/step_size/polyak.h"
#include "tests/reference/step_size/sania.h"
#include "tests/reference/step_size/xgrad.h"

namespace descent {
namespace {

using zoo::Direct;
using zoo::separable_quadratic;
using zoo::TestObjective;
using zoo::vec;

// Final training loss of a catalog run.
double final_loss(const nlohmann::json& config) {
  RunConfig c = zoo::parse_or_fail(config);
  descent::Run run(c);
  run.step(c.steps);
  EXPECT_EQ(run.status(), RunStatus::Ok) << run.message();
  auto rows = run.take_metrics();
  return rows.back().loss;
}

double initial_loss(const nlohmann::json& config) {
  RunConfig c = zoo::parse_or_fail(config);
  descent::Run run(c);
  return run.take_metrics().front().loss;
}

// ---------------------------------------------------------------------------------------------
// DoG and L-DoG

TEST(ZooStepSize, DogMatchesItsReference) {
  for (const auto& problem : {zoo::booth(), zoo::quadratic(), zoo::network()}) {
    reference::Dog ref(false, 1e-6, 1e-8);
    auto r = zoo::compare(problem, {{"name", "dog"}}, ref, 100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << problem.name;
  }
  {
    reference::Dog ref(false, 1e-4, 1e-8, 1e-3);
    auto r =
        zoo::compare(zoo::network(), {{"name", "dog"}, {"reps_rel", 1e-4}, {"weight_decay", 1e-3}},
                     ref, 60, {{"schedule", {{"name", "cosine"}}}});
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "decay, cosine";
  }
}

TEST(ZooStepSize, LDogMatchesItsReference) {
  for (const auto& problem : {zoo::quadratic(), zoo::network()}) {
    reference::Dog ref(true, 1e-6, 1e-8);
    auto r = zoo::compare(problem, {{"name", "l_dog"}}, ref, 100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << problem.name;
  }
}

// No learning rate to tune: with the defaults (multiplier 1), whatever the initial movement
// r_eps over four decades, DoG converges on convex problems of different curvature scales.
// (reps_rel must exceed float32 resolution: below ~1e-7 the first move of (-4, 4) rounds to
// nothing and DoG never starts; the catalog's range starts at 1e-6.)
TEST(ZooStepSize, DogConvergesOnConvexProblemsWithoutTuning) {
  for (const auto& problem : {zoo::booth(), zoo::quadratic()}) {
    for (double reps_rel : {1e-6, 1e-4, 1e-2}) {
      auto config = zoo::config_json(problem, {{"name", "dog"}, {"reps_rel", reps_rel}}, 3000);
      const double start = initial_loss(config);
      const double end = final_loss(config);
      EXPECT_LT(end, 1e-6 * start) << problem.name << " reps_rel " << reps_rel;
    }
  }
}

// The first step moves by r_eps = reps_rel (1 + ||x_0||) (times ||g|| / sqrt(||g||^2 + eps)),
// globally for DoG and per tensor for L-DoG.
TEST(ZooStepSize, DogFirstStepIsTheInitialMovement) {
  for (const std::string name : {"dog", "l_dog"}) {
    // reps_rel 1e-3 so that the first move is well above float32 resolution of the weights;
    // eps 1e-12 so that ||g|| / sqrt(||g||^2 + eps) = 1.
    RunConfig c = zoo::parse_or_fail(
        zoo::config_json(zoo::network(), {{"name", name}, {"reps_rel", 1e-3}, {"eps", 1e-12}}, 5));
    descent::Run run(c);
    const Vec x0 = run.params();
    run.step(1);
    const Vec dx = run.params() - x0;
    const auto& tensors = run.problem().layout().tensors;
    if (name == "dog") {
      EXPECT_NEAR(dx.norm(), 1e-3 * (1 + x0.norm()), 1e-3 * 1e-3 * (1 + x0.norm()));
    } else {
      for (const auto& t : tensors) {
        const double r_eps = 1e-3 * (1 + x0.segment(t.offset, t.size()).norm());
        EXPECT_NEAR(dx.segment(t.offset, t.size()).norm(), r_eps, 1e-3 * r_eps) << t.name;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Stochastic Polyak step

TEST(ZooStepSize, PolyakMatchesItsReference) {
  {
    reference::Polyak ref(0.5, 1.0, 0.0);
    auto r = zoo::compare(zoo::booth(), {{"name", "polyak"}}, ref, 100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "booth";
  }
  {
    reference::Polyak ref(0.5, 1.0, 0.0);
    auto r = zoo::compare(zoo::network(), {{"name", "polyak"}}, ref, 60);
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "network";
  }
  {
    reference::Polyak ref(0.2, 10.0, 0.05);
    auto r = zoo::compare(zoo::network(),
                          {{"name", "polyak"}, {"c", 0.2}, {"gamma_b", 10.0}, {"f_star", 0.05}},
                          ref, 60);
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "network, c 0.2";
  }
}

// On f = a/2 ||x||^2 the Polyak step (c = 1) is gamma = f / ||g||^2 = 1 / (2a): every step
// halves x whatever the curvature a, where a fixed step size would suit only one a. The cap
// gamma_b bounds it: with gamma_b = 1 and a = 0.01, x shrinks by only 1 - a.
TEST(ZooStepSize, PolyakStepIsIndependentOfTheCurvature) {
  for (double a : {0.01, 1.0, 100.0}) {
    Direct d("polyak", {{"c", 1.0}, {"gamma_b", 1e4}}, vec({1.0f, -2.0f}));
    TestObjective f;
    f.fn = separable_quadratic(Vec::Constant(2, static_cast<Scalar>(a)), Vec::Zero(2));
    for (int k = 1; k <= 10; ++k) {
      const Vec before = d.params;
      d.step(f, 1.0);
      EXPECT_LT((d.params - 0.5f * before).norm(), 1e-6 * before.norm()) << "a " << a;
    }
  }
  Direct d("polyak", {{"c", 1.0}, {"gamma_b", 1.0}}, vec({1.0f, -2.0f}));
  TestObjective f;
  f.fn = separable_quadratic(Vec::Constant(2, 0.01f), Vec::Zero(2));
  d.step(f, 1.0);
  EXPECT_LT((d.params - vec({0.99f, -1.98f})).norm(), 1e-6);
}

// ---------------------------------------------------------------------------------------------
// SANIA

TEST(ZooStepSize, SaniaMatchesItsReference) {
  for (bool adam : {false, true}) {
    const std::string name = adam ? "sania_adam_sqr" : "sania_adagrad_sqr";
    // Small eps is fine on booth; on the network the SQR step g / g^2 of near-zero gradient
    // entries needs the floor (the authors' 0.1), so it is tested with 0.1 and 0.01 there.
    for (const auto& [problem, eps] :
         {std::pair{zoo::booth(), 0.1}, std::pair{zoo::booth(), 1e-8},
          std::pair{zoo::network(), 0.1}, std::pair{zoo::network(), 0.01}}) {
      {
        reference::Sania ref(adam, 0.999, eps);
        auto r = zoo::compare(problem, {{"name", name}, {"eps", eps}}, ref, 60);
        EXPECT_EQ(r.steps, 60);
        EXPECT_LT(r.max_relative_deviation, 1e-4) << name << " eps " << eps << " " << problem.name;
      }
    }
  }
}

// Scale invariance: for h(u) = f(D u) with D diagonal, the SQR preconditioner B_h = D^2 B_f
// makes the iterates satisfy D u_t = w_t exactly, where w_t is the run on f from w_0 = D u_0.
// The test problem is badly scaled on purpose (D spans four decades).
TEST(ZooStepSize, SaniaIsInvariantToDiagonalRescaling) {
  const Vec a = vec({1.0f, 3.0f, 0.5f});
  const Vec c = vec({1.0f, -2.0f, 0.5f});
  const Vec dscale = vec({100.0f, 1.0f, 0.01f});
  for (const std::string name : {"sania_adagrad_sqr", "sania_adam_sqr"}) {
    const Vec w0 = vec({-1.0f, 2.0f, 3.0f});
    Direct on_f(name, {{"eps", 1e-12}}, w0);
    Direct on_h(name, {{"eps", 1e-12}}, w0.cwiseQuotient(dscale));
    TestObjective f, h;
    // f(w) = 1/2 sum a_i (w_i - c_i)^2 + 1/4 (w_0 - c_0)^4, not quadratic.
    f.fn = [a, c](ConstVecRef w, VecRef g) {
      const Vec r = w - c;
      g = a.cwiseProduct(r);
      g[0] += r[0] * r[0] * r[0];
      return 0.5 * static_cast<double>(r.cwiseProduct(a.cwiseProduct(r)).sum()) +
             0.25 * std::pow(static_cast<double>(r[0]), 4);
    };
    h.fn = [&f, dscale](ConstVecRef u, VecRef g) {
      const double value = f.fn(u.cwiseProduct(dscale), g);
      g = g.cwiseProduct(dscale);
      return value;
    };
    // Adam-SQR's v tracks recent g^2 only, so a coordinate that has converged gets steps
    // ~ g / g^2 and the run turns chaotic after ~20 steps on this problem (rounding
    // differences then grow): its invariance is checked over 15 steps, AdaGrad-SQR's over 40.
    const int steps = name == "sania_adam_sqr" ? 15 : 40;
    for (int k = 1; k <= steps; ++k) {
      on_f.step(f, 1.0);
      on_h.step(h, 1.0);
      const Vec mapped = on_h.params.cwiseProduct(dscale);
      EXPECT_LT((mapped - on_f.params).norm(), 1e-5 * (1 + on_f.params.norm()))
          << name << " step " << k;
    }
    // And it gets somewhere: the loss drops.
    Vec g(3);
    EXPECT_LT(f.fn(on_f.params, g), 0.75 * f.fn(w0, g)) << name;
  }
}

// ---------------------------------------------------------------------------------------------
// Hypergradient descent

TEST(ZooStepSize, HypergradientMatchesItsReference) {
  {
    reference::Hypergradient::Options o;
    o.lr = 0.01;
    reference::Hypergradient ref(o);
    auto r = zoo::compare(zoo::quadratic(), {{"name", "sgd_hd"}, {"lr", 0.01}}, ref, 100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "sgd_hd quadratic";
  }
  {
    reference::Hypergradient::Options o;
    o.lr = 0.05;
    o.hypergrad_lr = 0.01;
    o.momentum = 0.9;
    o.nesterov = true;
    o.weight_decay = 1e-3;
    reference::Hypergradient ref(o);
    auto r = zoo::compare(zoo::network(),
                          {{"name", "sgd_hd"},
                           {"lr", 0.05},
                           {"hypergrad_lr", 0.01},
                           {"momentum", 0.9},
                           {"nesterov", true},
                           {"weight_decay", 1e-3}},
                          ref, 60, {{"schedule", {{"name", "cosine"}}}});
    EXPECT_EQ(r.steps, 60);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "sgd_hd network";
  }
  for (const auto& problem : {zoo::rosenbrock(), zoo::network()}) {
    reference::Hypergradient::Options o;
    o.adam = true;
    o.lr = 0.01;
    o.hypergrad_lr = 1e-4;
    reference::Hypergradient ref(o);
    auto r = zoo::compare(problem, {{"name", "adam_hd"}, {"lr", 0.01}, {"hypergrad_lr", 1e-4}}, ref,
                          100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "adam_hd " << problem.name;
  }
}

// The learning rate follows the agreement of consecutive gradients: started far too small on
// f = 1/2 (x^2 + 4 y^2) it grows (successive gradients agree), started above the stability
// limit 2 / L = 0.5 it shrinks (they oppose) and the run converges where plain SGD with the
// same rate diverges. The rate is read off each update: u = -alpha g.
TEST(ZooStepSize, HypergradientLearnsTheLearningRate) {
  TestObjective f;
  f.fn = separable_quadratic(vec({1.0f, 4.0f}), Vec::Zero(2));
  auto alpha_of = [](const Direct& d, const TestObjective& obj) {
    const Vec& p = obj.gradient_points.back();
    Vec g(2);
    Vec copy = p;
    obj.fn(copy, g);
    return -static_cast<double>(d.update.dot(g)) / static_cast<double>(g.squaredNorm());
  };
  {
    Direct d("sgd_hd", {{"lr", 1e-3}, {"hypergrad_lr", 0.01}}, vec({1.0f, 1.0f}));
    for (int k = 0; k < 100; ++k) d.step(f, 1e-3);
    EXPECT_GT(alpha_of(d, f), 0.02);  // 20x the initial rate
    Vec g(2);
    EXPECT_LT(f.fn(d.params, g), 0.1 * 2.5);
  }
  {
    Direct hd("sgd_hd", {{"lr", 0.6}, {"hypergrad_lr", 0.01}}, vec({1.0f, 1.0f}));
    Direct sgd("sgd", {{"lr", 0.6}}, vec({1.0f, 1.0f}));
    TestObjective f2;
    f2.fn = f.fn;
    for (int k = 0; k < 20; ++k) hd.step(f, 0.6);
    EXPECT_LT(alpha_of(hd, f), 0.5);
    for (int k = 0; k < 280; ++k) hd.step(f, 0.6);
    for (int k = 0; k < 100; ++k) sgd.step(f2, 0.6);  // |y| grows 1.4x per step
    Vec g(2);
    EXPECT_LT(f.fn(hd.params, g), 1e-6);
    EXPECT_GT(f.fn(sgd.params, g), 1e3);
  }
}

// ---------------------------------------------------------------------------------------------
// XGrad

TEST(ZooStepSize, XGradMatchesItsReference) {
  struct Case {
    std::string base;
    double lr, weight_decay;
    int s;
  };
  for (const Case& k : {Case{"sgdm", 0.05, 1e-3, 1}, Case{"adam", 0.01, 0.0, 1},
                        Case{"adam", 0.01, 1e-3, 2}, Case{"adamw", 0.01, 0.1, 1}}) {
    for (const auto& problem : {zoo::rosenbrock(), zoo::network()}) {
      // Rosenbrock's gradients are ~100 at the start: SGD with momentum needs a small rate.
      const double lr = k.base == "sgdm" && problem.name == "rosenbrock" ? 1e-4 : k.lr;
      reference::XGrad::Options o;
      o.base = k.base;
      o.s = k.s;
      o.weight_decay = k.weight_decay;
      reference::XGrad ref(o);
      auto r = zoo::compare(problem,
                            {{"name", "xgrad"},
                             {"base", k.base},
                             {"lr", lr},
                             {"s", k.s},
                             {"weight_decay", k.weight_decay}},
                            ref, 60, {{"schedule", {{"name", "cosine"}}}});
      EXPECT_EQ(r.steps, 60);
      EXPECT_LT(r.max_relative_deviation, 1e-4) << k.base << " s " << k.s << " " << problem.name;
    }
  }
}

// XGrad takes its one gradient per step at the predicted weights: with a constant rate and
// no decay, x_hat_t = x_t + s (x_t - x_{t-1}) for SGDM and Adam (the last update, s times);
// on the first step x_hat = x_0. The reported loss is at x_t.
TEST(ZooStepSize, XGradEvaluatesTheGradientAtThePredictedWeights) {
  for (const std::string base : {"sgdm", "adam"}) {
    for (int s : {1, 2}) {
      Direct d("xgrad", {{"lr", 0.05}, {"s", s}}, vec({1.0f, -1.5f}), {{"base", base}});
      TestObjective f;
      f.fn = separable_quadratic(vec({1.0f, 3.0f}), vec({0.2f, 0.1f}));
      Vec previous = d.params;
      for (int k = 1; k <= 20; ++k) {
        const Vec current = d.params;
        d.step(f, 0.05);
        ASSERT_EQ(static_cast<int>(f.gradient_points.size()), k);  // one gradient per step
        const Vec expected =
            k == 1 ? current : Vec(current + static_cast<Scalar>(s) * (current - previous));
        EXPECT_LT((f.gradient_points.back() - expected).norm(), 1e-6 * (1 + expected.norm()))
            << base << " s " << s << " step " << k;
        Vec g(2);
        EXPECT_NEAR(d.last.loss, f.fn(current, g), 1e-6) << base << " step " << k;
        previous = current;
      }
      EXPECT_EQ(f.value_calls, 19);  // the reported loss at x_t, from step 2 on
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Extragradient and optimistic gradient

TEST(ZooStepSize, ExtragradientAndOptimisticGradientMatchTheirReferences) {
  for (const auto& problem : {zoo::booth(), zoo::network()}) {
    const double lr = problem.name == "booth" ? 0.05 : 0.2;
    reference::Extragradient eg;
    auto r = zoo::compare(problem, {{"name", "extragradient"}, {"lr", lr}}, eg, 100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "extragradient " << problem.name;
    reference::OptimisticGradient og;
    r = zoo::compare(problem, {{"name", "optimistic_gradient"}, {"lr", lr}}, og, 100);
    EXPECT_EQ(r.steps, 100);
    EXPECT_LT(r.max_relative_deviation, 1e-4) << "optimistic " << problem.name;
  }
}

// The bilinear game min_x max_y x y, whose field F(x, y) = (y, -x) is a pure rotation: plain
// simultaneous gradient steps spiral outward (|z| grows by sqrt(1 + lr^2) per step), while
// extragradient (2 field evaluations per step) and optimistic gradient (1) spiral in.
TEST(ZooStepSize, ExtrapolationConvergesOnTheBilinearGame) {
  const double lr = 0.1;
  auto game = [](ConstVecRef z, VecRef g) {
    g[0] = z[1];
    g[1] = -z[0];
    return static_cast<double>(z[0] * z[1]);
  };
  const Vec start = vec({1.0f, 1.0f});
  struct Expect {
    std::string name;
    int gradients_per_step;
    bool converges;
  };
  for (const Expect& e : {Expect{"sgd", 1, false}, Expect{"extragradient", 2, true},
                          Expect{"optimistic_gradient", 1, true}}) {
    Direct d(e.name, {{"lr", lr}}, start);
    TestObjective f;
    f.fn = game;
    for (int k = 0; k < 1000; ++k) d.step(f, lr);
    EXPECT_EQ(static_cast<int>(f.gradient_points.size()), 1000 * e.gradients_per_step) << e.name;
    EXPECT_EQ(find_optimizer(e.name)->gradients_per_step, e.gradients_per_step) << e.name;
    if (e.converges) {
      EXPECT_LT(d.params.norm(), 0.05 * start.norm()) << e.name;
    } else {
      EXPECT_GT(d.params.norm(), 10 * start.norm()) << e.name;
    }
  }
}

}  // namespace
}  // namespace descent
