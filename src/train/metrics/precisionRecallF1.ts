import { ValueError } from '../../core/errors.js';
import { checkLabelPair, uniqueSorted } from './validate.js';

/**
 * How per-class scores are combined (scikit-learn's `average`):
 * - `'binary'`: the score of the positive class `posLabel` only (targets must have at most two classes);
 * - `'micro'`: from the true positives, predictions and true samples summed over all classes;
 * - `'macro'`: the unweighted mean of the per-class scores;
 * - `'weighted'`: the mean of the per-class scores weighted by each class's support (true count).
 */
export type ClassAverage = 'binary' | 'micro' | 'macro' | 'weighted';

/**
 * The value of an ill-defined ratio (0/0): precision of a class never predicted, recall of a class never
 * true, F1 of a class neither true nor predicted. `0` (default, scikit-learn's `"warn"` value) or `1` replace
 * it; `'nan'` gives NaN and leaves the class out of averages; `'error'` throws a ValueError naming the class.
 */
export type ZeroDivision = 0 | 1 | 'nan' | 'error';

/** Options of {@link precision}, {@link recall} and {@link f1}. */
export interface ClassScoreOptions {
  /** Default `'binary'`. */
  average?: ClassAverage;
  /** The positive class for `average: 'binary'`; default 1. It is an error to pass it with another average. */
  posLabel?: number;
  /**
   * The classes averaged over for `'micro'`, `'macro'` and `'weighted'` (default: every label in `yTrue` or
   * `yPred`, sorted). Classes absent from the data get zero counts. Not allowed with `'binary'`.
   */
  labels?: readonly number[];
  /** Default 0. */
  zeroDivision?: ZeroDivision;
}

/** Per-class precision, recall, F1 and support (true count), in the order of `labels`. */
export interface ClassScores {
  labels: number[];
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
  support: Float64Array;
}

type Score = 'precision' | 'recall' | 'f1';

interface Counts {
  labels: number[];
  tp: number[];
  predSum: number[];
  trueSum: number[];
}

function countPerLabel(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels: number[]): Counts {
  const index = new Map<number, number>();
  labels.forEach((label, k) => index.set(label, k));
  const tp = new Array<number>(labels.length).fill(0);
  const predSum = new Array<number>(labels.length).fill(0);
  const trueSum = new Array<number>(labels.length).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]!);
    const p = index.get(yPred[i]!);
    if (t !== undefined) trueSum[t]!++;
    if (p !== undefined) predSum[p]!++;
    if (t !== undefined && yTrue[i] === yPred[i]) tp[t]!++;
  }
  return { labels, tp, predSum, trueSum };
}

function checkLabelList(metric: string, labels: readonly number[]): number[] {
  if (labels.length === 0) throw new ValueError(`${metric}: labels must contain at least one label`);
  const seen = new Set<number>();
  for (const label of labels) {
    if (!Number.isInteger(label)) throw new ValueError(`${metric}: labels contains ${label}; expected integers`);
    if (seen.has(label)) throw new ValueError(`${metric}: label ${label} appears twice in labels`);
    seen.add(label);
  }
  return [...labels];
}

/** The ill-defined value for `zeroDivision`, or a thrown ValueError for `'error'`. */
function illDefined(metric: string, zeroDivision: ZeroDivision, what: string): number {
  if (zeroDivision === 'error') throw new ValueError(`${metric}: ${what}, so the ratio is 0/0 (zeroDivision is 'error')`);
  if (zeroDivision === 'nan') return NaN;
  return zeroDivision;
}

/** One score of one class (or of the micro-summed counts, `label` then being 'all classes'). */
function classScore(metric: string, score: Score, tp: number, predSum: number, trueSum: number, label: string, zd: ZeroDivision): number {
  switch (score) {
    case 'precision':
      return predSum === 0 ? illDefined(metric, zd, `${label} is never predicted`) : tp / predSum;
    case 'recall':
      return trueSum === 0 ? illDefined(metric, zd, `${label} has no true samples`) : tp / trueSum;
    case 'f1': {
      // F1 = 2PR / (P + R) = 2tp / (2tp + fp + fn) = 2tp / (trueSum + predSum), as scikit-learn computes it.
      const denom = trueSum + predSum;
      return denom === 0 ? illDefined(metric, zd, `${label} is neither true nor predicted`) : (2 * tp) / denom;
    }
  }
}

/** Weighted mean that skips NaN entries (scikit-learn's `_nanaverage`); NaN if nothing is left. */
function nanAverage(values: number[], weights: number[] | undefined): number {
  let num = 0;
  let den = 0;
  values.forEach((v, k) => {
    if (Number.isNaN(v)) return;
    const w = weights === undefined ? 1 : weights[k]!;
    num += w * v;
    den += w;
  });
  return den === 0 ? NaN : num / den;
}

function checkZeroDivision(metric: string, zd: ZeroDivision): ZeroDivision {
  if (zd !== 0 && zd !== 1 && zd !== 'nan' && zd !== 'error') {
    throw new ValueError(`${metric}: zeroDivision must be 0, 1, 'nan' or 'error', got ${JSON.stringify(zd)}`);
  }
  return zd;
}

function averagedScore(
  metric: Score,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: ClassScoreOptions,
): number {
  checkLabelPair(metric, yTrue, yPred);
  const average = options.average ?? 'binary';
  const zd = checkZeroDivision(metric, options.zeroDivision ?? 0);
  if (average === 'binary') {
    if (options.labels !== undefined) {
      throw new ValueError(`${metric}: labels cannot be combined with average 'binary' (use posLabel)`);
    }
    const present = uniqueSorted(yTrue, yPred);
    if (present.length > 2) {
      throw new ValueError(
        `${metric}: average 'binary' needs at most two classes, but yTrue and yPred hold ${present.length} ` +
          `([${present.join(', ')}]); choose average 'micro', 'macro' or 'weighted'`,
      );
    }
    const posLabel = options.posLabel ?? 1;
    if (present.length === 2 && !present.includes(posLabel)) {
      throw new ValueError(`${metric}: posLabel=${posLabel} is not one of the labels [${present.join(', ')}]`);
    }
    const c = countPerLabel(yTrue, yPred, [posLabel]);
    return classScore(metric, metric, c.tp[0]!, c.predSum[0]!, c.trueSum[0]!, `class ${posLabel}`, zd);
  }
  if (average !== 'micro' && average !== 'macro' && average !== 'weighted') {
    throw new ValueError(
      `${metric}: average must be 'binary', 'micro', 'macro' or 'weighted', got ${JSON.stringify(average)}`,
    );
  }
  if (options.posLabel !== undefined) {
    throw new ValueError(`${metric}: posLabel is only used with average 'binary', got average '${average}'`);
  }
  const labels = options.labels === undefined ? uniqueSorted(yTrue, yPred) : checkLabelList(metric, options.labels);
  const c = countPerLabel(yTrue, yPred, labels);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  if (average === 'micro') {
    return classScore(metric, metric, sum(c.tp), sum(c.predSum), sum(c.trueSum), 'the set of all listed classes', zd);
  }
  if (average === 'weighted' && sum(c.trueSum) === 0) {
    // No true sample belongs to a listed class: every weight is 0 (scikit-learn's special case).
    const what = 'no listed class has a true sample';
    if (metric === 'recall' || sum(c.predSum) === 0) return illDefined(metric, zd, what);
    return 0;
  }
  const perClass = labels.map((label, k) =>
    classScore(metric, metric, c.tp[k]!, c.predSum[k]!, c.trueSum[k]!, `class ${label}`, zd),
  );
  return nanAverage(perClass, average === 'weighted' ? c.trueSum : undefined);
}

/**
 * Precision `tp / (tp + fp)`: of the samples predicted as a class, the fraction that truly are
 * (scikit-learn's `precision_score`). Binary by default (positive class 1); `average` combines classes
 * for multiclass targets; see {@link ClassScoreOptions} and {@link ZeroDivision}.
 *
 * Labels are integers; lengths must match (ShapeError); empty input, NaN or non-integer labels, more than
 * two classes with `'binary'`, or a `posLabel` that is not one of two present labels are ValueErrors.
 *
 * @example
 * precision([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 * precision([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 2/9
 */
export function precision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: ClassScoreOptions = {}): number {
  return averagedScore('precision', yTrue, yPred, options);
}

/**
 * Recall `tp / (tp + fn)`: of the samples truly in a class, the fraction predicted as it (scikit-learn's
 * `recall_score`). Same options and errors as {@link precision}.
 *
 * @example
 * recall([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 * recall([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 1/3
 */
export function recall(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: ClassScoreOptions = {}): number {
  return averagedScore('recall', yTrue, yPred, options);
}

/**
 * F1 score, the harmonic mean of precision and recall, `2tp / (2tp + fp + fn)` per class (scikit-learn's
 * `f1_score`). With `'macro'`/`'weighted'` the per-class F1 values are averaged (not the F1 of averaged
 * precision and recall). Same options and errors as {@link precision}.
 *
 * @example
 * f1([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 * f1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 4/15
 */
export function f1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: ClassScoreOptions = {}): number {
  return averagedScore('f1', yTrue, yPred, options);
}

/**
 * Precision, recall, F1 and support of every class (scikit-learn's `precision_recall_fscore_support` with
 * `average=None`) — the numbers of a classification report.
 *
 * @example
 * const s = precisionRecallF1Support([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
 * s.labels; // [0, 1, 2]
 * s.precision; // Float64Array [2/3, 0, 0]
 */
export function precisionRecallF1Support(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: { labels?: readonly number[]; zeroDivision?: ZeroDivision } = {},
): ClassScores {
  const metric = 'precisionRecallF1Support';
  checkLabelPair(metric, yTrue, yPred);
  const zd = checkZeroDivision(metric, options.zeroDivision ?? 0);
  const labels = options.labels === undefined ? uniqueSorted(yTrue, yPred) : checkLabelList(metric, options.labels);
  const c = countPerLabel(yTrue, yPred, labels);
  const per = (score: Score): Float64Array =>
    Float64Array.from(labels, (label, k) =>
      classScore(metric, score, c.tp[k]!, c.predSum[k]!, c.trueSum[k]!, `class ${label}`, zd),
    );
  return {
    labels,
    precision: per('precision'),
    recall: per('recall'),
    f1: per('f1'),
    support: Float64Array.from(c.trueSum),
  };
}
