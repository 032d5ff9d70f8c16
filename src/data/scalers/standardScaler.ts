import { ValueError } from '../../core/errors.js';
import { readBoolean, readHeader, readNumbers, readObject, readPositiveInteger } from './json.js';
import type { Matrix } from './matrix.js';
import { ColumnScaler } from './scaler.js';

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Subtract the column mean (default true). */
  withMean?: boolean;
  /** Divide by the column standard deviation (default true). */
  withStd?: boolean;
}

/** Saved state of a {@link StandardScaler} (plain JSON). */
export interface StandardScalerJSON {
  type: 'StandardScaler';
  version: 1;
  withMean: boolean;
  withStd: boolean;
  /** The fitted statistics, one entry per column; null before `fit`. */
  fitted: { nSamplesSeen: number; mean: number[]; var: number[]; scale: number[] } | null;
}

const EPS = 2 ** -52;

/**
 * Standardises each column to zero mean and unit variance, `z = (x − mean) / scale` (scikit-learn's
 * `StandardScaler`). `var` is the population variance (divisor n, not n − 1, as scikit-learn and
 * `torch.var(unbiased=False)`), `scale = √var`, and a constant column (variance within rounding of zero,
 * scikit-learn's `_is_constant_feature` test) gets scale 1, so it maps to 0 instead of NaN.
 *
 * Statistics are computed in float64 with scikit-learn's corrected two-pass formula, summing rows in order
 * (as NumPy does for a multi-column array; for a single column NumPy sums pairwise, so the last bits may
 * differ). Input forms, results and errors are those of {@link ColumnScaler}.
 *
 * @example
 * const s = new StandardScaler();
 * s.fitTransform([[0, 5], [2, 5]]); // [[-1, 0], [1, 0]]  (mean [1, 5], scale [1, 1])
 * s.inverseTransform([[0.5, 3]]);   // [[1.5, 8]]
 * const copy = StandardScaler.fromJSON(JSON.parse(JSON.stringify(s)));
 */
export class StandardScaler extends ColumnScaler {
  protected readonly kind = 'StandardScaler';
  readonly withMean: boolean;
  readonly withStd: boolean;
  private stats: { nSamplesSeen: number; mean: Float64Array; var: Float64Array; scale: Float64Array } | undefined;

  constructor(options: StandardScalerOptions = {}) {
    super();
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  /** Per-column mean (a copy), or undefined before fitting. */
  get mean(): Float64Array | undefined {
    return this.stats?.mean.slice();
  }

  /** Per-column population variance (a copy), or undefined before fitting. */
  get var(): Float64Array | undefined {
    return this.stats?.var.slice();
  }

  /** Per-column divisor `√var` (1 for constant columns; a copy), or undefined before fitting. */
  get scale(): Float64Array | undefined {
    return this.stats?.scale.slice();
  }

  /** Number of rows seen by `fit`. */
  get nSamplesSeen(): number | undefined {
    return this.stats?.nSamplesSeen;
  }

  protected fitMatrix({ data, rows, cols }: Matrix): void {
    const mean = new Float64Array(cols);
    const variance = new Float64Array(cols);
    const scale = new Float64Array(cols);
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += data[r * cols + c]!;
      const m = sum / rows;
      // Corrected two-pass variance (Chan, Golub & LeVeque): Σd² − (Σd)²/n with d = x − mean.
      let correction = 0;
      let squares = 0;
      for (let r = 0; r < rows; r++) {
        const d = data[r * cols + c]! - m;
        correction += d;
        squares += d * d;
      }
      const v = (squares - (correction * correction) / rows) / rows;
      mean[c] = m;
      variance[c] = v;
      const constant = v <= rows * EPS * v + (rows * m * EPS) ** 2;
      scale[c] = constant ? 1 : Math.sqrt(v);
    }
    this.stats = { nSamplesSeen: rows, mean, var: variance, scale };
  }

  protected applyInPlace(data: Float64Array, cols: number, inverse: boolean): void {
    const { mean, scale } = this.stats!;
    for (let i = 0; i < data.length; i++) {
      const c = i % cols;
      let v = data[i]!;
      if (inverse) {
        if (this.withStd) v *= scale[c]!;
        if (this.withMean) v += mean[c]!;
      } else {
        if (this.withMean) v -= mean[c]!;
        if (this.withStd) v /= scale[c]!;
      }
      data[i] = v;
    }
  }

  /** The options and fitted statistics as plain JSON (what `JSON.stringify` writes). */
  toJSON(): StandardScalerJSON {
    const s = this.stats;
    return {
      type: 'StandardScaler',
      version: 1,
      withMean: this.withMean,
      withStd: this.withStd,
      fitted:
        s === undefined
          ? null
          : { nSamplesSeen: s.nSamplesSeen, mean: Array.from(s.mean), var: Array.from(s.var), scale: Array.from(s.scale) },
    };
  }

  /** Restores a scaler saved by {@link toJSON}; a malformed state is a ValueError naming the field. */
  static fromJSON(json: unknown): StandardScaler {
    const op = 'StandardScaler.fromJSON';
    const o = readObject(op, json, 'the saved state');
    readHeader(op, o, 'StandardScaler');
    const scaler = new StandardScaler({ withMean: readBoolean(op, o, 'withMean'), withStd: readBoolean(op, o, 'withStd') });
    if (o['fitted'] === null) return scaler;
    const f = readObject(op, o['fitted'], 'field "fitted"');
    const mean = readNumbers(op, f, 'mean');
    const variance = readNumbers(op, f, 'var', mean.length);
    if (variance.some((v) => v < 0)) throw new ValueError(`${op}: field "var" has a negative entry`);
    scaler.stats = {
      nSamplesSeen: readPositiveInteger(op, f, 'nSamplesSeen'),
      mean,
      var: variance,
      scale: readNumbers(op, f, 'scale', mean.length, true),
    };
    scaler.markFitted(mean.length);
    return scaler;
  }
}
