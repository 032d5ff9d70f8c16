import { checkEnoughSamples, checkNSplits, checkSampleCount, foldsFromAssignment, type Fold } from './fold.js';
import { permutation, resolveGenerator, type ShuffleOptions } from './shuffle.js';

/** Options of {@link KFold}: `shuffle` (default false), `seed` or `generator`. */
export type KFoldOptions = ShuffleOptions;

/**
 * K-fold cross-validation (scikit-learn's `KFold`): the samples, optionally shuffled once, are cut into
 * `nSplits` consecutive blocks; block f is the test set of fold f. The first `n mod nSplits` blocks hold
 * `⌊n/nSplits⌋ + 1` samples, the others `⌊n/nSplits⌋`. Every sample is tested exactly once. Train and test
 * indices of each fold are ascending.
 *
 * `nSplits` is an integer ≥ 2 (default 5); `split(n)` needs `n ≥ nSplits`; both are ValueErrors otherwise.
 * With shuffling the layout depends on tensorite's generator, so it differs from scikit-learn's; without
 * shuffling it is identical.
 *
 * @example
 * new KFold(2).split(4);
 * // [{ train: [2, 3], test: [0, 1] }, { train: [0, 1], test: [2, 3] }]
 * new KFold(5, { shuffle: true, seed: 0 }).split(100);
 */
export class KFold {
  readonly nSplits: number;
  readonly shuffle: boolean;
  private readonly options: KFoldOptions;

  constructor(nSplits = 5, options: KFoldOptions = {}) {
    checkNSplits('KFold', nSplits);
    this.nSplits = nSplits;
    this.shuffle = options.shuffle ?? false;
    resolveGenerator('KFold', options, this.shuffle); // validates the randomness options early
    this.options = options;
  }

  /** The folds of `n` samples. */
  split(n: number): Fold[] {
    checkSampleCount('KFold.split', n);
    checkEnoughSamples('KFold.split', this.nSplits, n);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (this.shuffle) order.set(permutation(n, resolveGenerator('KFold', this.options, true)));
    const base = Math.floor(n / this.nSplits);
    const extra = n % this.nSplits;
    const testFold = new Int32Array(n);
    let start = 0;
    for (let f = 0; f < this.nSplits; f++) {
      const size = base + (f < extra ? 1 : 0);
      for (let k = start; k < start + size; k++) testFold[order[k]!] = f;
      start += size;
    }
    return foldsFromAssignment(testFold, this.nSplits);
  }
}
