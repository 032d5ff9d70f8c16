import { DataError, ValueError } from '../core/errors.js';
import { parseCsv, type CsvTable } from '../data/csv.js';
import type { Matrix } from '../data/scalers/matrix.js';

/**
 * A multivariate process time series (a historian export): one time stamp per row and one column per
 * tag, in engineering units. Missing readings are NaN until {@link fillGaps}.
 */
export interface ProcessSeries {
  /** The file the series came from (for messages). */
  readonly file: string;
  /** Time of each row: epoch milliseconds for dates, else the numbers of the time column. */
  readonly time: Float64Array;
  /** Whether `time` holds dates (epoch ms). */
  readonly timeIsDate: boolean;
  readonly tags: readonly string[];
  /** rows × tags, row-major, engineering units (NaN = missing). */
  readonly values: Matrix;
  /** 1-based file line of each row (for messages); empty after resampling. */
  readonly lines: Int32Array;
}

/** Options of {@link readProcessCsv}. */
export interface ProcessCsvOptions {
  /** The file name for messages. */
  readonly file: string;
  /** The time column (ISO dates or numbers). Default: the first column. */
  readonly timeColumn?: string;
  /** The tag columns to keep (default: every other column). */
  readonly tags?: readonly string[];
}

/**
 * Reads a historian export (CSV or TSV; delimiter detected) into a {@link ProcessSeries}: the time column
 * holds numbers or ISO dates, every other column a numeric tag (empty/NA cells are missing, NaN).
 *
 * @throws DataError `file:line: column "T": …` for a non-numeric cell, a time stamp that is not after the
 *   previous one (non-monotonic or duplicate, naming both lines), a missing time stamp or an unknown column.
 * @example
 * const s = readProcessCsv(text, { file: 'plant.csv', timeColumn: 'timestamp' });
 */
export function readProcessCsv(text: string, options: ProcessCsvOptions): ProcessSeries {
  const { file } = options;
  let table: CsvTable = parseCsv(text, { file, allowMissing: true });
  const timeColumn = options.timeColumn ?? table.columns[0]!;
  if (!table.has(timeColumn)) throw new DataError({ file, line: table.headerLine }, `no time column ${JSON.stringify(timeColumn)}; the columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`);
  let timeIsDate = false;
  if (table.kind(timeColumn) !== 'number') {
    const columns: Record<string, 'date' | 'number'> = { [timeColumn]: 'date' };
    table = parseCsv(text, { file, allowMissing: true, columns }) as unknown as CsvTable;
    timeIsDate = true;
  }
  const time = table.numeric(timeColumn);
  const lines = Int32Array.from({ length: table.rows }, (_, r) => table.line(r));
  for (let r = 0; r < table.rows; r++) {
    if (Number.isNaN(time[r]!)) throw new DataError({ file, line: lines[r], column: timeColumn }, 'missing time stamp');
    if (r > 0 && !(time[r]! > time[r - 1]!)) {
      const what = time[r] === time[r - 1] ? 'duplicate time stamp' : 'time stamp earlier than the one before';
      throw new DataError({ file, line: lines[r], column: timeColumn }, `${what} (line ${lines[r - 1]}); time stamps must increase strictly`);
    }
  }
  const tags = options.tags ?? table.columns.filter((c) => c !== timeColumn);
  for (const tag of tags) {
    if (!table.has(tag)) throw new DataError({ file, line: table.headerLine }, `no column ${JSON.stringify(tag)}; the columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`);
  }
  return { file, time, timeIsDate, tags, values: { data: table.matrix(tags), rows: table.rows, cols: tags.length }, lines };
}

/** The median spacing of the time stamps (the natural resampling step). */
export function medianStep(time: ArrayLike<number>): number {
  const d = Float64Array.from({ length: Math.max(time.length - 1, 0) }, (_, i) => time[i + 1]! - time[i]!).sort();
  if (d.length === 0) throw new ValueError('medianStep: needs at least two time stamps');
  return d[Math.floor(d.length / 2)]!;
}

/**
 * Resamples to a regular grid `t₀, t₀ + step, …` up to the last time stamp, each tag linearly interpolated
 * between its neighbouring *observed* readings (missing readings are skipped, like pandas
 * `resample(step).asfreq()` + `interpolate('time')`). A grid point outside a tag's observed range takes the
 * nearest observation. A tag with no readings at all is an error.
 */
export function resampleRegular(series: ProcessSeries, step: number = medianStep(series.time)): ProcessSeries {
  if (!(step > 0)) throw new ValueError(`resampleRegular(${series.file}): step must be > 0, got ${step}`);
  const { time, values } = series;
  const t0 = time[0]!;
  const rows = Math.floor((time[time.length - 1]! - t0) / step + 1e-9) + 1;
  const grid = Float64Array.from({ length: rows }, (_, i) => t0 + i * step);
  const out = new Float64Array(rows * values.cols);
  for (let c = 0; c < values.cols; c++) {
    const obsT: number[] = [];
    const obsV: number[] = [];
    for (let r = 0; r < values.rows; r++) {
      const v = values.data[r * values.cols + c]!;
      if (!Number.isNaN(v)) {
        obsT.push(time[r]!);
        obsV.push(v);
      }
    }
    if (obsT.length === 0) throw new DataError({ file: series.file, column: series.tags[c] }, 'the tag has no readings');
    let j = 0;
    for (let i = 0; i < rows; i++) {
      const t = grid[i]!;
      while (j < obsT.length - 1 && obsT[j + 1]! <= t) j++;
      let v: number;
      if (t <= obsT[0]!) v = obsV[0]!;
      else if (j >= obsT.length - 1) v = obsV[obsT.length - 1]!;
      else v = obsV[j]! + ((obsV[j + 1]! - obsV[j]!) * (t - obsT[j]!)) / (obsT[j + 1]! - obsT[j]!);
      out[i * values.cols + c] = v;
    }
  }
  return { ...series, time: grid, values: { data: out, rows, cols: values.cols }, lines: new Int32Array(0) };
}

/**
 * Fills missing readings (NaN) by linear interpolation in time between the tag's neighbouring readings
 * (nearest reading at the ends) and returns the filled series with a mask (rows × tags, 1 where the value
 * was filled in) — the mask is meant as extra input channels so a model can see which values are real.
 */
export function fillGaps(series: ProcessSeries): { series: ProcessSeries; mask: Matrix } {
  const { values, time } = series;
  const mask = new Float64Array(values.rows * values.cols);
  for (let i = 0; i < mask.length; i++) mask[i] = Number.isNaN(values.data[i]!) ? 1 : 0;
  const filled = resampleAt(series, time);
  return { series: filled, mask: { data: mask, rows: values.rows, cols: values.cols } };
}

/** Interpolates every tag at the given (original) time stamps — the gap filling of {@link fillGaps}. */
function resampleAt(series: ProcessSeries, at: Float64Array): ProcessSeries {
  const out = new Float64Array(series.values.data);
  const { cols, rows } = series.values;
  for (let c = 0; c < cols; c++) {
    let prev = -1;
    for (let r = 0; r <= rows; r++) {
      const v = r < rows ? out[r * cols + c]! : Number.NaN;
      if (r < rows && Number.isNaN(v)) continue;
      for (let g = prev + 1; g < r; g++) {
        if (prev < 0 && r >= rows) throw new DataError({ file: series.file, column: series.tags[c] }, 'the tag has no readings');
        const a = prev < 0 ? out[r * cols + c]! : out[prev * cols + c]!;
        const b = r >= rows ? out[prev * cols + c]! : out[r * cols + c]!;
        const w = prev < 0 || r >= rows ? 0 : (at[g]! - at[prev]!) / (at[r]! - at[prev]!);
        out[g * cols + c] = a + w * (b - a);
      }
      prev = r;
    }
  }
  return { ...series, values: { data: out, rows, cols } };
}
