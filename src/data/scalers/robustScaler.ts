import { ValueError } from '../../core/errors.js';
import { readBoolean, readHeader, readNumbers, readObject, readPositiveInteger } from './json.js';
import type { Matrix } from './matrix.js';
import { medianSorted, percentileSorted, sortedColumn } from './quantile.js';
import { ColumnScaler } from './scaler.js';

/** Options of {@link RobustScaler}. */
export interface RobustScalerOptions {
  /** Subtract the column median (default true). */
  withCentering?: boolean;
  /** Divide by the inter-quantile range (default true). */
  withScaling?: boolean;
  /** The percentiles `[qMin, qMax]` whose difference is the scale, 0 ≤ qMin ≤ qMax ≤ 100; default [25, 75]. */
  quantileRange?: readonly [number, number];
}

/** Saved state of a {@link RobustScaler} (plain JSON). */
export interface RobustScalerJSON {
  type: 'RobustScaler';
  version: 1;
  withCentering: boolean;
  withScaling: boolean;
  quantileRange: [number, number];
  /** The fitted statistics, one entry per column; null before `fit`. */
  fitted: { nSamplesSeen: number; center: number[]; scale: number[] } | null;
}

const TINY = 10 * 2 ** -52;

/**
 * Scaling that outliers barely move (scikit-learn's `RobustScaler`): `y = (x − median) / IQR` per column,
 * where IQR is the difference of the `quantileRange` percentiles (default the interquartile range, 75th −
 * 25th). Percentiles use linear interpolation between order statistics, virtual index `(n − 1)·q/100`
 * (NumPy's default, which scikit-learn uses); the median of an even count is the mean of the two middle
 * values. A column whose range is below 10·ε gets scale 1. (scikit-learn's `unit_variance` option is not
 * offered.)
 *
 * Input forms, results and errors are those of {@link ColumnScaler}; an invalid `quantileRange` is a
 * ValueError.
 *
 * @example
 * new RobustScaler().fitTransform([[1], [2], [3], [4], [100]]); // median 3, IQR 4 − 2 = 2 → [[-1], [-0.5], [0], [0.5], [48.5]]
 */
export class RobustScaler extends ColumnScaler {
  protected readonly kind = 'RobustScaler';
  readonly withCentering: boolean;
  readonly withScaling: boolean;
  readonly quantileRange: readonly [number, number];
  private stats: { nSamplesSeen: number; center: Float64Array; scale: Float64Array } | undefined;

  constructor(options: RobustScalerOptions = {}) {
    super();
    const q = options.quantileRange ?? [25, 75];
    if (q.length !== 2 || !(0 <= q[0] && q[0] <= q[1] && q[1] <= 100)) {
      throw new ValueError(`RobustScaler: quantileRange must be [qMin, qMax] with 0 ≤ qMin ≤ qMax ≤ 100, got [${q.join(', ')}]`);
    }
    this.quantileRange = [q[0], q[1]];
    this.withCentering = options.withCentering ?? true;
    this.withScaling = options.withScaling ?? true;
  }

  /** Per-column median (a copy), or undefined before fitting. */
  get center(): Float64Array | undefined {
    return this.stats?.center.slice();
  }

  /** Per-column inter-quantile range (1 for constant columns; a copy), or undefined before fitting. */
  get scale(): Float64Array | undefined {
    return this.stats?.scale.slice();
  }

  protected fitMatrix({ data, rows, cols }: Matrix): void {
    const center = new Float64Array(cols);
    const scale = new Float64Array(cols);
    const [qMin, qMax] = this.quantileRange;
    for (let c = 0; c < cols; c++) {
      const column = sortedColumn(data, rows, cols, c);
      center[c] = medianSorted(column);
      const range = percentileSorted(column, qMax) - percentileSorted(column, qMin);
      scale[c] = range < TINY ? 1 : range;
    }
    this.stats = { nSamplesSeen: rows, center, scale };
  }

  protected applyInPlace(data: Float64Array, cols: number, inverse: boolean): void {
    const { center, scale } = this.stats!;
    for (let i = 0; i < data.length; i++) {
      const c = i % cols;
      let v = data[i]!;
      if (inverse) {
        if (this.withScaling) v *= scale[c]!;
        if (this.withCentering) v += center[c]!;
      } else {
        if (this.withCentering) v -= center[c]!;
        if (this.withScaling) v /= scale[c]!;
      }
      data[i] = v;
    }
  }

  /** The options and fitted statistics as plain JSON (what `JSON.stringify` writes). */
  toJSON(): RobustScalerJSON {
    const s = this.stats;
    return {
      type: 'RobustScaler',
      version: 1,
      withCentering: this.withCentering,
      withScaling: this.withScaling,
      quantileRange: [this.quantileRange[0], this.quantileRange[1]],
      fitted: s === undefined ? null : { nSamplesSeen: s.nSamplesSeen, center: Array.from(s.center), scale: Array.from(s.scale) },
    };
  }

  /** Restores a scaler saved by {@link toJSON}; a malformed state is a ValueError naming the field. */
  static fromJSON(json: unknown): RobustScaler {
    const op = 'RobustScaler.fromJSON';
    const o = readObject(op, json, 'the saved state');
    readHeader(op, o, 'RobustScaler');
    const q = readNumbers(op, o, 'quantileRange', 2);
    const scaler = new RobustScaler({
      withCentering: readBoolean(op, o, 'withCentering'),
      withScaling: readBoolean(op, o, 'withScaling'),
      quantileRange: [q[0]!, q[1]!],
    });
    if (o['fitted'] === null) return scaler;
    const f = readObject(op, o['fitted'], 'field "fitted"');
    const center = readNumbers(op, f, 'center');
    scaler.stats = {
      nSamplesSeen: readPositiveInteger(op, f, 'nSamplesSeen'),
      center,
      scale: readNumbers(op, f, 'scale', center.length, true),
    };
    scaler.markFitted(center.length);
    return scaler;
  }
}
