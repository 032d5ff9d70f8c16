import { ValueError } from '../../core/errors.js';
import { checkNSplits, encodeLabels, foldsFromAssignment, type Fold, type LabelArray } from './fold.js';

/**
 * K-fold with non-overlapping groups (scikit-learn's `GroupKFold` without shuffling): all samples of a
 * group land in the same fold, so a model is never tested on a group it trained on (e.g. all measurements
 * of one alloy, all runs of one batch).
 *
 * Balancing, as scikit-learn: groups are sorted by size, largest first, and each in turn goes to the fold
 * with the fewest samples so far (the lowest-numbered such fold). Groups of equal size are taken in
 * descending order of their sorted group value, which is what scikit-learn's reversed ascending argsort
 * gives (on small inputs; NumPy's sort is not stable on every platform for large ones).
 *
 * `split(groups)` takes one group id per sample (numbers or strings). Errors (ValueError): `nSplits` not an
 * integer ≥ 2, or more folds than distinct groups.
 *
 * @example
 * new GroupKFold(2).split([0, 0, 2, 2, 3, 3]);
 * // [{ train: [2, 3], test: [0, 1, 4, 5] }, { train: [0, 1, 4, 5], test: [2, 3] }]
 */
export class GroupKFold {
  readonly nSplits: number;

  constructor(nSplits = 5) {
    checkNSplits('GroupKFold', nSplits);
    this.nSplits = nSplits;
  }

  /** The folds for per-sample group ids. */
  split(groups: LabelArray): Fold[] {
    const op = 'GroupKFold.split';
    const k = this.nSplits;
    const { codes, classes, counts } = encodeLabels(op, 'groups', groups, 'sorted');
    if (k > classes.length) {
      throw new ValueError(`${op}: nSplits=${k} is greater than the number of distinct groups (${classes.length})`);
    }
    const byDescendingSize = classes.map((_, g) => g).sort((a, b) => counts[b]! - counts[a]! || b - a);
    const foldSize = new Array<number>(k).fill(0);
    const foldOfGroup = new Int32Array(classes.length);
    for (const g of byDescendingSize) {
      let lightest = 0;
      for (let f = 1; f < k; f++) if (foldSize[f]! < foldSize[lightest]!) lightest = f;
      foldSize[lightest]! += counts[g]!;
      foldOfGroup[g] = lightest;
    }
    return foldsFromAssignment(codes.map((g) => foldOfGroup[g]!), k);
  }
}
