// Grokking on modular addition: a one-hidden-layer MLP fits 60% of the pairs (a + b) mod 31
// within about a hundred full-batch steps while its test accuracy stays at chance or below, and
// generalises only much later; stronger weight decay shortens the delay (Omnigrok ties the delay
// to the weight norm: an enlarged initialisation, init_gain 2 here, starts the weights away from
// the generalising solutions, and weight decay is what pulls them towards those).
#include <algorithm>
#include <string>

#include "gallery/demos/demos.h"
#include "gallery/demos/modular_addition.h"
#include "gallery/measure.h"
#include "gallery/plots.h"

namespace descent {

namespace {

constexpr int kSteps = 3500;
constexpr double kStrongDecay = 1.0;
constexpr double kWeakDecay = 0.3;

nlohmann::json grokking_run(double weight_decay) {
  nlohmann::json config = modular_addition_run(0.6, "cross_entropy", weight_decay);
  config["steps"] = kSteps;
  config["eval_every"] = 25;
  return config;
}

// The step where training accuracy first reaches 99% and test accuracy 95%, and the test
// accuracy at the first of them (NaN where a threshold is never reached, which fails the
// requirements that use it).
struct GrokSteps {
  double fit = 0, grok = 0, test_at_fit = 0;
};

GrokSteps grok_steps(const RunOutcome& out) {
  GrokSteps s;
  s.fit = first_step_at_least(out.rows, "accuracy", 0.99);
  s.grok = first_step_at_least(out.rows, "test_accuracy", 0.95);
  s.test_at_fit = max_of(column(out.rows, "test_accuracy", s.fit, s.fit));
  return s;
}

}  // namespace

Demo grokking_modular_demo() {
  Demo d;
  d.name = "grokking_modular";
  d.title = "Grokking modular addition";
  d.claim =
      "On (a + b) mod 31 from 60% of the pairs, AdamW fits the training set within a couple of "
      "hundred steps while test accuracy stays at chance or below, and reaches 95% test accuracy "
      "only many times later; stronger weight decay (1 against 0.3) groks markedly sooner.";
  d.paper = paper("Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets",
                  "Power, Burda, Edwards, Babuschkin, Misra", 2022, "arXiv:2201.02177");
  d.runs = {{"AdamW, weight decay 1", grokking_run(kStrongDecay)},
            {"AdamW, weight decay 0.3", grokking_run(kWeakDecay)}};
  d.plots = {metric_plot("Accuracy, log step", {"accuracy", "test_accuracy"}, PlotScale::log_x),
             metric_plot("Weight norm, log step", {"param_norm"}, PlotScale::log_x)};
  d.live_controls = {"optimizer.weight_decay", "optimizer.lr", "seed"};
  d.check_description =
      "Full batch, evaluated every 25 steps. For each run: the step where training accuracy "
      "first reaches 99% (at most 250) with test accuracy then at most 20%, and the step where "
      "test accuracy first reaches 95% (within the 3500 steps). Weight decay 1 must take at "
      "least 6 times as long to generalise as to fit, and weight decay 0.3 at least 1.5 times "
      "as long as weight decay 1 to generalise (weight decay's role: Liu, Michaud, Tegmark, "
      "Omnigrok: Grokking Beyond Algorithmic Data, ICLR 2023).";
  d.check = check_runs([](const RunOutcomes& outs, ClaimReport& report) {
    const GrokSteps strong = grok_steps(outs[0]), weak = grok_steps(outs[1]);
    report.require_at_most("decay_1_fit_step", strong.fit, 250);
    report.require_at_most("decay_0.3_fit_step", weak.fit, 250);
    report.require_at_most("decay_1_test_accuracy_at_fit", strong.test_at_fit, 0.2);
    report.require_at_most("decay_0.3_test_accuracy_at_fit", weak.test_at_fit, 0.2);
    report.require_at_most("decay_1_grok_step", strong.grok, kSteps);
    report.require_at_most("decay_0.3_grok_step", weak.grok, kSteps);
    report.require_at_least("decay_1_grok_over_fit_step", strong.grok / strong.fit, 6);
    report.require_at_least("decay_0.3_over_decay_1_grok_step", weak.grok / strong.grok, 1.5);
  });
  return d;
}

}  // namespace descent
