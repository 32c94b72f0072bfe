// Metric columns for one run, in growable Float64Arrays (capacity doubles), so appending a
// chunk is amortised O(chunk). Memory is bounded: once a series holds `maxRows` rows it keeps
// every other one and from then on samples every 2nd (4th, 8th, ...) incoming row, like the
// core's trajectory, so a 10⁶-step run costs the same as a 65k-step one. The latest row is
// always present (as the last element), so final values and the live tip stay exact.
/** Rows a series keeps before it starts thinning (8 bytes × 65,536 ≈ 0.5 MB per column). */
export const MAX_SERIES_ROWS = 65_536;

/** Keeps incoming items 0, stride, 2·stride, ... plus the latest one, at most max + 1. */
class ThinningIndex {
  /** Items kept by the stride (the latest may follow them in a "tip" slot). */
  kept = 0;
  /** Whether the latest incoming item sits in the slot after the kept ones. */
  tip = false;
  stride = 1;
  private incoming = 0;

  constructor(readonly max: number) {}

  get length(): number {
    return this.kept + (this.tip ? 1 : 0);
  }

  /**
   * Where the next incoming item goes; calls `halve` first when the kept items must be
   * thinned (the caller moves item 2i to i for i < kept/2).
   */
  place(halve: (keep: number) => void): number {
    const index = this.incoming++;
    if (index % this.stride === 0) {
      if (this.kept >= this.max) {
        const keep = Math.ceil(this.kept / 2);
        halve(keep);
        this.kept = keep;
        this.stride *= 2;
      }
      if (index % this.stride === 0) {
        this.tip = false;
        return this.kept++;
      }
    }
    this.tip = true;
    return this.kept;
  }
}

/** Bounds the number of extra columns a (buggy) core could make a run hold. */
const MAX_COLUMNS = 64;
const COLUMN_NAME = /^[a-z][a-z0-9_]{0,47}$/;

/** Whether a name can be a metric column (a stored or imported file is untrusted). */
export function isColumnName(name: string): boolean {
  return COLUMN_NAME.test(name);
}

// The base columns are always there; every other column the core reports (the catalog's
// "metrics") is added as it first appears, NaN before, so the page needs no list of them.
export class Series {
  private data = new Map<string, Float64Array>();
  private index: ThinningIndex;

  constructor(
    initialCapacity = 256,
    maxRows = MAX_SERIES_ROWS,
    /** The columns always held (the first must be 'step'). */
    base: readonly string[] = ['step'],
  ) {
    this.index = new ThinningIndex(Math.max(2, maxRows));
    const capacity = Math.min(Math.max(2, initialCapacity), this.index.max + 1);
    for (const name of base) this.data.set(name, new Float64Array(capacity));
  }

  get length(): number {
    return this.index.length;
  }

  /** 1 until the series first thins; then every stride-th incoming row is kept. */
  get stride(): number {
    return this.index.stride;
  }

  /** Every column held, base columns first. */
  names(): string[] {
    return [...this.data.keys()];
  }

  has(name: string): boolean {
    return this.data.has(name);
  }

  /** Appends rows; columns absent from the chunk are filled with NaN. */
  append(chunk: Partial<Record<string, Float64Array>>): void {
    const rows = chunk.step?.length ?? 0;
    if (rows === 0) return;
    for (const name of Object.keys(chunk)) {
      if (this.data.has(name) || this.data.size >= MAX_COLUMNS || !COLUMN_NAME.test(name)) continue;
      if (chunk[name]?.length !== rows) continue;
      const column = new Float64Array(this.data.get('step')!.length);
      column.fill(Number.NaN, 0, this.length);
      this.data.set(name, column);
    }
    const names = this.names();
    const sources = names.map((name) => {
      const source = chunk[name];
      return source && source.length === rows ? source : null;
    });
    const halve = (keep: number) => this.halve(keep);
    let targets = names.map((name) => this.data.get(name)!);
    for (let row = 0; row < rows; row++) {
      const at = this.index.place(halve);
      if (at >= targets[0]!.length) {
        this.reserve(at + 1);
        targets = names.map((name) => this.data.get(name)!);
      }
      for (let c = 0; c < targets.length; c++) {
        const source = sources[c];
        targets[c]![at] = source ? source[row]! : Number.NaN;
      }
    }
  }

  /** A view of the filled part of a column (do not keep across appends); NaN if never reported. */
  column(name: string): Float64Array {
    const column = this.data.get(name);
    if (column) return column.subarray(0, this.length);
    return new Float64Array(this.length).fill(Number.NaN);
  }

  last(name: string): number {
    const column = this.data.get(name);
    return column && this.length > 0 ? column[this.length - 1]! : Number.NaN;
  }

  private halve(keep: number): void {
    for (const column of this.data.values()) {
      for (let i = 0; i < keep; i++) column[i] = column[2 * i]!;
    }
  }

  private reserve(capacity: number): void {
    const current = this.data.get('step')!.length;
    if (capacity <= current) return;
    let next = current;
    while (next < capacity) next *= 2;
    next = Math.min(next, this.index.max + 1);
    for (const [name, column] of this.data) {
      const grown = new Float64Array(next);
      grown.set(column.subarray(0, current));
      this.data.set(name, grown);
    }
  }
}

/** Points a trail keeps before thinning (2 × 8 bytes × 65,536 ≈ 1 MB). */
export const MAX_TRAIL_POINTS = 65_536;

/** x0,y0,x1,y1,... buffer for a 2-D trajectory, thinned like Series, latest point kept. */
export class PointTrail {
  private data = new Float64Array(512);
  private index: ThinningIndex;

  constructor(maxPoints = MAX_TRAIL_POINTS) {
    this.index = new ThinningIndex(Math.max(2, maxPoints));
  }

  get points(): number {
    return this.index.length;
  }

  append(xy: Float64Array): void {
    const halve = (keep: number) => {
      for (let k = 0; k < keep; k++) {
        this.data[2 * k] = this.data[4 * k]!;
        this.data[2 * k + 1] = this.data[4 * k + 1]!;
      }
    };
    for (let i = 0; i + 1 < xy.length; i += 2) {
      const at = this.index.place(halve);
      if (2 * at + 2 > this.data.length) {
        const grown = new Float64Array(Math.min(this.data.length * 2, 2 * (this.index.max + 1)));
        grown.set(this.data);
        this.data = grown;
      }
      this.data[2 * at] = xy[i]!;
      this.data[2 * at + 1] = xy[i + 1]!;
    }
  }

  view(): Float64Array {
    return this.data.subarray(0, 2 * this.index.length);
  }
}
