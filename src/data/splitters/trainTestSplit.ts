import { ValueError } from '../../core/errors.js';
import type { Generator } from '../../core/random.js';
import { checkSampleCount, encodeLabels, type LabelArray } from './fold.js';
import { permutation, resolveGenerator, shuffleInPlace } from './shuffle.js';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /**
   * Size of the test set: a fraction strictly between 0 and 1 (`⌈testSize · n⌉` samples, scikit-learn's
   * rounding of the floating-point product, so 0.07 of 100 gives 8 because 0.07 · 100 = 7.000000000000001)
   * or an integer count ≥ 1. Default 0.25.
   */
  testSize?: number;
  /** Shuffle before splitting (default true). Without shuffling the test set is the last samples. */
  shuffle?: boolean;
  /** Seed of a fresh generator for this call (same seed, same split). */
  seed?: number;
  /** A generator to draw from instead (it advances). Default: the default generator. */
  generator?: Generator;
  /**
   * One label per sample (numbers or strings): the split keeps each class's proportion in both sets
   * (scikit-learn's `StratifiedShuffleSplit`). Needs `shuffle` and at least two members per class.
   */
  stratify?: LabelArray;
}

/** The result of {@link trainTestSplit}: disjoint index sets covering all samples. */
export interface TrainTestIndices {
  train: Int32Array;
  test: Int32Array;
}

/** Number of test samples for `testSize` (scikit-learn's `_validate_shuffle_split`). */
function testCount(n: number, testSize: number): number {
  const op = 'trainTestSplit';
  let nTest: number;
  if (testSize > 0 && testSize < 1) nTest = Math.ceil(testSize * n);
  else if (Number.isInteger(testSize) && testSize >= 1) {
    if (testSize >= n) throw new ValueError(`${op}: testSize=${testSize} must be smaller than the number of samples n=${n}`);
    nTest = testSize;
  } else {
    throw new ValueError(`${op}: testSize must be a fraction in (0, 1) or an integer count ≥ 1, got ${testSize}`);
  }
  if (n - nTest <= 0) {
    throw new ValueError(`${op}: with n=${n} and testSize=${testSize} the train set would be empty`);
  }
  return nTest;
}

/**
 * Splits counts over classes in proportion to their sizes, rounding down and then giving the leftover
 * draws to the classes with the largest remainders, ties broken at random (scikit-learn's
 * `_approximate_mode`).
 */
function approximateMode(classCounts: number[], nDraws: number, generator: Generator): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = nDraws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((c, k) => c - floored[k]!);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const tied = Int32Array.from(remainder.flatMap((r, k) => (r === value ? [k] : [])));
      const addNow = Math.min(tied.length, needToAdd);
      shuffleInPlace(tied, generator);
      for (let m = 0; m < addNow; m++) floored[tied[m]!]!++;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

function stratifiedSplit(n: number, nTest: number, stratify: LabelArray, generator: Generator): TrainTestIndices {
  const op = 'trainTestSplit';
  const { codes, classes, counts } = encodeLabels(op, 'stratify', stratify, 'sorted', n);
  const smallest = counts.indexOf(Math.min(...counts));
  if (counts[smallest]! < 2) {
    throw new ValueError(
      `${op}: class ${JSON.stringify(classes[smallest])} of stratify has only 1 member; every class needs at least 2`,
    );
  }
  const nTrain = n - nTest;
  if (nTrain < classes.length) {
    throw new ValueError(`${op}: the train set (${nTrain}) must hold at least one sample of each of the ${classes.length} classes`);
  }
  if (nTest < classes.length) {
    throw new ValueError(`${op}: the test set (${nTest}) must hold at least one sample of each of the ${classes.length} classes`);
  }
  const trainPerClass = approximateMode(counts, nTrain, generator);
  const remaining = counts.map((c, k) => c - trainPerClass[k]!);
  const testPerClass = approximateMode(remaining, nTest, generator);
  const members: number[][] = classes.map(() => []);
  for (let i = 0; i < n; i++) members[codes[i]!]!.push(i);
  const train: number[] = [];
  const test: number[] = [];
  members.forEach((list, c) => {
    const order = permutation(list.length, generator);
    const a = trainPerClass[c]!;
    const b = a + testPerClass[c]!;
    for (let m = 0; m < a; m++) train.push(list[order[m]!]!);
    for (let m = a; m < b; m++) test.push(list[order[m]!]!);
  });
  return {
    train: shuffleInPlace(Int32Array.from(train), generator),
    test: shuffleInPlace(Int32Array.from(test), generator),
  };
}

/**
 * Splits `n` samples into a train and a test set of indices (scikit-learn's `train_test_split`, on
 * indices). With `shuffle` (default) a random permutation is cut: the first `nTest` entries are the test
 * set and the rest the train set, both in that permuted order (so iterating them visits samples in random
 * order). Without shuffling, train is `0 … n−nTest−1` and test the last `nTest` samples, ascending — the
 * right choice for time-ordered data. With `stratify`, each class keeps its proportion in both sets.
 *
 * Errors (ValueError): a bad `n` or `testSize`, an empty train set, seed with generator, seed/generator
 * or `stratify` without shuffling, a stratify class with one member or more classes than train/test
 * samples; a ShapeError when `stratify` does not have `n` entries.
 *
 * @example
 * const { train, test } = trainTestSplit(100, { testSize: 0.2, seed: 42 }); // 80 and 20 indices
 * trainTestSplit(10, { testSize: 3, shuffle: false }); // train [0..6], test [7, 8, 9]
 */
export function trainTestSplit(n: number, options: TrainTestSplitOptions = {}): TrainTestIndices {
  checkSampleCount('trainTestSplit', n);
  const nTest = testCount(n, options.testSize ?? 0.25);
  const shuffle = options.shuffle ?? true;
  const generator = resolveGenerator('trainTestSplit', options, shuffle);
  if (!shuffle) {
    if (options.stratify !== undefined) {
      throw new ValueError('trainTestSplit: a stratified split needs shuffle: true');
    }
    const nTrain = n - nTest;
    return {
      train: Int32Array.from({ length: nTrain }, (_, k) => k),
      test: Int32Array.from({ length: nTest }, (_, k) => nTrain + k),
    };
  }
  if (options.stratify !== undefined) return stratifiedSplit(n, nTest, options.stratify, generator);
  const p = permutation(n, generator);
  return { train: p.slice(nTest), test: p.slice(0, nTest) };
}
