import { ValueError } from '../../core/errors.js';
import {
  checkEnoughSamples,
  checkNSplits,
  encodeLabels,
  foldsFromAssignment,
  type Fold,
  type LabelArray,
} from './fold.js';
import { resolveGenerator, shuffleInPlace, type ShuffleOptions } from './shuffle.js';

/** Options of {@link StratifiedKFold}. */
export interface StratifiedKFoldOptions extends ShuffleOptions {
  /**
   * Whether a class with fewer members than `nSplits` is accepted (some folds then test none of it, as
   * scikit-learn does after a warning). Default false: a ValueError naming the class.
   */
  allowSmallClasses?: boolean;
}

/**
 * Stratified k-fold (scikit-learn's `StratifiedKFold`, ≥ 0.22): each fold's test set holds every class in
 * about the proportion of the whole set.
 *
 * Allocation, exactly as scikit-learn: classes are numbered in order of first appearance; the class codes,
 * sorted, are dealt round-robin to the folds (the i-th smallest code to fold i mod nSplits), which fixes
 * how many members of each class each fold tests — each class spread over the folds as evenly as possible,
 * the remainders of successive classes continuing where the previous class left off. Each class's members,
 * in sample order, then fill its fold quotas in fold order (blocks, so the data order is kept). With
 * `shuffle`, each class's list of fold numbers is shuffled instead.
 *
 * `split(y)` takes one label per sample (numbers or strings). Errors (ValueError): `nSplits` not an
 * integer ≥ 2, more folds than samples, every class smaller than `nSplits`, or — unless
 * `allowSmallClasses` — any class smaller than `nSplits`.
 *
 * @example
 * new StratifiedKFold(2).split([0, 0, 1, 1]);
 * // [{ train: [1, 3], test: [0, 2] }, { train: [0, 2], test: [1, 3] }]
 */
export class StratifiedKFold {
  readonly nSplits: number;
  readonly shuffle: boolean;
  private readonly options: StratifiedKFoldOptions;

  constructor(nSplits = 5, options: StratifiedKFoldOptions = {}) {
    checkNSplits('StratifiedKFold', nSplits);
    this.nSplits = nSplits;
    this.shuffle = options.shuffle ?? false;
    resolveGenerator('StratifiedKFold', options, this.shuffle);
    this.options = options;
  }

  /** The folds for labels `y` (one per sample). */
  split(y: LabelArray): Fold[] {
    const op = 'StratifiedKFold.split';
    const k = this.nSplits;
    const n = y.length;
    checkEnoughSamples(op, k, n);
    const { codes, classes, counts } = encodeLabels(op, 'y', y, 'appearance');
    if (counts.every((c) => c < k)) {
      throw new ValueError(`${op}: nSplits=${k} is greater than the number of members of every class`);
    }
    const small = counts.findIndex((c) => c < k);
    if (small >= 0 && !(this.options.allowSmallClasses ?? false)) {
      throw new ValueError(
        `${op}: class ${JSON.stringify(classes[small])} has only ${counts[small]} member(s), fewer than nSplits=${k}; ` +
          'some folds would not test it (pass allowSmallClasses: true to accept that)',
      );
    }
    // allocation[f][c]: members of class c tested in fold f — round robin over the sorted codes.
    const allocation = Array.from({ length: k }, () => new Array<number>(classes.length).fill(0));
    let position = 0;
    counts.forEach((count, c) => {
      for (let m = 0; m < count; m++, position++) allocation[position % k]![c]!++;
    });
    const generator = this.shuffle ? resolveGenerator('StratifiedKFold', this.options, true) : undefined;
    const testFold = new Int32Array(n);
    for (let c = 0; c < classes.length; c++) {
      const foldsForClass = new Int32Array(counts[c]!);
      let at = 0;
      for (let f = 0; f < k; f++) for (let m = 0; m < allocation[f]![c]!; m++) foldsForClass[at++] = f;
      if (generator !== undefined) shuffleInPlace(foldsForClass, generator);
      at = 0;
      for (let i = 0; i < n; i++) if (codes[i] === c) testFold[i] = foldsForClass[at++]!;
    }
    return foldsFromAssignment(testFold, k);
  }
}
