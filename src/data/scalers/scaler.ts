import { ShapeError, ValueError } from '../../core/errors.js';
import { isMatrixData, toMatrix, matrixToRows, type Matrix, type MatrixData, type MatrixLike, type RowArrays } from './matrix.js';

/**
 * The shared life cycle of the per-column scalers: `fit` learns per-feature statistics from training data,
 * `transform`/`inverseTransform` apply the affine map column by column, and the state is saved with
 * `toJSON` and restored with each class's `fromJSON`.
 *
 * Input is a {@link MatrixLike}: `{ data, rows, cols }` (row-major, samples in rows) or an array of rows
 * (`number[][]`). The result has the same form as the input: an array of rows gives `number[][]`, a
 * `{ data, rows, cols }` gives a {@link Matrix} with a new Float64Array. Inputs are never modified.
 *
 * Errors: transforming before `fit` (ValueError); a column count different from the fitted one
 * (ShapeError naming both); ragged rows or `data.length ≠ rows·cols` (ShapeError); a NaN/±Infinity entry
 * (ValueError naming row and column); fitting zero rows or zero columns (ValueError).
 */
export abstract class ColumnScaler {
  /** The class name, used in messages and as the `type` of the saved state. */
  protected abstract readonly kind: string;
  private nFeatures: number | undefined;

  /** Number of columns seen in `fit`, or undefined before fitting (scikit-learn's `n_features_in_`). */
  get nFeaturesIn(): number | undefined {
    return this.nFeatures;
  }

  /** Whether `fit` (or `fromJSON` of a fitted state) has run. */
  get isFitted(): boolean {
    return this.nFeatures !== undefined;
  }

  /** Learns the per-column statistics of `x` (at least one row and one column, all finite). Returns `this`. */
  fit(x: MatrixLike): this {
    const op = `${this.kind}.fit`;
    const m = toMatrix(op, x);
    if (m.rows === 0 || m.cols === 0) {
      throw new ValueError(`${op}: needs at least one row and one column, got ${m.rows} × ${m.cols}`);
    }
    this.fitMatrix(m);
    this.nFeatures = m.cols;
    return this;
  }

  /** Scales `x` with the fitted statistics. */
  transform(x: RowArrays): number[][];
  transform(x: MatrixData): Matrix;
  transform(x: MatrixLike): Matrix | number[][];
  transform(x: MatrixLike): Matrix | number[][] {
    return this.apply('transform', x, false);
  }

  /** Undoes {@link transform}: maps scaled values back to the original units. */
  inverseTransform(x: RowArrays): number[][];
  inverseTransform(x: MatrixData): Matrix;
  inverseTransform(x: MatrixLike): Matrix | number[][];
  inverseTransform(x: MatrixLike): Matrix | number[][] {
    return this.apply('inverseTransform', x, true);
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: RowArrays): number[][];
  fitTransform(x: MatrixData): Matrix;
  fitTransform(x: MatrixLike): Matrix | number[][];
  fitTransform(x: MatrixLike): Matrix | number[][] {
    return this.fit(x).transform(x);
  }

  /** Restores the fitted column count (for `fromJSON`). */
  protected markFitted(nFeatures: number): void {
    this.nFeatures = nFeatures;
  }

  /** Computes and stores the statistics of a validated, non-empty matrix. */
  protected abstract fitMatrix(m: Matrix): void;

  /** Applies the forward (or, with `inverse`, the inverse) map to row-major `data` of the fitted width. */
  protected abstract applyInPlace(data: Float64Array, cols: number, inverse: boolean): void;

  private apply(method: string, x: MatrixLike, inverse: boolean): Matrix | number[][] {
    const op = `${this.kind}.${method}`;
    if (this.nFeatures === undefined) {
      throw new ValueError(`${op}: the scaler is not fitted; call fit() (or fromJSON()) first`);
    }
    const m = toMatrix(op, x);
    // An empty array of rows carries no column count; every other input states one.
    if (m.cols !== this.nFeatures && (m.rows > 0 || isMatrixData(x))) {
      throw new ShapeError(`${op}: expected ${this.nFeatures} columns (as in fit), got ${m.cols}`);
    }
    const out = { data: m.data, rows: m.rows, cols: this.nFeatures };
    this.applyInPlace(out.data, out.cols, inverse);
    return isMatrixData(x) ? out : matrixToRows(out);
  }
}
