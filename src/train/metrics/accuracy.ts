import { checkLabelPair } from './validate.js';

/** Options of {@link accuracy}. */
export interface AccuracyOptions {
  /** `true` (default): the fraction of correct predictions; `false`: their count. */
  normalize?: boolean;
}

/**
 * Classification accuracy, `(1/n) Σ [yTrue[i] = yPred[i]]` (scikit-learn's `accuracy_score`).
 *
 * Labels are integers (class indices or any integer codes). Lengths must match (ShapeError naming both),
 * input must not be empty, and a NaN or non-integer label is a ValueError naming its index.
 *
 * @example
 * accuracy([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5
 * accuracy([0, 1, 2, 3], [0, 2, 1, 3], { normalize: false }); // 2
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: AccuracyOptions = {}): number {
  checkLabelPair('accuracy', yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return (options.normalize ?? true) ? correct / yTrue.length : correct;
}
