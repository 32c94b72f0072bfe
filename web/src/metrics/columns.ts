// The metric columns the core reports (see core/descent-module.d.ts). NaN marks "not
// measured at this row" (test metrics between evaluations, x/y for networks).
export const METRIC_COLUMNS = [
  'step',
  'loss',
  'accuracy',
  'test_loss',
  'test_accuracy',
  'lr',
  'grad_norm',
  'update_norm',
  'param_norm',
  'x',
  'y',
  // Diagnostics (NaN except at the rows where the run's "diagnostics" section measured them).
  'sharpness',
  'hessian_trace',
  'top_k_grad_fraction',
  'diagnostic_hvps',
  'update_weight_ratio',
  'grad_cosine',
  'update_grad_cosine',
  'dead_relu',
  'logit_norm',
  'softmax_collapse',
  // Linear logistic models on separable data: angle (degrees) to the max-margin direction.
  'margin_angle',
] as const;
export type MetricName = (typeof METRIC_COLUMNS)[number];
export type Columns = Record<MetricName, Float64Array>;
