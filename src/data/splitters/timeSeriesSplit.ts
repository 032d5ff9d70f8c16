import { ValueError } from '../../core/errors.js';
import { checkNSplits, checkSampleCount, type Fold } from './fold.js';

/** Options of {@link TimeSeriesSplit}. */
export interface TimeSeriesSplitOptions {
  /** Samples per test set; default `⌊n / (nSplits + 1)⌋`. */
  testSize?: number;
  /** Samples left out between the end of each train set and the start of its test set; default 0. */
  gap?: number;
  /** Keep at most this many (the most recent) samples in each train set; default unlimited. */
  maxTrainSize?: number;
}

function checkCount(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new ValueError(`TimeSeriesSplit: ${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

/**
 * Forward-chaining splits for time-ordered samples (scikit-learn's `TimeSeriesSplit`): the test sets are
 * the last `nSplits · testSize` samples cut into `nSplits` consecutive blocks; fold f tests block f,
 * `[s_f, s_f + testSize)` with `s_f = n − (nSplits − f) · testSize`, and trains on every earlier sample up to
 * `s_f − gap` (exclusive), or only the last `maxTrainSize` of them. Train indices always precede test
 * indices by more than `gap`, so nothing from the future leaks into training.
 *
 * Errors (ValueError): `nSplits` not an integer ≥ 2; `testSize`, `maxTrainSize` < 1 or `gap` < 0 or not
 * integers; `nSplits + 1 > n`; or `n − gap − nSplits · testSize ≤ 0` (the first train set would be empty).
 *
 * @example
 * new TimeSeriesSplit(3, { testSize: 2, gap: 2 }).split(12);
 * // train [0..3] test [6, 7]; train [0..5] test [8, 9]; train [0..7] test [10, 11]
 */
export class TimeSeriesSplit {
  readonly nSplits: number;
  readonly testSize: number | undefined;
  readonly gap: number;
  readonly maxTrainSize: number | undefined;

  constructor(nSplits = 5, options: TimeSeriesSplitOptions = {}) {
    checkNSplits('TimeSeriesSplit', nSplits);
    checkCount('testSize', options.testSize, 1);
    checkCount('gap', options.gap, 0);
    checkCount('maxTrainSize', options.maxTrainSize, 1);
    this.nSplits = nSplits;
    this.testSize = options.testSize;
    this.gap = options.gap ?? 0;
    this.maxTrainSize = options.maxTrainSize;
  }

  /** The folds of `n` time-ordered samples (index 0 is the oldest). */
  split(n: number): Fold[] {
    const op = 'TimeSeriesSplit.split';
    checkSampleCount(op, n);
    const nFolds = this.nSplits + 1;
    if (nFolds > n) {
      throw new ValueError(`${op}: nSplits + 1 = ${nFolds} folds is greater than the number of samples n=${n}`);
    }
    const testSize = this.testSize ?? Math.floor(n / nFolds);
    if (n - this.gap - testSize * this.nSplits <= 0) {
      throw new ValueError(
        `${op}: too many splits (${this.nSplits}) for n=${n} samples with testSize=${testSize} and gap=${this.gap}; ` +
          'the first train set would be empty',
      );
    }
    const range = (start: number, end: number): Int32Array => Int32Array.from({ length: end - start }, (_, k) => start + k);
    const folds: Fold[] = [];
    for (let testStart = n - this.nSplits * testSize; testStart < n; testStart += testSize) {
      const trainEnd = testStart - this.gap;
      const trainStart =
        this.maxTrainSize !== undefined && this.maxTrainSize < trainEnd ? trainEnd - this.maxTrainSize : 0;
      folds.push({ train: range(trainStart, trainEnd), test: range(testStart, testStart + testSize) });
    }
    return folds;
  }
}
