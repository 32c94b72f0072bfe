// Embind bindings: the core as the web app sees it (web/src/core/descent-module.d.ts is the
// TypeScript side of this contract). JSON text crosses the boundary for configs and the
// catalog; metrics and grids cross as typed arrays. No C++ exception escapes to JavaScript.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog_json.h"
#include "core/state_codec.h"
#include "diagnostics/landscape_request.h"
#include "diagnostics/record_json.h"
#include "gallery/gallery.h"
#include "problems/functions/function2d.h"
#include "problems/table/table_api.h"
#include "run/config.h"
#include "run/metric_columns.h"
#include "run/network_problem.h"
#include "run/run.h"
#include "run/training_problem.h"
#include "schedule/preview.h"
#include "schedule/schedule.h"

namespace {

using emscripten::val;
using nlohmann::json;
using namespace descent;

template <class T>
val typed_array(const char* type, const T* data, std::size_t n) {
  // new Float64Array(view) copies, so the result does not alias the WASM heap.
  return val::global(type).new_(val(emscripten::typed_memory_view(n, data)));
}

std::string catalog() { return catalog_json().dump(); }

// The gallery of demos (cpp/gallery/): the same list `descent gallery` prints.
std::string gallery() { return gallery_json().dump(); }

// Bytes currently allocated on the WASM heap (dlmalloc): for leak and bound tests.
double heap_bytes() { return static_cast<double>(mallinfo().uordblks); }

std::string errors_text(const std::vector<FieldError>& errors) {
  return json({{"ok", false}, {"errors", errors_to_json(errors)}}).dump();
}

std::string validate(const std::string& text) {
  ParsedConfig parsed = validate_config_text(text);
  if (!parsed.ok()) return errors_text(parsed.errors);
  return json({{"ok", true}, {"config", to_json(*parsed.config)}}).dump();
}

val schedule_preview(const std::string& text) {
  ParsedConfig parsed = parse_config_text(text);
  if (!parsed.ok()) return typed_array<double>("Float64Array", nullptr, 0);
  const RunConfig& c = *parsed.config;
  const ScheduleInfo& info = *find_schedule(c.schedule.name);
  // A feedback schedule's rates depend on the run's losses: nothing to preview.
  if (info.needs_feedback) return typed_array<double>("Float64Array", nullptr, 0);
  auto schedule = make_schedule(info, c.schedule.params, c.steps);
  double lr = c.optimizer.params.numbers.count("lr") ? c.optimizer.params.get("lr") : 1.0;
  std::vector<double> values = preview_schedule(*schedule, lr, c.steps);
  return typed_array("Float64Array", values.data(), values.size());
}

val function_grid(const std::string& problem_text, double xmin, double xmax, double ymin,
                  double ymax, int nx, int ny) {
  json problem = json::parse(problem_text, nullptr, false);
  std::vector<double> values;
  if (problem.is_object() && nx > 0 && ny > 0 && nx <= 2048 && ny <= 2048) {
    json config = {
        {"schema", kSchemaVersion}, {"problem", problem}, {"optimizer", {{"name", "sgd"}}}};
    ParsedConfig parsed = parse_config(config);
    if (parsed.ok() && parsed.config->is_function()) {
      const RunConfig& c = *parsed.config;
      auto f = find_function(c.problem.name)->make(c.problem.params);
      values.resize(static_cast<std::size_t>(nx) * ny);
      for (int iy = 0; iy < ny; ++iy) {
        double y = ny == 1 ? ymin : ymin + (ymax - ymin) * iy / (ny - 1);
        for (int ix = 0; ix < nx; ++ix) {
          double x = nx == 1 ? xmin : xmin + (xmax - xmin) * ix / (nx - 1);
          values[static_cast<std::size_t>(iy) * nx + ix] = f->average_value(Eigen::Vector2d(x, y));
        }
      }
    }
  }
  return typed_array("Float64Array", values.data(), values.size());
}

class RunHandle {
 public:
  explicit RunHandle(const std::string& text) {
    try {
      ParsedConfig parsed = parse_config_text(text);
      if (!parsed.ok()) {
        error_ = errors_text(parsed.errors);
        return;
      }
      run_ = std::make_unique<Run>(*parsed.config);
    } catch (const ConfigError& e) {
      error_ = errors_text(e.errors);
    } catch (const std::exception& e) {
      error_ = errors_text({{"", e.what()}});
    }
  }

  bool ok() const { return run_ != nullptr; }
  std::string error() const { return error_; }
  int step(int n) { return run_ ? run_->step(n) : 0; }
  std::string status() const { return run_ ? status_name(run_->status()) : "diverged"; }
  int current_step() const { return run_ ? run_->current_step() : 0; }
  int total_steps() const { return run_ ? run_->total_steps() : 0; }
  std::string message() const { return run_ ? run_->message() : error_; }

  // {"ok": true, "checkpoint": base64 text} (Run::checkpoint): everything the run carries,
  // to resume it later, in this page or after a reload.
  std::string checkpoint() {
    if (!run_) return errors_text({{"checkpoint", "the run could not be built"}});
    try {
      return json({{"ok", true}, {"checkpoint", base64_encode(run_->checkpoint())}}).dump();
    } catch (const StateError& e) {  // e.g. a run that diverged or finished: nothing to resume
      return errors_text({{"checkpoint." + e.field, e.message}});
    }
  }
  // Continues from a checkpoint of a run of the same config: {"ok": true}, or the errors
  // (field "checkpoint.<slot>") with the run unchanged. The text is untrusted.
  std::string restore(const std::string& text) {
    if (!run_) return errors_text({{"checkpoint", "the run could not be built"}});
    try {
      run_->restore(base64_decode(text));
      return json({{"ok", true}}).dump();
    } catch (const StateError& e) {
      const std::string field = e.field == "checkpoint" ? e.field : "checkpoint." + e.field;
      return errors_text({{field, e.message}});
    } catch (const std::exception& e) {
      return errors_text({{"checkpoint", e.what()}});
    }
  }

  val take_metrics() {
    val out = val::object();
    std::vector<MetricRow> rows;
    if (run_) rows = run_->take_metrics();
    std::vector<double> column(rows.size());
    for (const auto& metric : metric_columns()) {
      if (metric.stream != MetricStream::Rows) continue;
      for (std::size_t i = 0; i < rows.size(); ++i) column[i] = rows[i].*metric.field;
      out.set(metric.name, typed_array("Float64Array", column.data(), column.size()));
    }
    return out;
  }

  // Minibatch losses since the previous call: {step, batch_loss}, one entry per step taken
  // (data sets; both empty for 2-D functions).
  val take_batch_losses() {
    val out = val::object();
    BatchLosses taken;
    if (run_) taken = run_->take_batch_losses();
    out.set("step", typed_array("Float64Array", taken.step.data(), taken.step.size()));
    out.set("batch_loss", typed_array("Float64Array", taken.loss.data(), taken.loss.size()));
    return out;
  }

  // Diagnostic arrays since the previous call, as JSON text (a list of records).
  std::string take_diagnostics() {
    json out = json::array();
    if (run_) {
      for (const auto& r : run_->take_diagnostics()) {
        out.push_back(record_json(r, run_->problem().layout()));
      }
    }
    return out.dump();
  }

  // A loss slice around the current weights (see cpp/diagnostics/landscape_request.h).
  std::string landscape(const std::string& request_text) {
    if (!run_) return json({{"error", "the run was not created"}}).dump();
    json request = json::parse(request_text, nullptr, false);
    if (request.is_discarded()) return json({{"error", "the request is not valid JSON"}}).dump();
    return landscape_json(*run_, request).dump();
  }
  Run* run() { return run_.get(); }

  val trajectory() const {
    static const std::vector<double> empty;
    const auto& t = run_ ? run_->trajectory() : empty;
    return typed_array("Float64Array", t.data(), t.size());
  }

  // x0,y0,x1,y1,... of the optimizer's particles (CBO, ES) on 2-D functions; empty otherwise.
  val particles() const {
    ParticleView view = run_ ? run_->particles() : ParticleView{};
    const std::size_t n = view.dim == 2 ? static_cast<std::size_t>(view.count) * 2 : 0;
    return typed_array("Float32Array", view.data, n);
  }

  val grid(double xmin, double xmax, double ymin, double ymax, int nx, int ny) {
    auto* network = network_problem();
    std::vector<float> values;
    if (network && nx > 0 && ny > 0 && nx <= 1024 && ny <= 1024) {
      const int dim = network->data().input_dim;
      if (dim == 1 || dim == 2) {
        if (dim == 1) ny = 1;
        Mat points(dim, nx * ny);
        for (int iy = 0; iy < ny; ++iy) {
          for (int ix = 0; ix < nx; ++ix) {
            const int j = iy * nx + ix;
            points(0, j) =
                static_cast<Scalar>(nx == 1 ? xmin : xmin + (xmax - xmin) * ix / (nx - 1));
            if (dim == 2) {
              points(1, j) =
                  static_cast<Scalar>(ny == 1 ? ymin : ymin + (ymax - ymin) * iy / (ny - 1));
            }
          }
        }
        Mat out;
        network->predict(run_->params(), points, out);
        // Rows (classes) outermost, then y, then x.
        Mat transposed = out.transpose();
        values.assign(transposed.data(), transposed.data() + transposed.size());
      }
    }
    return typed_array("Float32Array", values.data(), values.size());
  }

  val train_data() {
    val out = val::object();
    auto* network = network_problem();
    static const Mat empty_mat;
    static const std::vector<int> empty_labels;
    const Mat& x = network ? network->data().x_train : empty_mat;
    const Mat& y = network ? network->data().y_train : empty_mat;
    const auto& labels = network ? network->data().label_train : empty_labels;
    out.set("x", typed_array("Float32Array", x.data(), x.size()));
    out.set("inputDim", network ? network->data().input_dim : 0);
    out.set("labels", typed_array("Int32Array", labels.data(), labels.size()));
    out.set("targets", typed_array("Float32Array", y.data(), y.size()));
    return out;
  }

 private:
  NetworkProblem* network_problem() {
    if (!run_ || run_->config().is_function() || run_->config().is_sensing()) return nullptr;
    return static_cast<NetworkProblem*>(&run_->problem());
  }

  std::unique_ptr<Run> run_;
  std::string error_;
};

// The loss along the line between two runs' weights, on a's training objective.
std::string interpolate_runs(RunHandle& a, RunHandle& b, int points) {
  if (!a.run() || !b.run()) return json({{"error", "a run was not created"}}).dump();
  return interpolation_json(*a.run(), *b.run(), points).dump();
}

}  // namespace

EMSCRIPTEN_BINDINGS(descent) {
  emscripten::function("catalog", &catalog);
  emscripten::function("gallery", &gallery);
  emscripten::function("interpolateRuns", &interpolate_runs);
  emscripten::function("heapBytes", &heap_bytes);
  emscripten::function("validate", &validate);
  emscripten::function("schedulePreview", &schedule_preview);
  emscripten::function("functionGrid", &function_grid);
  // User tables (cpp/problems/table/): bytes in (a Uint8Array), JSON out.
  emscripten::function("registerTable", &register_table_json);
  emscripten::function("describeTable", &describe_table_json);
  emscripten::class_<RunHandle>("Run")
      .constructor<const std::string&>()
      .function("ok", &RunHandle::ok)
      .function("error", &RunHandle::error)
      .function("step", &RunHandle::step)
      .function("status", &RunHandle::status)
      .function("currentStep", &RunHandle::current_step)
      .function("totalSteps", &RunHandle::total_steps)
      .function("message", &RunHandle::message)
      .function("takeMetrics", &RunHandle::take_metrics)
      .function("checkpoint", &RunHandle::checkpoint)
      .function("restore", &RunHandle::restore)
      .function("takeBatchLosses", &RunHandle::take_batch_losses)
      .function("takeDiagnostics", &RunHandle::take_diagnostics)
      .function("landscape", &RunHandle::landscape)
      .function("trajectory", &RunHandle::trajectory)
      .function("particles", &RunHandle::particles)
      .function("grid", &RunHandle::grid)
      .function("trainData", &RunHandle::train_data);
}
