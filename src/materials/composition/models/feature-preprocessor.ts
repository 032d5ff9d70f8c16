import { ValueError } from '../../../core/errors.js';
import { StandardScaler, type StandardScalerJSON } from '../../../data/scalers/standardScaler.js';

/** The saved state of a `FeaturePreprocessor`. */
export interface FeaturePreprocessorJSON {
  readonly type: 'FeaturePreprocessor';
  /** Indices of the input columns kept. */
  readonly kept: readonly number[];
  /** Per kept column: the training mean used in place of a missing (NaN) value. */
  readonly fill: readonly number[];
  readonly scaler: StandardScalerJSON;
}

/**
 * Feature cleaning and scaling fitted on training rows only (so nothing of a validation or test row leaks
 * into the model): drops columns that are constant or entirely missing in the training rows, fills missing
 * (NaN) entries with the training column mean, and standardises each kept column to zero mean and unit
 * variance (`StandardScaler`). Like sklearn's `VarianceThreshold → SimpleImputer → StandardScaler` pipeline.
 * @example
 * const prep = FeaturePreprocessor.fit(trainRows, 132);
 * const x = prep.transform(testRows, 132); // Float32Array, prep.outputSize columns
 */
export class FeaturePreprocessor {
  readonly kept: readonly number[];
  readonly fill: readonly number[];
  readonly scaler: StandardScaler;

  private constructor(kept: readonly number[], fill: readonly number[], scaler: StandardScaler) {
    this.kept = kept;
    this.fill = fill;
    this.scaler = scaler;
  }

  /** Number of columns `transform` returns. */
  get outputSize(): number {
    return this.kept.length;
  }

  /**
   * Fits on `rows` (row-major, `cols` columns; NaN = missing). `columns` (ascending) restricts the
   * columns that may be kept (default all), e.g. to a feature selection.
   * @throws ValueError when no column varies over the training rows.
   */
  static fit(data: Float64Array, cols: number, columns?: readonly number[]): FeaturePreprocessor {
    const rows = data.length / cols;
    const kept: number[] = [];
    const fill: number[] = [];
    for (const c of columns ?? Array.from({ length: cols }, (_, i) => i)) {
      let sum = 0;
      let count = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (let r = 0; r < rows; r++) {
        const v = data[r * cols + c]!;
        if (!Number.isFinite(v)) continue;
        sum += v;
        count++;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (count === 0 || hi - lo <= 1e-12 * Math.max(1, Math.abs(hi))) continue;
      kept.push(c);
      fill.push(sum / count);
    }
    if (kept.length === 0) throw new ValueError(`FeaturePreprocessor: none of the ${cols} feature columns varies over the ${rows} training rows`);
    const filled = select(data, cols, kept, fill);
    const scaler = new StandardScaler().fit({ data: filled, rows, cols: kept.length });
    return new FeaturePreprocessor(kept, fill, scaler);
  }

  /** Keeps and fills `data` (row-major, `cols` columns as at fit time), unscaled: [rows, outputSize]. */
  filled(data: Float64Array, cols: number): Float64Array {
    return select(data, cols, this.kept, this.fill);
  }

  /** Keeps, fills and scales `data` (row-major, `cols` columns as at fit time) into float32. */
  transform(data: Float64Array, cols: number): Float32Array {
    const rows = data.length / cols;
    const filled = select(data, cols, this.kept, this.fill);
    return Float32Array.from(this.scaler.transform({ data: filled, rows, cols: this.kept.length }).data);
  }

  toJSON(): FeaturePreprocessorJSON {
    return { type: 'FeaturePreprocessor', kept: [...this.kept], fill: [...this.fill], scaler: this.scaler.toJSON() };
  }

  /** Restores a preprocessor saved by `toJSON`. */
  static fromJSON(json: FeaturePreprocessorJSON): FeaturePreprocessor {
    if (json?.type !== 'FeaturePreprocessor' || !Array.isArray(json.kept) || !Array.isArray(json.fill) || json.kept.length !== json.fill.length) {
      throw new ValueError('FeaturePreprocessor.fromJSON: expected a saved FeaturePreprocessor (type, kept, fill, scaler)');
    }
    return new FeaturePreprocessor(json.kept, json.fill, StandardScaler.fromJSON(json.scaler));
  }
}

function select(data: Float64Array, cols: number, kept: readonly number[], fill: readonly number[]): Float64Array {
  const rows = data.length / cols;
  const out = new Float64Array(rows * kept.length);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < kept.length; k++) {
      const v = data[r * cols + kept[k]!]!;
      out[r * kept.length + k] = Number.isFinite(v) ? v : fill[k]!;
    }
  }
  return out;
}
