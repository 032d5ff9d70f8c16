import { ValueError } from '../../core/errors.js';
import { checkPair } from './validate.js';

/**
 * Mean absolute percentage error, `(1/n) Σ |yTrue[i] − yPred[i]| / |yTrue[i]|`, returned as a fraction
 * (0.1 means 10 %), like scikit-learn's `mean_absolute_percentage_error` (which does not multiply by 100).
 *
 * Zero targets: the ratio is undefined when `yTrue[i] = 0`. scikit-learn divides by `max(|yTrue|, eps)` and
 * returns an astronomically large number; here a zero target is a ValueError naming its index, because
 * such a number is never what a report should show. Use {@link mae} or a relative error with an explicit
 * floor for targets that can be zero.
 *
 * Inputs are 1-D arrays of equal, non-zero length with finite entries; otherwise a ShapeError (lengths) or
 * ValueError (empty input, or the index of a NaN/±Infinity) is thrown.
 *
 * @example
 * mape([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // (1/6 + 1 + 0 + 1/7) / 4 ≈ 0.3274
 */
export function mape(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('mape', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    if (t === 0) {
      throw new ValueError(`mape: yTrue[${i}] is 0; the percentage error is undefined for a zero target`);
    }
    sum += Math.abs(t - yPred[i]!) / Math.abs(t);
  }
  return sum / yTrue.length;
}
