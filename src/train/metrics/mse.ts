import { checkPair } from './validate.js';

/** Σ (yTrue[i] − yPred[i])², after the shared input checks under the name `metric`. */
function sumSquaredError(metric: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair(metric, yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const d = yTrue[i]! - yPred[i]!;
    sum += d * d;
  }
  return sum;
}

/**
 * Mean squared error, `(1/n) Σ (yTrue[i] − yPred[i])²` (scikit-learn's `mean_squared_error`; PyTorch's
 * `F.mse_loss` with `reduction='mean'`).
 *
 * Inputs are 1-D arrays of equal, non-zero length with finite entries; otherwise a ShapeError (lengths) or
 * ValueError (empty input, or the index of a NaN/±Infinity) is thrown.
 *
 * @example
 * mse([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.375
 */
export function mse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return sumSquaredError('mse', yTrue, yPred) / yTrue.length;
}

/**
 * Root mean squared error, `√mse` (scikit-learn's `root_mean_squared_error`), in the units of the target.
 * Same input contract as {@link mse}.
 *
 * @example
 * rmse([0, 0], [3, 4]); // √12.5 ≈ 3.5355
 */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return Math.sqrt(sumSquaredError('rmse', yTrue, yPred) / yTrue.length);
}
