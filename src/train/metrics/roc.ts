import { ValueError } from '../../core/errors.js';
import { binaryCurve, positiveMask } from './binaryCurve.js';
import { checkPair } from './validate.js';

/** Options of {@link rocCurve} and {@link rocAuc}. */
export interface RocOptions {
  /**
   * The label of the positive class in `yTrue` (default 1). `yTrue` holds at most two distinct values; when
   * it holds two, `posLabel` must be one of them, so targets such as {2, 5} need it stated.
   */
  posLabel?: number;
}

/** Points of a ROC curve, in order of decreasing threshold. */
export interface RocCurve {
  /** False positive rate at each threshold, from 0 up to 1. */
  fpr: Float64Array;
  /** True positive rate at each threshold, from 0 up to 1. */
  tpr: Float64Array;
  /** `thresholds[k]`: a sample is called positive when its score ≥ thresholds[k]; `thresholds[0]` is +Infinity. */
  thresholds: Float64Array;
}

/**
 * Receiver operating characteristic curve (scikit-learn's `roc_curve`): for each distinct score, taken as a
 * threshold from high to low, the false and true positive rates. The first point is (0, 0) at threshold
 * +Infinity (scikit-learn ≥ 1.3). Tied scores form one threshold, so a tie block is one diagonal step.
 * With `dropIntermediate` (default true, as in scikit-learn) points on a straight horizontal or vertical
 * run are removed; the area is unchanged.
 *
 * Needs both classes in `yTrue` (ValueError otherwise: a rate would be 0/0), equal lengths (ShapeError)
 * and finite entries (ValueError naming the index).
 *
 * @example
 * rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 });
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [Infinity, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  options: RocOptions & { dropIntermediate?: boolean } = {},
): RocCurve {
  const curve = binaryCurve('rocCurve', yTrue, yScore, options.posLabel);
  let { fps, tps, thresholds } = curve;
  const nPos = tps[tps.length - 1]!;
  const nNeg = fps[fps.length - 1]!;
  if (nPos === 0 || nNeg === 0) {
    throw new ValueError(
      `rocCurve: yTrue has ${nPos} positive and ${nNeg} negative samples; the ROC curve needs both classes`,
    );
  }
  if ((options.dropIntermediate ?? true) && fps.length > 2) {
    // Keep the end points and every corner: a point where the second difference of fps or tps is non-zero.
    const keep: number[] = [0];
    for (let k = 1; k < fps.length - 1; k++) {
      const d2f = fps[k + 1]! - 2 * fps[k]! + fps[k - 1]!;
      const d2t = tps[k + 1]! - 2 * tps[k]! + tps[k - 1]!;
      if (d2f !== 0 || d2t !== 0) keep.push(k);
    }
    keep.push(fps.length - 1);
    fps = keep.map((k) => fps[k]!);
    tps = keep.map((k) => tps[k]!);
    thresholds = keep.map((k) => thresholds[k]!);
  }
  return {
    fpr: Float64Array.from([0, ...fps], (v) => v / nNeg),
    tpr: Float64Array.from([0, ...tps], (v) => v / nPos),
    thresholds: Float64Array.from([Infinity, ...thresholds]),
  };
}

/**
 * Area under the ROC curve for a binary target (scikit-learn's `roc_auc_score`): the probability that a
 * random positive sample scores higher than a random negative one, ties counting one half.
 *
 * Computed exactly by the Mann–Whitney rank statistic, `(Σ rank(positives) − P(P+1)/2) / (P·N)`, where tied
 * scores share their average rank; this equals the trapezoidal area under {@link rocCurve}, whose tie blocks
 * are diagonal steps, i.e. scikit-learn's result.
 *
 * Needs both classes in `yTrue` (ValueError), equal lengths (ShapeError) and finite entries (ValueError
 * naming the index). `yScore` is any score that grows with the positive class (a probability, logit, ...).
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAuc(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: RocOptions = {}): number {
  checkPair('rocAuc', yTrue, yScore, 'yScore');
  const positives = positiveMask('rocAuc', yTrue, options.posLabel);
  const n = yScore.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => yScore[a]! - yScore[b]!);
  let nPos = 0;
  let rankSumPos = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && yScore[order[end]!] === yScore[order[start]!]) end++;
    // Ranks start+1 … end share their mean (start + 1 + end) / 2.
    const meanRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (positives[order[k]!] === 1) {
        nPos++;
        rankSumPos += meanRank;
      }
    }
    start = end;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) {
    throw new ValueError(
      `rocAuc: yTrue has ${nPos} positive and ${nNeg} negative samples; ROC AUC is not defined with only one class`,
    );
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
