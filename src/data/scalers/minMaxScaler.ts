import { ValueError } from '../../core/errors.js';
import { readBoolean, readHeader, readNumbers, readObject, readPositiveInteger } from './json.js';
import type { Matrix } from './matrix.js';
import { ColumnScaler } from './scaler.js';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The target interval `[lo, hi]`, lo < hi; default [0, 1]. */
  featureRange?: readonly [number, number];
  /** Clip transformed values into `featureRange` (for data outside the training range); default false. */
  clip?: boolean;
}

/** Saved state of a {@link MinMaxScaler} (plain JSON). */
export interface MinMaxScalerJSON {
  type: 'MinMaxScaler';
  version: 1;
  featureRange: [number, number];
  clip: boolean;
  /** The fitted statistics, one entry per column; null before `fit`. */
  fitted: { nSamplesSeen: number; dataMin: number[]; dataMax: number[]; scale: number[]; min: number[] } | null;
}

const TINY = 10 * 2 ** -52;

/**
 * Maps each column linearly onto `featureRange` (scikit-learn's `MinMaxScaler`):
 * `y = x · scale + min` with `scale = (hi − lo) / (dataMax − dataMin)` and `min = lo − dataMin · scale`,
 * so the training minimum goes to `lo` and the maximum to `hi`. A constant column (range below 10·ε)
 * uses a range of 1, mapping it to `lo`. Values outside the training range map outside `featureRange`
 * unless `clip` is set. The inverse is `(y − min) / scale`.
 *
 * Input forms, results and errors are those of {@link ColumnScaler}; a `featureRange` with lo ≥ hi or
 * non-finite ends is a ValueError.
 *
 * @example
 * new MinMaxScaler().fitTransform([[1, -1], [3, 1], [5, 3]]); // [[0, 0], [0.5, 0.5], [1, 1]]
 * new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform([[0], [10]]); // [[-1], [1]]
 */
export class MinMaxScaler extends ColumnScaler {
  protected readonly kind = 'MinMaxScaler';
  readonly featureRange: readonly [number, number];
  readonly clip: boolean;
  private stats:
    | { nSamplesSeen: number; dataMin: Float64Array; dataMax: Float64Array; scale: Float64Array; min: Float64Array }
    | undefined;

  constructor(options: MinMaxScalerOptions = {}) {
    super();
    const range = options.featureRange ?? [0, 1];
    if (range.length !== 2 || !Number.isFinite(range[0]) || !Number.isFinite(range[1]) || !(range[0] < range[1])) {
      throw new ValueError(`MinMaxScaler: featureRange must be [lo, hi] with finite lo < hi, got [${range.join(', ')}]`);
    }
    this.featureRange = [range[0], range[1]];
    this.clip = options.clip ?? false;
  }

  /** Per-column training minimum (a copy), or undefined before fitting. */
  get dataMin(): Float64Array | undefined {
    return this.stats?.dataMin.slice();
  }

  /** Per-column training maximum (a copy), or undefined before fitting. */
  get dataMax(): Float64Array | undefined {
    return this.stats?.dataMax.slice();
  }

  /** Per-column multiplier (a copy), or undefined before fitting. */
  get scale(): Float64Array | undefined {
    return this.stats?.scale.slice();
  }

  /** Per-column offset added after scaling (scikit-learn's `min_`; a copy), or undefined before fitting. */
  get min(): Float64Array | undefined {
    return this.stats?.min.slice();
  }

  protected fitMatrix({ data, rows, cols }: Matrix): void {
    const [lo, hi] = this.featureRange;
    const dataMin = new Float64Array(cols).fill(Infinity);
    const dataMax = new Float64Array(cols).fill(-Infinity);
    for (let i = 0; i < rows * cols; i++) {
      const c = i % cols;
      dataMin[c] = Math.min(dataMin[c]!, data[i]!);
      dataMax[c] = Math.max(dataMax[c]!, data[i]!);
    }
    const scale = new Float64Array(cols);
    const min = new Float64Array(cols);
    for (let c = 0; c < cols; c++) {
      const range = dataMax[c]! - dataMin[c]!;
      scale[c] = (hi - lo) / (range < TINY ? 1 : range);
      min[c] = lo - dataMin[c]! * scale[c]!;
    }
    this.stats = { nSamplesSeen: rows, dataMin, dataMax, scale, min };
  }

  protected applyInPlace(data: Float64Array, cols: number, inverse: boolean): void {
    const { scale, min } = this.stats!;
    const [lo, hi] = this.featureRange;
    for (let i = 0; i < data.length; i++) {
      const c = i % cols;
      if (inverse) {
        data[i] = (data[i]! - min[c]!) / scale[c]!;
      } else {
        const v = data[i]! * scale[c]! + min[c]!;
        data[i] = this.clip ? Math.min(hi, Math.max(lo, v)) : v;
      }
    }
  }

  /** The options and fitted statistics as plain JSON (what `JSON.stringify` writes). */
  toJSON(): MinMaxScalerJSON {
    const s = this.stats;
    return {
      type: 'MinMaxScaler',
      version: 1,
      featureRange: [this.featureRange[0], this.featureRange[1]],
      clip: this.clip,
      fitted:
        s === undefined
          ? null
          : {
              nSamplesSeen: s.nSamplesSeen,
              dataMin: Array.from(s.dataMin),
              dataMax: Array.from(s.dataMax),
              scale: Array.from(s.scale),
              min: Array.from(s.min),
            },
    };
  }

  /** Restores a scaler saved by {@link toJSON}; a malformed state is a ValueError naming the field. */
  static fromJSON(json: unknown): MinMaxScaler {
    const op = 'MinMaxScaler.fromJSON';
    const o = readObject(op, json, 'the saved state');
    readHeader(op, o, 'MinMaxScaler');
    const range = readNumbers(op, o, 'featureRange', 2);
    const scaler = new MinMaxScaler({ featureRange: [range[0]!, range[1]!], clip: readBoolean(op, o, 'clip') });
    if (o['fitted'] === null) return scaler;
    const f = readObject(op, o['fitted'], 'field "fitted"');
    const dataMin = readNumbers(op, f, 'dataMin');
    const cols = dataMin.length;
    scaler.stats = {
      nSamplesSeen: readPositiveInteger(op, f, 'nSamplesSeen'),
      dataMin,
      dataMax: readNumbers(op, f, 'dataMax', cols),
      scale: readNumbers(op, f, 'scale', cols, true),
      min: readNumbers(op, f, 'min', cols),
    };
    scaler.markFitted(cols);
    return scaler;
  }
}
