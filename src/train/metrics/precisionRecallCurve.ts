import { ValueError } from '../../core/errors.js';
import { binaryCurve } from './binaryCurve.js';

/** Options of {@link precisionRecallCurve} and {@link averagePrecision}. */
export interface PrecisionRecallCurveOptions {
  /**
   * The label of the positive class in `yTrue` (default 1). `yTrue` holds at most two distinct values; when
   * it holds two, `posLabel` must be one of them.
   */
  posLabel?: number;
}

/** Points of a precision–recall curve, in scikit-learn's order (thresholds increasing, recall decreasing). */
export interface PrecisionRecallCurve {
  /** `precision[k]` for score ≥ thresholds[k]; one longer than `thresholds`, ending with 1. */
  precision: Float64Array;
  /** `recall[k]` for score ≥ thresholds[k]; one longer than `thresholds`, ending with 0. */
  recall: Float64Array;
  /** The distinct scores, increasing. */
  thresholds: Float64Array;
}

function curve(metric: string, yTrue: ArrayLike<number>, yScore: ArrayLike<number>, posLabel: number | undefined): PrecisionRecallCurve {
  const { fps, tps, thresholds } = binaryCurve(metric, yTrue, yScore, posLabel);
  const nPos = tps[tps.length - 1]!;
  if (nPos === 0) {
    throw new ValueError(`${metric}: yTrue has no positive samples (posLabel=${posLabel ?? 1}); recall is undefined`);
  }
  const m = tps.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thr = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const r = m - 1 - k; // reversed: lowest threshold first
    precision[k] = tps[r]! / (tps[r]! + fps[r]!);
    recall[k] = tps[r]! / nPos;
    thr[k] = thresholds[r]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: thr };
}

/**
 * Precision–recall pairs for every distinct score used as a threshold (scikit-learn's
 * `precision_recall_curve`, without dropping intermediate points). The last point is (recall 0,
 * precision 1) and has no threshold.
 *
 * Needs at least one positive sample (ValueError), equal lengths (ShapeError) and finite entries
 * (ValueError naming the index).
 *
 * @example
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // precision [0.5, 2/3, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 */
export function precisionRecallCurve(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  options: PrecisionRecallCurveOptions = {},
): PrecisionRecallCurve {
  return curve('precisionRecallCurve', yTrue, yScore, options.posLabel);
}

/**
 * Average precision (scikit-learn's `average_precision_score`): `AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ` over the
 * thresholds from high to low, the precision at each threshold weighted by the recall it adds. Tied scores
 * form one threshold. This is a step sum, not a trapezoid, so it is not optimistic.
 *
 * Same input contract as {@link precisionRecallCurve}.
 *
 * @example
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.5·1 + 0.5·(2/3) = 5/6
 */
export function averagePrecision(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  options: PrecisionRecallCurveOptions = {},
): number {
  const { precision, recall } = curve('averagePrecision', yTrue, yScore, options.posLabel);
  let ap = 0;
  for (let k = 0; k < recall.length - 1; k++) ap += (recall[k]! - recall[k + 1]!) * precision[k]!;
  return ap;
}
