// The points of a sweep plot (DemoPlot kind "final"), as pure functions so they are tested
// without a canvas: runs that differ only in the swept setting form one line (a sweep with and
// without warm-up is two lines), sorted by the setting; a diverged run has no final value, so
// it is drawn as a cross just above every finite value (never at its last, exploding loss)
// and its tooltip says where it diverged.

export interface SweepRun {
  runName: string;
  color: string;
  config: Record<string, unknown>;
  /** Last finite value of the plotted metric, or null. */
  last: number | null;
  /** Step at which the run diverged, or null. */
  divergedAt: number | null;
}

export interface SweepPoint {
  runName: string;
  color: string;
  x: number;
  y: number;
  divergedAt: number | null;
}

export interface SweepLine {
  key: string;
  /** What the line's runs share in their names ("no warm-up"), for the legend. */
  label: string;
  points: SweepPoint[];
}

/** The value at a config path ("optimizer.lr") of a run's config, if it is a number. */
export function configValue(config: Record<string, unknown>, path: string): number | null {
  let value: unknown = config;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The config without the swept setting, as text: runs with equal keys share a line. */
export function sweepKey(config: Record<string, unknown>, path: string): string {
  const copy = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  const parts = path.split('.');
  let node: unknown = copy;
  for (const part of parts.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return JSON.stringify(copy);
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node === 'object' && node !== null) {
    delete (node as Record<string, unknown>)[parts[parts.length - 1]!];
  }
  return JSON.stringify(copy);
}

/** Where diverged runs are drawn: above the largest finite value (a decade on a log axis). */
export function divergedLevel(values: readonly number[], logY: boolean): number {
  const finite = values.filter((v) => Number.isFinite(v) && (!logY || v > 0));
  if (finite.length === 0) return 1;
  const top = Math.max(...finite);
  if (logY) return top * 10;
  const bottom = Math.min(...finite, 0);
  return top + 0.1 * Math.max(top - bottom, Math.abs(top), 1e-12);
}

/** Sweep runs → lines of points (in first-appearance order, each sorted by x). */
export function sweepLines(runs: readonly SweepRun[], path: string, logY: boolean): SweepLine[] {
  const finite = runs.filter((r) => r.divergedAt === null && r.last !== null).map((r) => r.last!);
  const level = divergedLevel(finite, logY);
  const lines = new Map<string, SweepPoint[]>();
  for (const run of runs) {
    const x = configValue(run.config, path);
    if (x === null) continue;
    const y = run.divergedAt !== null ? level : run.last;
    if (y === null || (logY && y <= 0)) continue;
    const key = sweepKey(run.config, path);
    const line = lines.get(key) ?? [];
    line.push({ runName: run.runName, color: run.color, x, y, divergedAt: run.divergedAt });
    lines.set(key, line);
  }
  return [...lines].map(([key, points], i) => ({
    key,
    label: lineLabel(points.map((p) => p.runName)) || `series ${i + 1}`,
    points: points.sort((a, b) => a.x - b.x),
  }));
}

const TRIM = /^[\s,;:()\-–]+|[\s,;:()\-–]+$/g;

/** The words the names share: their common ending ("lr 0.1, warm-up" → "warm-up"), else
 *  their common beginning ("Adam lr 0.1" → "Adam lr"), trimmed of separators; "" if none. */
export function lineLabel(names: readonly string[]): string {
  if (names.length === 0) return '';
  const words = names.map((n) => n.trim().split(/[\s,;]+/));
  const first = words[0]!;
  let suffix = first.length;
  let prefix = first.length;
  for (const w of words) {
    let s = 0;
    while (s < Math.min(suffix, w.length) && w[w.length - 1 - s] === first[first.length - 1 - s])
      s++;
    suffix = s;
    let p = 0;
    while (p < Math.min(prefix, w.length) && w[p] === first[p]) p++;
    prefix = p;
  }
  const end = first
    .slice(first.length - suffix)
    .join(' ')
    .replace(TRIM, '');
  return end.length > 0 ? end : first.slice(0, prefix).join(' ').replace(TRIM, '');
}
