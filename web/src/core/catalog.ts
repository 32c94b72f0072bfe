// Read-only helpers over the core's catalog: the page renders every form from it, so the
// list of optimizers, schedules, problems and their settings is defined once, in C++.
import type {
  Catalog,
  CatalogEntry,
  CatalogParam,
  DatasetEntry,
  FunctionEntry,
  OptimizerEntry,
  SensingEntry,
} from './descent-module';
import type { ParamValue, ParamValues, ProblemState } from '../state/types';

export function parseCatalog(json: string): Catalog {
  const catalog = JSON.parse(json) as Catalog;
  if (typeof catalog !== 'object' || catalog === null || !Array.isArray(catalog.optimizers)) {
    throw new Error('the core returned a catalog without optimizers');
  }
  return catalog;
}

export function byName<T extends CatalogEntry>(entries: readonly T[], name: string): T | undefined {
  return entries.find((entry) => entry.name === name);
}

/** The value a form shows: the chosen one, else the catalog default. */
export function paramValue(param: CatalogParam, chosen: ParamValues): ParamValue {
  const value = chosen[param.name];
  return value === undefined ? param.default : value;
}

/** Keeps only the settings the entry knows (e.g. after switching optimizer, lr survives). */
export function keepKnownParams(params: ParamValues, entry: CatalogEntry | undefined): ParamValues {
  if (!entry) return {};
  const known = new Set(entry.params.map((p) => p.name));
  return Object.fromEntries(Object.entries(params).filter(([name]) => known.has(name)));
}

/** The catalog's problems of one kind. */
export function problemEntries(
  catalog: Catalog,
  kind: ProblemState['kind'],
): readonly (FunctionEntry | DatasetEntry | SensingEntry)[] {
  if (kind === 'function') return catalog.functions;
  if (kind === 'sensing') return catalog.sensing ?? [];
  return catalog.datasets;
}

export function problemEntry(
  catalog: Catalog,
  problem: Pick<ProblemState, 'kind' | 'name'>,
): FunctionEntry | DatasetEntry | SensingEntry | undefined {
  return byName(problemEntries(catalog, problem.kind), problem.name);
}

/** Optimizers grouped by family, families in first-appearance order. */
export function optimizersByFamily(catalog: Catalog): Map<string, OptimizerEntry[]> {
  const groups = new Map<string, OptimizerEntry[]>();
  for (const entry of catalog.optimizers) {
    const group = groups.get(entry.family) ?? [];
    group.push(entry);
    groups.set(entry.family, group);
  }
  return groups;
}

/** Case-insensitive match on config name, display name and paper title/authors. */
export function matchesSearch(entry: CatalogEntry, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  const haystack = [
    entry.name,
    entry.title,
    entry.citation?.title ?? '',
    entry.citation?.authors ?? '',
    String(entry.citation?.year ?? ''),
  ]
    .join(' ')
    .toLowerCase();
  return q.split(/\s+/).every((word) => haystack.includes(word));
}

export function citationText(entry: CatalogEntry): string {
  const c = entry.citation;
  if (!c || !c.title) return '';
  const venue = c.venue ? `, ${c.venue}` : '';
  return `${c.title} — ${c.authors} (${c.year}${venue})`;
}

export function runParam(catalog: Catalog, name: string): CatalogParam | undefined {
  return catalog.run.params.find((p) => p.name === name);
}

/** Whether an optimizer can run on a problem, and if not, why (from catalog flags only). */
export type Availability = { ok: true } | { ok: false; reason: string };

export function optimizerAvailability(
  catalog: Catalog,
  entry: OptimizerEntry,
  problem: Pick<ProblemState, 'kind' | 'name'>,
): Availability {
  if (entry.functions_only && problem.kind !== 'function') {
    return { ok: false, reason: 'runs on 2-D functions only' };
  }
  if (entry.networks_only && problem.kind === 'function') {
    return { ok: false, reason: "runs on networks only (it works with the network's outputs)" };
  }
  if (entry.needs_hvp && !problemEntry(catalog, problem)?.hvp) {
    return {
      ok: false,
      reason: 'needs exact Hessian-vector products, which this problem does not provide',
    };
  }
  return { ok: true };
}

/** "Adaptive", "Layer wise", "Step size": a readable heading for a catalog family. */
/** The cost line of an optimizer: gradients, Hessian- and Jacobian-vector products per step. */
export function costText(entry: OptimizerEntry): string {
  const { gradients, hvps, jvps = 0 } = entry.cost;
  const parts = [
    gradients > 0
      ? `${gradients} gradient${gradients === 1 ? '' : 's'}`
      : jvps > 0
        ? 'no gradients (forward mode)'
        : 'no gradients (function values only)',
  ];
  if (hvps > 0) parts.push(`${hvps} Hessian-vector product${hvps === 1 ? '' : 's'}`);
  if (jvps > 0) parts.push(`${jvps} Jacobian-vector product${jvps === 1 ? '' : 's'}`);
  return `Cost per step: ${parts.join(', ')}.`;
}
