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
] as const;
export type MetricName = (typeof METRIC_COLUMNS)[number];
export type Columns = Record<MetricName, Float64Array>;
