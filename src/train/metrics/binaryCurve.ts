import { ValueError } from '../../core/errors.js';
import { checkPair } from './validate.js';

/**
 * Shared machinery of the threshold curves (ROC, precision–recall): which samples are positive, and the
 * cumulative true/false positive counts at each distinct score (scikit-learn's `_binary_clf_curve`).
 */

/**
 * The positive-sample mask of a binary target. `yTrue` may hold at most two distinct values; when it holds
 * two, `posLabel` (default 1) must be one of them. Throws ValueErrors naming `metric` otherwise.
 */
export function positiveMask(metric: string, yTrue: ArrayLike<number>, posLabel = 1): Uint8Array {
  const distinct = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) distinct.add(yTrue[i]!);
  const values = [...distinct].sort((a, b) => a - b);
  if (values.length > 2) {
    throw new ValueError(
      `${metric}: yTrue must be binary, but it holds ${values.length} distinct values ([${values.slice(0, 5).join(', ')}` +
        `${values.length > 5 ? ', …' : ''}])`,
    );
  }
  if (values.length === 2 && !distinct.has(posLabel)) {
    throw new ValueError(`${metric}: posLabel=${posLabel} is not one of yTrue's values [${values.join(', ')}]; pass posLabel`);
  }
  const mask = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) mask[i] = yTrue[i] === posLabel ? 1 : 0;
  return mask;
}

/** Cumulative counts at each distinct score, scores taken from highest to lowest. */
export interface BinaryCurve {
  /** Samples with score ≥ thresholds[k] that are negative. */
  fps: number[];
  /** Samples with score ≥ thresholds[k] that are positive. */
  tps: number[];
  /** The distinct scores, decreasing. */
  thresholds: number[];
}

/** Validates (yTrue, yScore), then builds the {@link BinaryCurve}; also returns the positive mask. */
export function binaryCurve(
  metric: string,
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  posLabel: number | undefined,
): BinaryCurve & { positives: Uint8Array } {
  checkPair(metric, yTrue, yScore, 'yScore');
  const positives = positiveMask(metric, yTrue, posLabel);
  const n = yScore.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => yScore[b]! - yScore[a]!);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    tp += positives[i]!;
    // A threshold closes at the last sample of each block of equal scores.
    if (k === n - 1 || yScore[order[k + 1]!] !== yScore[i]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(yScore[i]!);
    }
  }
  return { fps, tps, thresholds, positives };
}
