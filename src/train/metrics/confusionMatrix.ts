import { ValueError } from '../../core/errors.js';
import { checkLabelPair, uniqueSorted } from './validate.js';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /**
   * The classes, in the order of the matrix rows and columns. Default: every label seen in `yTrue` or
   * `yPred`, sorted ascending. Samples whose true or predicted label is not listed are left out.
   */
  labels?: readonly number[];
  /**
   * Normalise the counts: `'true'` divides each row by its sum (rows are recall per class), `'pred'` each
   * column (columns are precision per class), `'all'` by the total. An empty row/column gives zeros (as in
   * scikit-learn). Default: raw counts.
   */
  normalize?: 'true' | 'pred' | 'all';
}

/** A confusion matrix with the labels of its rows and columns. */
export interface ConfusionMatrix {
  /** `labels[k]` is the class of row k and of column k. */
  labels: number[];
  /** `matrix[i][j]`: number (or normalised fraction) of samples with true class `labels[i]` predicted as `labels[j]`. */
  matrix: number[][];
}

/**
 * Confusion matrix (scikit-learn's `confusion_matrix`): rows are true classes, columns predicted classes.
 * For binary labels {0, 1} the layout is `[[tn, fp], [fn, tp]]`.
 *
 * Labels are integers. Lengths must match (ShapeError naming both); empty input, NaN or non-integer
 * labels, an empty or duplicated `labels` option, or `labels` containing none of `yTrue` are ValueErrors.
 *
 * @example
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]).matrix;
 * // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: ConfusionMatrixOptions = {},
): ConfusionMatrix {
  checkLabelPair('confusionMatrix', yTrue, yPred);
  const labels = options.labels === undefined ? uniqueSorted(yTrue, yPred) : [...options.labels];
  if (labels.length === 0) throw new ValueError('confusionMatrix: labels must contain at least one label');
  const index = new Map<number, number>();
  labels.forEach((label, k) => {
    if (index.has(label)) throw new ValueError(`confusionMatrix: label ${label} appears twice in labels`);
    index.set(label, k);
  });
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  let anyTrue = false;
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]!);
    if (t !== undefined) anyTrue = true;
    const p = index.get(yPred[i]!);
    if (t !== undefined && p !== undefined) matrix[t]![p]!++;
  }
  if (!anyTrue) {
    throw new ValueError(`confusionMatrix: none of labels [${labels.join(', ')}] occurs in yTrue`);
  }
  const k = labels.length;
  switch (options.normalize) {
    case undefined:
      break;
    case 'true':
      for (const row of matrix) {
        const s = row.reduce((a, b) => a + b, 0);
        for (let j = 0; j < k; j++) row[j] = s === 0 ? 0 : row[j]! / s;
      }
      break;
    case 'pred':
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (const row of matrix) s += row[j]!;
        for (const row of matrix) row[j] = s === 0 ? 0 : row[j]! / s;
      }
      break;
    case 'all': {
      const s = matrix.reduce((acc, row) => acc + row.reduce((a, b) => a + b, 0), 0);
      for (const row of matrix) for (let j = 0; j < k; j++) row[j] = s === 0 ? 0 : row[j]! / s;
      break;
    }
    default:
      throw new ValueError(
        `confusionMatrix: normalize must be 'true', 'pred' or 'all', got ${JSON.stringify(options.normalize)}`,
      );
  }
  return { labels, matrix };
}
