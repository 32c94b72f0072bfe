// Demo ids that links made before may hold (`#preset=<id>`, `#demo=<id>`, a state's
// `demo`), each with the core demo (cpp/gallery/demos/) that now makes its point. These are
// retired names, not a list of demos: the demos themselves are defined once, in the core.
export const RETIRED_DEMO_IDS: Readonly<Record<string, string>> = {
  // The page's presets, before the core's gallery defined every demo.
  'momentum-valley': 'momentum_quadratic',
  'rosenbrock-adam-sgd': 'adam_rosenbrock',
  'spiral-optimizers': 'spiral_optimizers',
  'digits-schedules': 'lr_schedules',
  'too-high-lr': 'gd_stability_threshold',
  grokking: 'grokking_modular',
  clipping: 'gradient_clipping',
};

/** The demo a retired id now opens, or undefined for a name that was never retired. */
export function retiredDemoName(id: string): string | undefined {
  return Object.hasOwn(RETIRED_DEMO_IDS, id) ? RETIRED_DEMO_IDS[id] : undefined;
}
