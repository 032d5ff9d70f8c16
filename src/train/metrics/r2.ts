import { ValueError } from '../../core/errors.js';
import { checkPair } from './validate.js';

/** Options of {@link r2}. */
export interface R2Options {
  /**
   * What a constant target (SS_tot = 0) gives. `true` (default, scikit-learn's `force_finite=True`): 1 for a
   * perfect prediction, 0 otherwise. `false`: the raw ratio, NaN for a perfect prediction and −Infinity
   * otherwise.
   */
  forceFinite?: boolean;
}

/**
 * Coefficient of determination, `R² = 1 − SS_res / SS_tot` with `SS_res = Σ (yTrue − yPred)²` and
 * `SS_tot = Σ (yTrue − mean(yTrue))²` (scikit-learn's `r2_score`). 1 is a perfect fit, 0 is as good as
 * predicting the mean, and it is negative for worse models.
 *
 * Constant target (all `yTrue` equal, SS_tot = 0): R² is undefined; by default (as scikit-learn) the result
 * is 1 when the predictions are also perfect (SS_res = 0) and 0 otherwise; see {@link R2Options.forceFinite}.
 *
 * Needs at least two samples (scikit-learn returns NaN with a warning for one; here it is a ValueError).
 * Lengths must match (ShapeError) and entries must be finite (ValueError naming the index).
 *
 * @example
 * r2([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 1 − 1.5 / 29.1875 ≈ 0.9486
 */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: R2Options = {}): number {
  checkPair('r2', yTrue, yPred);
  const n = yTrue.length;
  if (n < 2) throw new ValueError(`r2: R² is not defined for fewer than two samples, got ${n}`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const r = yTrue[i]! - yPred[i]!;
    const d = yTrue[i]! - mean;
    ssRes += r * r;
    ssTot += d * d;
  }
  if (ssTot === 0) {
    if (options.forceFinite ?? true) return ssRes === 0 ? 1 : 0;
    return ssRes === 0 ? NaN : -Infinity;
  }
  return 1 - ssRes / ssTot;
}
