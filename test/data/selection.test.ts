// Cross-checks against an independent Python computation (tools/fixtures/make_selection_fixtures.py:
// NumPy quantiles, scikit-learn's normalized_mutual_info_score, MODNet's ranking formula).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../src/core/errors.js';
import { entropy, normalizedMutualInformation, quantileBins, relevanceRedundancyRanking } from '../../src/data/selection/index.js';
import { readFixture } from '../helpers/fixtures.js';

interface Case {
  bins: number;
  labels: number[][];
  targetLabels: number[];
  pairs: { a: number; b: number; nmi: number }[];
  order: number[];
  relevance: number[];
}
const fixture = readFixture<{ rows: number; cols: number; x: number[]; y: number[]; cases: Case[] }>('selection.json');
const column = (j: number): number[] => Array.from({ length: fixture.rows }, (_, r) => fixture.x[r * fixture.cols + j]!);

test('quantileBins: hand-computed equal-frequency bins; ties stay together; bad input is named', () => {
  assert.deepEqual([...quantileBins([1, 2, 3, 4], 2)], [0, 0, 1, 1]);
  // quartile edges of 0…7 are 1.75, 3.5, 5.25
  assert.deepEqual([...quantileBins([7, 6, 5, 4, 3, 2, 1, 0], 4)], [3, 3, 2, 2, 1, 1, 0, 0]);
  // a column that is mostly 0: quartiles 0, 0, 0.25 collapse to the edges {0, 0.25}; every 0 shares a bin
  assert.deepEqual([...quantileBins([0, 0, 0, 0, 0, 0, 1, 2], 4)], [1, 1, 1, 1, 1, 1, 2, 2]);
  assert.deepEqual([...quantileBins([5, 5, 5], 10)], [1, 1, 1], 'a constant column: one bin (every value equals the only edge)');
  assert.throws(() => quantileBins([1, Number.NaN], 4), ValueError);
  assert.throws(() => quantileBins([1, 2], 1), /bins must be an integer ≥ 2/);
});

test('quantileBins matches NumPy on columns with ties and a constant column', () => {
  for (const c of fixture.cases) {
    for (let j = 0; j < fixture.cols; j++) assert.deepEqual([...quantileBins(column(j), c.bins)], c.labels[j], `bins ${c.bins}, column ${j}`);
    assert.deepEqual([...quantileBins(fixture.y, c.bins)], c.targetLabels);
  }
});

test('entropy and NMI: hand-computed values', () => {
  assert.ok(Math.abs(entropy(Int32Array.from([0, 0, 1, 1])) - Math.LN2) < 1e-15);
  assert.equal(entropy(Int32Array.from([3, 3, 3])), 0);
  const a = Int32Array.from([0, 0, 1, 1]);
  assert.ok(Math.abs(normalizedMutualInformation(a, Int32Array.from([5, 5, 2, 2])) - 1) < 1e-15, 'a relabelling shares all information');
  assert.equal(normalizedMutualInformation(a, Int32Array.from([0, 1, 0, 1])), 0, 'independent labelings');
  // a = [0,0,1,1], b = [0,0,0,1]: H(a) = ln 2, H(b) = H(1/4), H(a,b) = H(1/2, 1/4, 1/4) = 1.5 ln 2
  const hb = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
  const expected = (Math.LN2 + hb - 1.5 * Math.LN2) / ((Math.LN2 + hb) / 2);
  assert.ok(Math.abs(normalizedMutualInformation(a, Int32Array.from([0, 0, 0, 1])) - expected) < 1e-14);
  assert.equal(normalizedMutualInformation(a, Int32Array.from([1, 1, 1, 1])), 0, 'constant labeling');
  assert.throws(() => normalizedMutualInformation(a, Int32Array.from([0])), /4 and 1 samples/);
});

test('normalizedMutualInformation matches scikit-learn normalized_mutual_info_score', () => {
  let checked = 0;
  for (const c of fixture.cases) {
    for (const p of c.pairs) {
      const b = p.b < 0 ? c.targetLabels : c.labels[p.b]!;
      const got = normalizedMutualInformation(Int32Array.from(c.labels[p.a]!), Int32Array.from(b));
      assert.ok(Math.abs(got - p.nmi) < 1e-12, `bins ${c.bins}, ${p.a} vs ${p.b}: ${got} vs ${p.nmi}`);
      checked++;
    }
  }
  assert.ok(checked > 50);
});

test('relevanceRedundancyRanking matches the Python ranking and skips the constant column', () => {
  for (const c of fixture.cases) {
    const r = relevanceRedundancyRanking(Float64Array.from(fixture.x), fixture.rows, fixture.cols, fixture.y, 5, { bins: c.bins });
    assert.deepEqual(r.order, c.order, `bins ${c.bins}`);
    r.relevance.forEach((v, i) => assert.ok(Math.abs(v - c.relevance[i]!) < 1e-12));
    assert.ok(!r.order.includes(3), 'the constant column is never chosen');
  }
});

test('relevanceRedundancyRanking: a known answer — relevant, independent columns before a copy of a chosen one', () => {
  // y = 2a + b with a, b independent; column 2 is a (monotonically transformed: same bins, NMI 1 with a);
  // column 3 is unrelated noise. Relevance ranks a and its copy first (tie → lower index), but the copy is
  // fully redundant, so the second pick is b.
  const rows = 400;
  let s = 12345;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const x = new Float64Array(rows * 4);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const a = rand();
    const b = rand();
    x.set([a, b, Math.exp(3 * a), rand()], r * 4);
    y[r] = 2 * a + b;
  }
  const r = relevanceRedundancyRanking(x, rows, 4, y, 2, { bins: 8 });
  assert.deepEqual(r.order, [0, 1]);
  assert.deepEqual(relevanceRedundancyRanking(x, rows, 4, y, 3, { bins: 8 }).order.slice(0, 2), [0, 1]);
  assert.deepEqual(relevanceRedundancyRanking(x, rows, 4, y, 2, { bins: 8, columns: [1, 2, 3] }).order, [2, 1], 'restricted to the given columns');
  assert.throws(() => relevanceRedundancyRanking(x, rows, 4, y, 0), /count must be a positive integer/);
  assert.throws(() => relevanceRedundancyRanking(x, rows, 3, y, 2), /expected 400×3/);
});
