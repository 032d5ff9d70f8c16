import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, ValueError } from '../../../src/core/errors.js';
import { Composition } from '../../../src/materials/composition/composition.js';
import { crossValidate, summarizeFolds, taskMetrics } from '../../../src/materials/composition/evaluation/cross-validate.js';
import { foldLeakage } from '../../../src/materials/composition/evaluation/leakage.js';
import { leaderboardTable, matbenchTaskForIds, officialTestFolds, readLeaderboard } from '../../../src/materials/composition/evaluation/matbench.js';

test('official folds map ids to rows; unknown and doubled ids are reported', () => {
  const json = { folds: { matbench_steels: { fold_1: ['c', 'x'], fold_0: ['a'] } } };
  const r = officialTestFolds(json, 'matbench_steels', ['a', 'b', 'c']);
  assert.deepEqual(r.folds, [[0], [2]]);
  assert.deepEqual(r.unassigned, [1]);
  assert.equal(r.missing, 1);
  assert.throws(() => officialTestFolds(json, 'matbench_glass', ['a']), DataError);
  assert.throws(() => officialTestFolds({ folds: { t: { fold_0: ['a'], fold_1: ['a'] } } }, 't', ['a']), /two folds/);
  assert.equal(matbenchTaskForIds(['mb-steels-001'])?.name, 'matbench_steels');
  assert.equal(matbenchTaskForIds(['mb-expt-is-metal-0001'])?.name, 'matbench_expt_is_metal');
  assert.equal(matbenchTaskForIds(['sample-1']), undefined);
});

test('the leaderboard table keeps complete rows, best first', () => {
  const entries = readLeaderboard({
    algorithm: ['matbench_v0.1_A', 'matbench_v0.1_A', 'matbench_v0.1_B', 'matbench_v0.1_B', 'matbench_v0.1_C', 'matbench_v0.1_A'],
    task: ['t', 't', 't', 't', 't', 'u'],
    fold: ['fold_0', 'fold_1', 'fold_0', 'fold_1', 'fold_0', 'fold_0'],
    metric: ['mae', 'mae', 'mae', 'mae', 'mae', 'mae'],
    value: [3, 5, 1, 2, 0.5, 9],
  });
  const rows = leaderboardTable(entries, 't', 'mae', 2);
  assert.deepEqual(rows.map((r) => [r.algorithm, r.mean]), [['B', 1.5], ['A', 4]]);
  assert.throws(() => readLeaderboard({ algorithm: ['a'], task: ['t'], fold: ['zero'], metric: ['mae'], value: [1] }), ValueError);
});

test('leakage lists test rows whose composition is in the training folds', () => {
  const comps = ['Fe2O3', 'Fe4O6', 'NaCl', 'Si', 'NaCl', 'Fe0.62Ni0.38', 'Fe0.625Ni0.375'].map((f) => Composition.parse(f));
  const leaks = foldLeakage(comps, [[0, 2, 5], [1, 3, 4, 6]]);
  assert.deepEqual(leaks.map((l) => [l.fold, l.row, l.trainRows, l.exact]), [[0, 0, [1], true], [0, 2, [4], true], [0, 5, [6], false], [1, 1, [0], true], [1, 4, [2], true], [1, 6, [5], false]]);
  assert.deepEqual(foldLeakage(comps, [[3]]), []);
  assert.deepEqual(foldLeakage(comps, [[0]], { foldNumbers: [4] }).map((l) => l.fold), [4]);
});

test('metrics per task and their summary', () => {
  const r = taskMetrics('regression', [1, 2, 3], [1, 2, 4]);
  assert.ok(Math.abs(r['mae']! - 1 / 3) < 1e-12 && Math.abs(r['r2']! - 0.5) < 1e-12);
  const c = taskMetrics('classification', [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
  assert.equal(c['rocauc'], 0.75);
  assert.equal(c['accuracy'], 0.75);
  const s = summarizeFolds([{ metrics: { mae: 1 } }, { metrics: { mae: 3 } }]);
  assert.deepEqual(s['mae'], { mean: 2, std: Math.SQRT2 });
});

test('cross-validation never trains on its test fold and labels folds by number', async () => {
  const comps: Composition[] = [];
  const y: number[] = [];
  for (let i = 0; i < 24; i++) {
    comps.push(Composition.fromAmounts({ Fe: 1 + (i % 6), O: 1 + ((i * 5) % 4) }));
    y.push(10 + (i % 6));
  }
  const folds = [Array.from({ length: 12 }, (_, i) => i), Array.from({ length: 12 }, (_, i) => i + 12)];
  const seen: number[] = [];
  const cv = await crossValidate(comps, y, folds, { task: 'regression', kind: 'mlp', features: { magpie: false }, hiddenSizes: [4], train: { epochs: 3, patience: 3 } }, {
    foldNumbers: [3, 4],
    onFoldEnd: (f) => seen.push(f.fold),
  });
  assert.deepEqual(seen, [3, 4]);
  assert.deepEqual(cv.folds.map((f) => [f.trainSize, f.testSize]), [[12, 12], [12, 12]]);
  assert.deepEqual([...cv.foldOf], [...new Array(12).fill(3), ...new Array(12).fill(4)]);
  assert.ok(cv.predictions.every(Number.isFinite));
  assert.equal(cv.model.parts.length, 2);
  await assert.rejects(crossValidate(comps, y, [[0, 1], [1]], { task: 'regression', kind: 'mlp' }), /row 1 is in folds 0 and 1/);
});
