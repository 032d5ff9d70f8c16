import { ValueError } from '../core/errors.js';
import type { Matrix } from '../data/scalers/matrix.js';

/** Geometry of supervised windows over a time series. */
export interface WindowSpec {
  /** Past rows fed to the model (the window ends at row t). */
  readonly lookback: number;
  /** Future rows predicted: t + 1 … t + horizon. */
  readonly horizon: number;
  /** Rows between the ends of consecutive windows (default 1). */
  readonly stride?: number;
  /**
   * First target row relative to the window's last input row (default 1: forecasting t+1 … t+horizon);
   * 0 estimates the current value (a soft sensor, rows t … t+horizon−1).
   */
  readonly offset?: number;
}

/** Windows cut from a series: inputs [n, lookback, inputCols], targets [n, horizon, targetCols], row-major. */
export interface Windows {
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Row index t of the last input row of each window. */
  readonly ends: Int32Array;
  readonly count: number;
  readonly lookback: number;
  readonly horizon: number;
  readonly inputCols: number;
  readonly targetCols: number;
}

/**
 * Cuts supervised windows from rows [from, to) of a series: window i uses input rows t−lookback+1 … t and
 * target rows t+offset … t+offset+horizon−1 (offset 1 by default), all inside [from, to); consecutive
 * windows end `stride` rows apart.
 *
 * @throws ValueError naming the sizes when the span is shorter than lookback + horizon.
 * @example makeWindows(z, z, { lookback: 20, horizon: 10 }).x // [n, 20, cols]
 */
export function makeWindows(inputs: Matrix, targets: Matrix, spec: WindowSpec, from = 0, to = inputs.rows, what = 'series'): Windows {
  const { lookback, horizon } = spec;
  const stride = spec.stride ?? 1;
  const offset = spec.offset ?? 1;
  if (!Number.isInteger(offset) || offset < 0) throw new ValueError(`makeWindows: offset must be a non-negative integer, got ${offset}`);
  for (const [name, v] of [['lookback', lookback], ['horizon', horizon], ['stride', stride]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`makeWindows: ${name} must be a positive integer, got ${v}`);
  }
  if (inputs.rows !== targets.rows) throw new ValueError(`makeWindows: ${inputs.rows} input rows but ${targets.rows} target rows`);
  const span = to - from;
  const need = lookback + horizon + offset - 1;
  if (span < need) {
    throw new ValueError(`${what}: ${span} rows is shorter than lookback + horizon = ${lookback} + ${horizon}${offset === 1 ? '' : ` (target offset ${offset})`} = ${need}`);
  }
  const count = Math.floor((span - need) / stride) + 1;
  const ic = inputs.cols;
  const tc = targets.cols;
  const x = new Float32Array(count * lookback * ic);
  const y = new Float32Array(count * horizon * tc);
  const ends = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const t = from + lookback - 1 + i * stride;
    ends[i] = t;
    x.set(inputs.data.subarray((t - lookback + 1) * ic, (t + 1) * ic), i * lookback * ic);
    y.set(targets.data.subarray((t + offset) * tc, (t + offset + horizon) * tc), i * horizon * tc);
  }
  return { x, y, ends, count, lookback, horizon, inputCols: ic, targetCols: tc };
}

/** Row ranges [from, to) of a chronological train / validation / test split. */
export interface ChronologicalSplit {
  readonly train: readonly [number, number];
  readonly val: readonly [number, number];
  readonly test: readonly [number, number];
}

/**
 * Splits `rows` chronologically: the first part trains, then validation, then test, with `gap` rows left
 * out between parts (use gap ≥ lookback + horizon − 1 so no window straddles two parts).
 * @example chronologicalSplit(1000, { val: 0.15, test: 0.15, gap: 30 }) // train [0, 670), val [700, 820), test [850, 1000)
 */
export function chronologicalSplit(rows: number, options: { val: number; test: number; gap?: number }): ChronologicalSplit {
  const gap = options.gap ?? 0;
  const nTest = Math.round(rows * options.test);
  const nVal = Math.round(rows * options.val);
  const testFrom = rows - nTest;
  const valTo = testFrom - gap;
  const valFrom = valTo - nVal;
  const trainTo = valFrom - gap;
  if (trainTo <= 0 || nVal <= 0 || nTest <= 0) throw new ValueError(`chronologicalSplit: ${rows} rows cannot hold train, validation (${nVal}) and test (${nTest}) with gaps of ${gap}`);
  return { train: [0, trainTo], val: [valFrom, valTo], test: [testFrom, rows] };
}
