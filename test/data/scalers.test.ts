import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/core/errors.js';
import {
  MinMaxScaler,
  RobustScaler,
  StandardScaler,
  scalerFromJSON,
  type Matrix,
} from '../../src/data/scalers/index.js';

const closeRows = (actual: number[][], expected: number[][], tol = 1e-12): void => {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, r) => {
    assert.equal(row.length, expected[r]!.length);
    row.forEach((v, c) => assert.ok(Math.abs(v - expected[r]![c]!) <= tol, `(${r}, ${c}): expected ${expected[r]![c]}, got ${v}`));
  });
};

test('StandardScaler: scikit-learn docstring example', () => {
  // sklearn StandardScaler docstring: data [[0, 0], [0, 0], [1, 1], [1, 1]] → mean_ [0.5, 0.5].
  const s = new StandardScaler();
  const data = [[0, 0], [0, 0], [1, 1], [1, 1]];
  s.fit(data);
  assert.deepEqual(Array.from(s.mean!), [0.5, 0.5]);
  assert.deepEqual(Array.from(s.var!), [0.25, 0.25]);
  assert.deepEqual(s.transform(data), [[-1, -1], [-1, -1], [1, 1], [1, 1]]);
  assert.deepEqual(s.transform([[2, 2]]), [[3, 3]]);
});

test('StandardScaler: population variance, constant columns and the options (by hand)', () => {
  // Column 0: 1..4 → mean 2.5, var (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25. Column 1 constant → scale 1.
  const x = [[1, 7], [2, 7], [3, 7], [4, 7]];
  const s = new StandardScaler().fit(x);
  assert.deepEqual(Array.from(s.var!), [1.25, 0]);
  assert.deepEqual(Array.from(s.scale!), [Math.sqrt(1.25), 1]);
  closeRows(s.transform(x), [[-1.5, 0], [-0.5, 0], [0.5, 0], [1.5, 0]].map(([a, b]) => [a! / Math.sqrt(1.25), b!]));
  assert.deepEqual(new StandardScaler({ withMean: false }).fitTransform([[2], [4]]), [[2], [4]]); // std 1
  assert.deepEqual(new StandardScaler({ withStd: false }).fitTransform([[2], [4]]), [[-1], [1]]);
  // Constant column made of a value that is not exact in binary: still detected as constant.
  assert.deepEqual(Array.from(new StandardScaler().fit([[0.1], [0.1], [0.1]]).scale!), [1]);
});

test('MinMaxScaler: scikit-learn docstring example, featureRange and clip', () => {
  // sklearn MinMaxScaler docstring: data_max_ [1, 18]; transform → quarters; transform([[2, 2]]) → [[1.5, 0]].
  const data = [[-1, 2], [-0.5, 6], [0, 10], [1, 18]];
  const s = new MinMaxScaler().fit(data);
  assert.deepEqual(Array.from(s.dataMax!), [1, 18]);
  assert.deepEqual(s.transform(data), [[0, 0], [0.25, 0.25], [0.5, 0.5], [1, 1]]);
  assert.deepEqual(s.transform([[2, 2]]), [[1.5, 0]]);
  const r = new MinMaxScaler({ featureRange: [-1, 1] });
  assert.deepEqual(r.fitTransform([[0], [5], [10]]), [[-1], [0], [1]]);
  assert.deepEqual(new MinMaxScaler({ clip: true }).fit(data).transform([[2, 2]]), [[1, 0]]);
  assert.deepEqual(new MinMaxScaler().fitTransform([[3], [3]]), [[0], [0]]); // constant column → lo
  assert.throws(() => new MinMaxScaler({ featureRange: [1, 1] }), ValueError);
});

test('RobustScaler: scikit-learn docstring example (re-derived: medians 1, 1, 2; IQRs 3, 1.5, 2.5)', () => {
  const x = [[1, -2, 2], [-2, 1, 3], [4, 1, -2]];
  const s = new RobustScaler().fit(x);
  assert.deepEqual(Array.from(s.center!), [1, 1, 2]);
  assert.deepEqual(Array.from(s.scale!), [3, 1.5, 2.5]);
  closeRows(s.transform(x), [[0, -2, 0], [-1, 0, 0.4], [1, 0, -1.6]]);
});

test('RobustScaler: NumPy linear percentiles and even-count median (by hand)', () => {
  // [4, 1, 3, 2] sorted 1..4: median (2 + 3) / 2 = 2.5; q25 at index 0.75 → 1.75; q75 at 2.25 → 3.25.
  const s = new RobustScaler().fit([[4], [1], [3], [2]]);
  assert.deepEqual(Array.from(s.center!), [2.5]);
  assert.deepEqual(Array.from(s.scale!), [1.5]);
  // 0..10 with [10, 90]: indices 1 and 9 → 1 and 9 → scale 8.
  const t = new RobustScaler({ quantileRange: [10, 90] }).fit(Array.from({ length: 11 }, (_, i) => [i]));
  assert.deepEqual(Array.from(t.scale!), [8]);
  assert.deepEqual(new RobustScaler({ withScaling: false }).fitTransform([[1], [2], [3], [4], [100]]), [[-2], [-1], [0], [1], [97]]);
  assert.deepEqual(new RobustScaler().fitTransform([[5], [5], [5]]), [[0], [0], [0]]); // IQR 0 → scale 1
  assert.throws(() => new RobustScaler({ quantileRange: [75, 25] }), ValueError);
});

test('scalers: inverseTransform undoes transform; Matrix input gives Matrix output; input untouched', () => {
  const data = new Float64Array([1, -3, 2.5, 10, 0, 7, 4, 4, -1.25, 8, 2, 6]);
  const input = { data, rows: 4, cols: 3 };
  for (const s of [new StandardScaler(), new MinMaxScaler({ featureRange: [-2, 3] }), new RobustScaler()]) {
    const z: Matrix = s.fitTransform(input);
    assert.ok(z.data instanceof Float64Array && z.rows === 4 && z.cols === 3);
    assert.notEqual(z.data, data);
    const back = s.inverseTransform(z);
    back.data.forEach((v, i) => assert.ok(Math.abs(v - data[i]!) < 1e-12, `${s.constructor.name} entry ${i}`));
  }
  assert.deepEqual(Array.from(data), [1, -3, 2.5, 10, 0, 7, 4, 4, -1.25, 8, 2, 6]);
  assert.deepEqual(new StandardScaler().fit([[1], [3]]).transform({ data: new Float32Array([2]), rows: 1, cols: 1 }).data, new Float64Array([0]));
});

test('scalers: JSON round trip through text restores identical transforms', () => {
  const train = [[1, 10, -4], [2, 30, 0], [4, 20, 3], [8, 40, 5], [3, 35, 9]];
  const probe = [[0, 0, 0], [5, 25, 1], [-3, 100, 2]];
  const fitted = [
    new StandardScaler({ withMean: false }).fit(train),
    new MinMaxScaler({ featureRange: [-1, 1], clip: true }).fit(train),
    new RobustScaler({ quantileRange: [10, 90] }).fit(train),
  ];
  for (const s of fitted) {
    const text = JSON.stringify(s);
    const restored = scalerFromJSON(JSON.parse(text));
    assert.equal(restored.constructor, s.constructor);
    assert.deepEqual(restored.transform(probe), s.transform(probe));
    assert.deepEqual(restored.inverseTransform(probe), s.inverseTransform(probe));
    assert.equal(JSON.stringify(restored), text);
  }
  const unfitted = StandardScaler.fromJSON(JSON.parse(JSON.stringify(new StandardScaler())));
  assert.equal(unfitted.isFitted, false);
  assert.equal(MinMaxScaler.fromJSON(new MinMaxScaler().fit(train).toJSON()).nFeaturesIn, 3);
});

test('scalers: malformed saved state names the field', () => {
  const good = new StandardScaler().fit([[1, 2], [3, 4]]).toJSON();
  const broken = { ...good, fitted: { ...good.fitted!, scale: [1] } };
  assert.throws(() => StandardScaler.fromJSON(broken), (e: unknown) => e instanceof ValueError && /"scale"/.test(e.message));
  const negative = { ...good, fitted: { ...good.fitted!, scale: [1, -2] } };
  assert.throws(() => StandardScaler.fromJSON(negative), (e: unknown) => e instanceof ValueError && /"scale"\[1\]/.test(e.message));
  assert.throws(() => StandardScaler.fromJSON({ ...good, type: 'MinMaxScaler' }), (e: unknown) => e instanceof ValueError && /"type"/.test(e.message));
  assert.throws(() => scalerFromJSON({ type: 'PowerTransformer' }), (e: unknown) => e instanceof ValueError && /PowerTransformer/.test(e.message));
  assert.throws(() => RobustScaler.fromJSON(null), ValueError);
});

test('scalers: misuse errors (before fit, column mismatch, NaN, ragged, bad sizes)', () => {
  assert.throws(() => new StandardScaler().transform([[1]]), (e: unknown) => e instanceof ValueError && /not fitted/.test(e.message));
  assert.throws(() => new RobustScaler().inverseTransform([[1]]), ValueError);
  const s = new MinMaxScaler().fit([[1, 2, 3], [4, 5, 6]]);
  assert.throws(() => s.transform([[1, 2]]), (e: unknown) => e instanceof ShapeError && /expected 3 columns.*got 2/.test(e.message));
  assert.throws(() => s.transform({ data: new Float64Array(0), rows: 0, cols: 2 }), ShapeError);
  assert.deepEqual(s.transform([]), []);
  assert.throws(
    () => new StandardScaler().fit([[1, 2], [3, NaN], [5, 6]]),
    (e: unknown) => e instanceof ValueError && /StandardScaler\.fit: row 1, column 1 is NaN/.test(e.message),
  );
  assert.throws(() => new RobustScaler().fit({ data: [1, 2, Infinity, 4], rows: 2, cols: 2 }), (e: unknown) => e instanceof ValueError && /row 1, column 0/.test(e.message));
  assert.throws(() => new StandardScaler().fit([[1, 2], [3]]), (e: unknown) => e instanceof ShapeError && /row 1 has 1 columns/.test(e.message));
  assert.throws(() => new StandardScaler().fit({ data: [1, 2, 3], rows: 2, cols: 2 }), ShapeError);
  assert.throws(() => new StandardScaler().fit([]), ValueError);
  assert.throws(() => new StandardScaler().fit([1, 2, 3] as unknown as number[][]), ShapeError);
});
