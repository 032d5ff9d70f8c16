import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/core/errors.js';
import { Generator } from '../../src/core/random.js';
import {
  GroupKFold,
  KFold,
  StratifiedKFold,
  TimeSeriesSplit,
  leaveOneGroupOut,
  trainTestSplit,
  type Fold,
} from '../../src/data/splitters/index.js';

const arr = (x: Int32Array): number[] => Array.from(x);
const layout = (folds: Fold[]): { train: number[]; test: number[] }[] =>
  folds.map((f) => ({ train: arr(f.train), test: arr(f.test) }));
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, k) => a + k);

/** Every fold splits 0..n-1 into disjoint train/test sets, and the test sets partition 0..n-1. */
function assertPartition(folds: Fold[], n: number): void {
  const tested = new Array<number>(n).fill(0);
  for (const { train, test } of folds) {
    assert.equal(train.length + test.length, n);
    const all = new Set([...train, ...test]);
    assert.equal(all.size, n, 'train and test overlap or repeat an index');
    for (const i of test) tested[i]!++;
  }
  assert.deepEqual(tested, new Array<number>(n).fill(1), 'each sample must be tested exactly once');
}

test('KFold: scikit-learn docstring layout and the size rule n//k (+1 for the first n%k folds)', () => {
  // sklearn KFold docstring: n_splits=2 on 4 samples.
  assert.deepEqual(layout(new KFold(2).split(4)), [
    { train: [2, 3], test: [0, 1] },
    { train: [0, 1], test: [2, 3] },
  ]);
  const folds = new KFold(3).split(10);
  assert.deepEqual(folds.map((f) => arr(f.test)), [range(0, 4), range(4, 7), range(7, 10)]);
  assertPartition(folds, 10);
});

test('KFold: shuffled folds partition the samples and repeat with the same seed', () => {
  const a = new KFold(4, { shuffle: true, seed: 3 }).split(23);
  assertPartition(a, 23);
  assert.deepEqual(a.map((f) => f.test.length), [6, 6, 6, 5]);
  for (const f of a) assert.ok(arr(f.test).every((v, k, xs) => k === 0 || xs[k - 1]! < v), 'test indices ascending');
  assert.deepEqual(layout(new KFold(4, { shuffle: true, seed: 3 }).split(23)), layout(a));
  assert.notDeepEqual(layout(new KFold(4, { shuffle: true, seed: 4 }).split(23)), layout(a));
  assert.notDeepEqual(layout(a), layout(new KFold(4).split(23)));
});

test('KFold: argument errors', () => {
  assert.throws(() => new KFold(1), (e: unknown) => e instanceof ValueError && /nSplits/.test(e.message));
  assert.throws(() => new KFold(5).split(4), (e: unknown) => e instanceof ValueError && /nSplits=5.*n=4/.test(e.message));
  assert.throws(() => new KFold(2, { seed: 1 }), (e: unknown) => e instanceof ValueError && /shuffle/.test(e.message));
  assert.throws(() => new KFold(2, { shuffle: true, seed: 1, generator: new Generator(1) }), ValueError);
});

test('StratifiedKFold: scikit-learn docstring and user-guide layouts', () => {
  // sklearn StratifiedKFold docstring: y = [0, 0, 1, 1], n_splits=2.
  assert.deepEqual(layout(new StratifiedKFold(2).split([0, 0, 1, 1])), [
    { train: [1, 3], test: [0, 2] },
    { train: [0, 2], test: [1, 3] },
  ]);
  // sklearn user guide (cross-validation, stratified k-fold): 45 of class 0 and 5 of class 1, 3 folds →
  // test class counts [15, 2], [15, 2], [15, 1].
  const y = [...new Array<number>(45).fill(0), ...new Array<number>(5).fill(1)];
  const folds = new StratifiedKFold(3).split(y);
  assert.deepEqual(
    folds.map((f) => [arr(f.test).filter((i) => y[i] === 0).length, arr(f.test).filter((i) => y[i] === 1).length]),
    [[15, 2], [15, 2], [15, 1]],
  );
  assertPartition(folds, 50);
});

test('StratifiedKFold: round-robin allocation and class blocks, derived by hand', () => {
  // Codes sorted: six 0s then four 1s dealt to folds 0,1,2,0,1,2 | 0,1,2,0 → class 0 quotas [2, 2, 2],
  // class 1 quotas [2, 1, 1]; members fill the quotas in sample order.
  const y = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
  assert.deepEqual(new StratifiedKFold(3).split(y).map((f) => arr(f.test)), [[0, 1, 6, 7], [2, 3, 8], [4, 5, 9]]);
  // Classes are numbered by first appearance, so 'b' is dealt first: b → folds 0,1,0 (quotas [2, 1]),
  // a → folds 1,0,1 (quotas [1, 2]). (Numbering 'a' first would test [0, 3, 4] in fold 0.)
  const z = ['b', 'b', 'b', 'a', 'a', 'a'];
  assert.deepEqual(new StratifiedKFold(2).split(z).map((f) => arr(f.test)), [[0, 1, 3], [2, 4, 5]]);
});

test('StratifiedKFold: shuffling keeps each fold\'s class counts', () => {
  const g = new Generator(5);
  const y = Array.from({ length: 60 }, () => g.randint(0, 3));
  y.push(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2); // every class has ≥ 4 members
  const count = (folds: Fold[]): number[][] => folds.map((f) => [0, 1, 2].map((c) => arr(f.test).filter((i) => y[i] === c).length));
  const plain = new StratifiedKFold(4).split(y);
  const shuffled = new StratifiedKFold(4, { shuffle: true, seed: 9 }).split(y);
  assertPartition(shuffled, y.length);
  assert.deepEqual(count(shuffled), count(plain));
  assert.notDeepEqual(layout(shuffled), layout(plain));
  for (const row of count(plain)) for (let c = 0; c < 3; c++) assert.ok(Math.abs(row[c]! - count(plain)[0]![c]!) <= 1);
});

test('StratifiedKFold: small classes are an error unless allowed', () => {
  const y = [0, 0, 0, 0, 1, 1];
  assert.throws(() => new StratifiedKFold(3).split(y), (e: unknown) => e instanceof ValueError && /class 1 has only 2/.test(e.message));
  const folds = new StratifiedKFold(3, { allowSmallClasses: true }).split(y);
  assertPartition(folds, 6);
  assert.throws(() => new StratifiedKFold(3, { allowSmallClasses: true }).split([0, 0, 1, 1]), ValueError);
  assert.throws(() => new StratifiedKFold(2).split([0, NaN, 0, 1]), (e: unknown) => e instanceof ValueError && /y\[1\]/.test(e.message));
});

test('GroupKFold: scikit-learn docstring layouts', () => {
  // sklearn GroupKFold docstring (≤ 1.5): groups [0, 0, 2, 2], n_splits=2.
  assert.deepEqual(layout(new GroupKFold(2).split([0, 0, 2, 2])), [
    { train: [0, 1], test: [2, 3] },
    { train: [2, 3], test: [0, 1] },
  ]);
  // sklearn GroupKFold docstring (≥ 1.6): groups [0, 0, 2, 2, 3, 3], n_splits=2.
  assert.deepEqual(layout(new GroupKFold(2).split([0, 0, 2, 2, 3, 3])), [
    { train: [2, 3], test: [0, 1, 4, 5] },
    { train: [0, 1, 4, 5], test: [2, 3] },
  ]);
});

test('GroupKFold: greedy balancing, largest group first into the lightest fold (by hand)', () => {
  // Sizes A 5, B 4, C 3, D 2, E 1 over 3 folds: A→0 (5), B→1 (4), C→2 (3), D→2 (5), E→1 (5).
  const groups = [...'AAAAA', ...'BBBB', ...'CCC', ...'DD', 'E'];
  const folds = new GroupKFold(3).split(groups);
  assert.deepEqual(folds.map((f) => [...new Set(arr(f.test).map((i) => groups[i]))].sort().join('')), ['A', 'BE', 'CD']);
  assertPartition(folds, groups.length);
});

test('GroupKFold and leaveOneGroupOut: groups never straddle train and test (random groups)', () => {
  const g = new Generator(21);
  const groups = Array.from({ length: 80 }, () => g.randint(0, 12));
  for (const folds of [new GroupKFold(5).split(groups), leaveOneGroupOut(groups)]) {
    assertPartition(folds, groups.length);
    for (const f of folds) {
      const testGroups = new Set(arr(f.test).map((i) => groups[i]));
      for (const i of f.train) assert.ok(!testGroups.has(groups[i]), `group ${groups[i]} is in train and test`);
    }
  }
  assert.throws(() => new GroupKFold(5).split([1, 1, 2, 2, 3, 3, 4]), (e: unknown) => e instanceof ValueError && /4\)/.test(e.message));
});

test('leaveOneGroupOut: scikit-learn docstring layout, sorted group order', () => {
  // sklearn LeaveOneGroupOut docstring: groups [1, 1, 2, 2].
  assert.deepEqual(layout(leaveOneGroupOut([1, 1, 2, 2])), [
    { train: [2, 3], test: [0, 1] },
    { train: [0, 1], test: [2, 3] },
  ]);
  assert.deepEqual(layout(leaveOneGroupOut(['b', 'a', 'b'])), [
    { train: [0, 2], test: [1] },
    { train: [1], test: [0, 2] },
  ]);
  assert.throws(() => leaveOneGroupOut([3, 3, 3]), (e: unknown) => e instanceof ValueError && /two distinct groups/.test(e.message));
  assert.throws(() => leaveOneGroupOut(['a', 2] as unknown as string[]), ValueError);
});

test('TimeSeriesSplit: the three scikit-learn docstring layouts', () => {
  assert.deepEqual(layout(new TimeSeriesSplit().split(6)), [
    { train: [0], test: [1] },
    { train: [0, 1], test: [2] },
    { train: [0, 1, 2], test: [3] },
    { train: [0, 1, 2, 3], test: [4] },
    { train: [0, 1, 2, 3, 4], test: [5] },
  ]);
  assert.deepEqual(layout(new TimeSeriesSplit(3, { testSize: 2 }).split(12)), [
    { train: range(0, 6), test: [6, 7] },
    { train: range(0, 8), test: [8, 9] },
    { train: range(0, 10), test: [10, 11] },
  ]);
  assert.deepEqual(layout(new TimeSeriesSplit(3, { testSize: 2, gap: 2 }).split(12)), [
    { train: range(0, 4), test: [6, 7] },
    { train: range(0, 6), test: [8, 9] },
    { train: range(0, 8), test: [10, 11] },
  ]);
});

test('TimeSeriesSplit: maxTrainSize keeps the most recent samples (by hand)', () => {
  // n 6, 3 splits → testSize 6 // 4 = 1, tests start at 3, 4, 5; train capped at the last 2.
  assert.deepEqual(layout(new TimeSeriesSplit(3, { maxTrainSize: 2 }).split(6)), [
    { train: [1, 2], test: [3] },
    { train: [2, 3], test: [4] },
    { train: [3, 4], test: [5] },
  ]);
});

test('TimeSeriesSplit: train always precedes test by more than the gap (random settings)', () => {
  const g = new Generator(2);
  for (let trial = 0; trial < 30; trial++) {
    const nSplits = 2 + g.randint(0, 4);
    const gap = g.randint(0, 4);
    const testSize = 1 + g.randint(0, 4);
    const n = gap + nSplits * testSize + 1 + g.randint(0, 20);
    const maxTrainSize = g.randint(0, 2) === 0 ? undefined : 1 + g.randint(0, 10);
    const folds = new TimeSeriesSplit(nSplits, { gap, testSize, maxTrainSize }).split(n);
    assert.equal(folds.length, nSplits);
    let previousEnd = -1;
    for (const { train, test } of folds) {
      assert.ok(train.length > 0 && test.length === testSize);
      assert.ok(train[train.length - 1]! + gap < test[0]!, 'train must end more than gap before test');
      assert.ok(maxTrainSize === undefined || train.length <= maxTrainSize);
      assert.ok(test[0]! > previousEnd);
      previousEnd = test[test.length - 1]!;
    }
    assert.equal(previousEnd, n - 1, 'the last test set ends at the last sample');
  }
});

test('TimeSeriesSplit: argument errors', () => {
  assert.throws(() => new TimeSeriesSplit(5).split(5), (e: unknown) => e instanceof ValueError && /n=5/.test(e.message));
  assert.throws(() => new TimeSeriesSplit(3, { testSize: 2, gap: 6 }).split(12), (e: unknown) => e instanceof ValueError && /too many splits/.test(e.message));
  assert.throws(() => new TimeSeriesSplit(3, { gap: -1 }), ValueError);
  assert.throws(() => new TimeSeriesSplit(3, { testSize: 0 }), ValueError);
});

test('trainTestSplit: sizes follow scikit-learn (ceil of the fraction, or a count)', () => {
  const a = trainTestSplit(10, { seed: 0 }); // default 0.25 → ceil(2.5) = 3
  assert.equal(a.test.length, 3);
  assert.equal(a.train.length, 7);
  assert.deepEqual([...a.train, ...a.test].sort((x, y) => x - y), range(0, 10));
  assert.equal(trainTestSplit(10, { testSize: 4, seed: 0 }).test.length, 4);
  // scikit-learn rounds the float product up: math.ceil(0.07 * 100) == 8 in Python, as 0.07 * 100 = 7.000000000000001.
  assert.equal(trainTestSplit(100, { testSize: 0.07, seed: 0 }).test.length, 8);
  assert.deepEqual(layout([trainTestSplit(10, { testSize: 3, shuffle: false })]), [{ train: range(0, 7), test: [7, 8, 9] }]);
  assert.deepEqual(trainTestSplit(50, { seed: 8 }), trainTestSplit(50, { seed: 8 }));
  assert.notDeepEqual(trainTestSplit(50, { seed: 8 }).test, trainTestSplit(50, { seed: 9 }).test);
  for (const testSize of [0, 1.5, 10, -1, NaN]) assert.throws(() => trainTestSplit(10, { testSize }), ValueError);
  assert.throws(() => trainTestSplit(10, { testSize: 0.3, shuffle: false, seed: 1 }), ValueError);
});

test('trainTestSplit: stratify keeps class proportions (by hand) and validates its input', () => {
  // 60 of class 0 and 40 of class 1; testSize 0.25 → 25 test: train 75 = 45 + 30, test 25 = 15 + 10.
  const y = Array.from({ length: 100 }, (_, i) => (i % 5 < 3 ? 0 : 1));
  const { train, test } = trainTestSplit(100, { stratify: y, seed: 1 });
  const ones = (idx: Int32Array): number => arr(idx).filter((i) => y[i] === 1).length;
  assert.equal(test.length, 25);
  assert.equal(ones(test), 10);
  assert.equal(ones(train), 30);
  assert.deepEqual([...train, ...test].sort((a, b) => a - b), range(0, 100));
  assert.throws(() => trainTestSplit(4, { stratify: [0, 0, 0, 1] }), (e: unknown) => e instanceof ValueError && /only 1 member/.test(e.message));
  assert.throws(() => trainTestSplit(4, { stratify: [0, 0, 1] }), ShapeError);
  assert.throws(() => trainTestSplit(4, { stratify: [0, 0, 1, 1], shuffle: false }), ValueError);
  assert.throws(() => trainTestSplit(6, { stratify: [0, 0, 1, 1, 2, 2], testSize: 2 }), (e: unknown) => e instanceof ValueError && /test set/.test(e.message));
});
