// Append-only metric columns for one run, in growable Float64Arrays (capacity doubles), so
// appending a chunk is amortised O(chunk) and the full history stays for export and
// smoothing; display decimates separately.
import { METRIC_COLUMNS, type MetricName } from './columns';

export class Series {
  private data: Record<MetricName, Float64Array>;
  private size = 0;

  constructor(initialCapacity = 256) {
    this.data = Object.fromEntries(
      METRIC_COLUMNS.map((name) => [name, new Float64Array(initialCapacity)]),
    ) as Record<MetricName, Float64Array>;
  }

  get length(): number {
    return this.size;
  }

  /** Appends rows; columns absent from the chunk are filled with NaN. */
  append(chunk: Partial<Record<string, Float64Array>>): void {
    const rows = chunk.step?.length ?? 0;
    if (rows === 0) return;
    this.reserve(this.size + rows);
    for (const name of METRIC_COLUMNS) {
      const target = this.data[name];
      const source = chunk[name];
      if (source && source.length === rows) target.set(source, this.size);
      else target.fill(Number.NaN, this.size, this.size + rows);
    }
    this.size += rows;
  }

  /** A view of the filled part of a column (do not keep across appends). */
  column(name: MetricName): Float64Array {
    return this.data[name].subarray(0, this.size);
  }

  last(name: MetricName): number {
    return this.size > 0 ? this.data[name][this.size - 1]! : Number.NaN;
  }

  private reserve(capacity: number): void {
    const current = this.data.step.length;
    if (capacity <= current) return;
    let next = current;
    while (next < capacity) next *= 2;
    for (const name of METRIC_COLUMNS) {
      const grown = new Float64Array(next);
      grown.set(this.data[name].subarray(0, this.size));
      this.data[name] = grown;
    }
  }
}

/** Growable x0,y0,x1,y1,... buffer for a 2-D trajectory. */
export class PointTrail {
  private data = new Float64Array(512);
  private size = 0;

  get points(): number {
    return this.size / 2;
  }

  append(xy: Float64Array): void {
    if (this.size + xy.length > this.data.length) {
      let next = this.data.length;
      while (next < this.size + xy.length) next *= 2;
      const grown = new Float64Array(next);
      grown.set(this.data.subarray(0, this.size));
      this.data = grown;
    }
    this.data.set(xy, this.size);
    this.size += xy.length - (xy.length % 2);
  }

  view(): Float64Array {
    return this.data.subarray(0, this.size);
  }
}
