// Who is who in a metric chart: the legend's entries, computed from the chart's lines.

export type LineRole = 'main' | 'raw' | 'marker' | 'reference';

/** What the legend reads of a line (a subset of the chart's dataset). */
export interface LegendLine {
  role: LineRole;
  runName: string;
  metricLabel: string;
  borderColor?: unknown;
  borderDash?: unknown;
}

/**
 * Above this many runs a chart names every run in its legend: beside four colours a reader
 * can still match lines to the run list, beyond that the lines need their names.
 */
export const MOST_RUNS_WITHOUT_NAMES = 4;

interface LegendItem {
  text: string;
  datasetIndex: number;
  strokeStyle: string;
  fillStyle: string;
  lineDash: number[];
  lineWidth: number;
  hidden: boolean;
}

/**
 * The legend: one entry per line style (train/test, the 2/η reference) when there is more
 * than one, and one entry per run, in its colour, when the runs are many.
 */
export function legendItems(
  datasets: readonly LegendLine[],
  styles: boolean,
  runs: boolean,
): LegendItem[] {
  const items: LegendItem[] = [];
  const seen = new Set<string>();
  const add = (key: string, item: LegendItem) => {
    if (seen.has(key)) return;
    seen.add(key);
    items.push(item);
  };
  datasets.forEach((ds, i) => {
    if (styles && (ds.role === 'main' || ds.role === 'reference'))
      add(`style|${ds.role}|${ds.metricLabel}`, {
        text: ds.metricLabel,
        datasetIndex: i,
        strokeStyle: '#555',
        fillStyle: 'transparent',
        lineDash: (ds.borderDash as number[]) ?? [],
        lineWidth: 2,
        hidden: false,
      });
  });
  datasets.forEach((ds, i) => {
    if (runs && ds.role === 'main')
      add(`run|${ds.runName}`, {
        text: ds.runName,
        datasetIndex: i,
        strokeStyle: typeof ds.borderColor === 'string' ? ds.borderColor : '#555',
        fillStyle: 'transparent',
        lineDash: [],
        lineWidth: 2,
        hidden: false,
      });
  });
  return items;
}
