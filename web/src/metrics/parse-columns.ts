// Metric columns read from an untrusted file (a JSON export, a stored history entry): names
// shaped like the core's, at most `MAX_COLUMNS`, equal lengths, numbers or null (NaN).
import { ShapeError, array, object, type Json } from '../share/shape';
import { isColumnName } from './series';

const MAX_COLUMNS = 64;

export function parseColumns(
  value: Json,
  path: string,
  maxRows: number,
): Record<string, Float64Array> {
  const source = object(value, path);
  const names = Object.keys(source);
  if (names.length > MAX_COLUMNS) throw new ShapeError(path, `at most ${MAX_COLUMNS} columns`);
  const columns: Record<string, Float64Array> = {};
  let rows = -1;
  for (const name of names) {
    const at = `${path}.${name}`;
    if (!isColumnName(name)) throw new ShapeError(at, 'a metric column name (a-z, 0-9, _)');
    const values = array(source[name], at, maxRows);
    if (rows >= 0 && values.length !== rows)
      throw new ShapeError(at, `${rows} values like the others`);
    rows = values.length;
    columns[name] = Float64Array.from(values, (v, i) => {
      if (v === null) return Number.NaN;
      if (typeof v !== 'number') throw new ShapeError(`${at}[${i}]`, 'a number or null');
      return v;
    });
  }
  return columns;
}
