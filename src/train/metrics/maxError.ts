import { checkPair } from './validate.js';

/**
 * Largest absolute residual, `max_i |yTrue[i] − yPred[i]|` (scikit-learn's `max_error`): the worst case a
 * regression model makes on the given samples.
 *
 * Inputs are 1-D arrays of equal, non-zero length with finite entries; otherwise a ShapeError (lengths) or
 * ValueError (empty input, or the index of a NaN/±Infinity) is thrown.
 *
 * @example
 * maxError([3, 2, 7, 1], [4, 2, 7, 1]); // 1
 */
export function maxError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('maxError', yTrue, yPred);
  let worst = 0;
  for (let i = 0; i < yTrue.length; i++) worst = Math.max(worst, Math.abs(yTrue[i]! - yPred[i]!));
  return worst;
}
