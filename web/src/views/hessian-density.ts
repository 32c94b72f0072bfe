// The Hessian eigenvalue density view: each visible run's latest density from stochastic
// Lanczos quadrature (the core's grid: bin edges and the density's mean over each bin), drawn
// as a stepped outline. On a log axis the bins where the density is 0 are left out (a log
// scale cannot place them); every value is the core's.
import type { HessianDensity } from '../metrics/diagnostics';
import type { XYLine } from '../charts/xy-chart';

export interface DensityRun {
  name: string;
  color: string;
  /** The run's latest measured density, or null before one is measured. */
  density: HessianDensity | null;
  step: number | null;
}

/** One stepped line per run: (edge_i, density_i), closed by the last edge. */
export function densityLines(runs: readonly DensityRun[], logY: boolean): XYLine[] {
  const lines: XYLine[] = [];
  for (const run of runs) {
    const d = run.density;
    if (!d || d.density.length === 0 || d.edges.length !== d.density.length + 1) continue;
    const points = d.density.map((y, i) => ({ x: d.edges[i]!, y }));
    points.push({ x: d.edges[d.density.length]!, y: d.density.at(-1)! });
    lines.push({
      label: run.step === null ? run.name : `${run.name} (step ${run.step})`,
      color: run.color,
      points: logY ? points.filter((p) => p.y > 0) : points,
      stepped: true,
    });
  }
  return lines;
}
