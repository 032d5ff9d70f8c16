import { checkPair } from './validate.js';

/**
 * Mean absolute error, `(1/n) Σ |yTrue[i] − yPred[i]|` (scikit-learn's `mean_absolute_error`; PyTorch's
 * `F.l1_loss` with `reduction='mean'`).
 *
 * Inputs are 1-D arrays of equal, non-zero length with finite entries; otherwise a ShapeError (lengths) or
 * ValueError (empty input, or the index of a NaN/±Infinity) is thrown.
 *
 * @example
 * mae([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('mae', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i]! - yPred[i]!);
  return sum / yTrue.length;
}
