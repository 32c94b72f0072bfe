// Diagnostic arrays the core measures every few steps (Run.takeDiagnostics(), JSON): the top
// Hessian eigenvalues, the Hessian trace estimate, per-layer norms, the histograms of
// effective learning rates and of per-example gradient norms (bins from the core) and the
// Hessian eigenvalue density. Read defensively (the text crosses from the worker), kept per run
// next to its metric series, bounded in number.
export interface LayerStats {
  name: string;
  grad_norm: number | null;
  weight_norm: number | null;
  update_norm: number | null;
  update_ratio: number | null;
}

/** The Hessian eigenvalue density (stochastic Lanczos quadrature): the density's mean over
 * each bin between consecutive edges. */
export interface HessianDensity {
  edges: number[];
  density: number[];
}

export interface DiagnosticRecord {
  step: number;
  eigenvalues: number[];
  trace: number | null;
  layers: LayerStats[];
  /** Histogram of log10 effective learning rates: counts between consecutive edges. */
  effectiveLr: { log10Edges: number[]; counts: number[] } | null;
  hessianDensity: HessianDensity | null;
  /** Histogram of the probe examples' own gradient norms: counts between consecutive edges. */
  exampleGradNorms: Histogram | null;
}

export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Records kept per run (the oldest are dropped beyond this). */
export const MAX_DIAGNOSTIC_RECORDS = 4000;

const finite = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;
const numbers = (v: unknown, max = 4096): number[] =>
  Array.isArray(v) ? v.slice(0, max).filter((x): x is number => Number.isFinite(x)) : [];

function histogram(value: unknown, edgesKey: string): Histogram | null {
  const h = value as Record<string, unknown> | undefined;
  const edges = numbers(h?.[edgesKey]);
  const counts = numbers(h?.counts);
  return edges.length >= 2 && counts.length === edges.length - 1 ? { edges, counts } : null;
}

export function parseDiagnostics(text: string): DiagnosticRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const out: DiagnosticRecord[] = [];
  for (const item of value.slice(0, MAX_DIAGNOSTIC_RECORDS)) {
    if (typeof item !== 'object' || item === null) continue;
    const r = item as Record<string, unknown>;
    const step = finite(r.step);
    if (step === null) continue;
    const effective = histogram(r.effective_lr, 'log10_edges');
    const spectrum = r.hessian_density as Record<string, unknown> | undefined;
    const densityEdges = numbers(spectrum?.edges, 1001);
    const density = numbers(spectrum?.density, 1000);
    out.push({
      step,
      eigenvalues: numbers(r.eigenvalues, 64),
      trace: finite(r.trace),
      layers: (Array.isArray(r.layers) ? r.layers.slice(0, 64) : [])
        .filter((l): l is Record<string, unknown> => typeof l === 'object' && l !== null)
        .map((l) => ({
          name: typeof l.name === 'string' ? l.name.slice(0, 64) : '',
          grad_norm: finite(l.grad_norm),
          weight_norm: finite(l.weight_norm),
          update_norm: finite(l.update_norm),
          update_ratio: finite(l.update_ratio),
        })),
      effectiveLr: effective && { log10Edges: effective.edges, counts: effective.counts },
      exampleGradNorms: histogram(r.example_grad_norms, 'edges'),
      hessianDensity:
        density.length >= 1 && densityEdges.length === density.length + 1
          ? { edges: densityEdges, density }
          : null,
    });
  }
  return out;
}

/** Appends, dropping the oldest records beyond the bound. */
export function appendDiagnostics(into: DiagnosticRecord[], records: DiagnosticRecord[]): void {
  into.push(...records);
  if (into.length > MAX_DIAGNOSTIC_RECORDS) into.splice(0, into.length - MAX_DIAGNOSTIC_RECORDS);
}
