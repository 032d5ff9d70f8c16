import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/core/errors.js';
import { Generator } from '../../src/core/random.js';
import {
  accuracy,
  averagePrecision,
  confusionMatrix,
  f1,
  mae,
  mape,
  maxError,
  mse,
  precision,
  precisionRecallCurve,
  precisionRecallF1Support,
  r2,
  recall,
  rmse,
  rocAuc,
  rocCurve,
  topKRecall,
} from '../../src/train/metrics/index.js';

const close = (actual: number, expected: number, tol = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
const closeArray = (actual: ArrayLike<number>, expected: number[], tol = 1e-12): void => {
  assert.equal(actual.length, expected.length, `length: expected ${expected.length}, got ${actual.length}`);
  for (let i = 0; i < expected.length; i++) close(actual[i]!, expected[i]!, tol);
};

// Regression examples from scikit-learn's docstrings (mean_absolute_error, mean_squared_error, r2_score,
// mean_absolute_percentage_error, max_error), each re-derived by hand in the comment.
const yT = [3, -0.5, 2, 7];
const yP = [2.5, 0, 2, 8];

test('mae, mse, rmse: scikit-learn docstring example', () => {
  assert.equal(mae(yT, yP), 0.5); // (0.5 + 0.5 + 0 + 1) / 4
  assert.equal(mse(yT, yP), 0.375); // (0.25 + 0.25 + 0 + 1) / 4
  close(rmse(yT, yP), Math.sqrt(0.375)); // 0.6123...
  assert.equal(rmse([0, 0], [3, 4]), Math.sqrt(12.5));
  assert.equal(mse(new Float64Array([1, 2]), new Float32Array([1, 2])), 0);
});

test('r2: docstring value and hand-derived SS_res / SS_tot', () => {
  // mean 2.875; SS_tot = 0.125² + 3.375² + 0.875² + 4.125² = 29.1875; SS_res = 1.5.
  close(r2(yT, yP), 1 - 1.5 / 29.1875);
  assert.equal(r2([1, 2, 3], [1, 2, 3]), 1);
  assert.equal(r2([1, 2, 3], [2, 2, 2]), 0); // predicting the mean
  assert.equal(r2([1, 2, 3], [3, 2, 1]), -3); // SS_res 8, SS_tot 2
});

test('r2: constant target follows force_finite (docstring cases)', () => {
  assert.equal(r2([-2, -2, -2], [-2, -2, -2]), 1);
  assert.equal(r2([-2, -2, -2], [-2, -2, -2 + 1e-8]), 0);
  assert.ok(Number.isNaN(r2([-2, -2, -2], [-2, -2, -2], { forceFinite: false })));
  assert.equal(r2([-2, -2, -2], [-2, -2, -2 + 1e-8], { forceFinite: false }), -Infinity);
  assert.throws(() => r2([1], [1]), ValueError);
});

test('mape: fraction, and zero targets are an error naming the index', () => {
  close(mape(yT, yP), (0.5 / 3 + 0.5 / 0.5 + 0 + 1 / 7) / 4); // docstring: 0.3273...
  assert.throws(() => mape([1, 0, 2], [1, 1, 2]), (e: unknown) => e instanceof ValueError && /yTrue\[1\] is 0/.test(e.message));
});

test('maxError: docstring example', () => {
  assert.equal(maxError([3, 2, 7, 1], [4, 2, 7, 1]), 1);
  assert.equal(maxError([0, 0], [-5, 2]), 5);
});

test('metrics: length mismatch, empty input and NaN are reported with names and indices', () => {
  assert.throws(
    () => mae([1, 2, 3], [1, 2, 3, 4]),
    (e: unknown) => e instanceof ShapeError && /^mae:/.test(e.message) && /length 3/.test(e.message) && /length 4/.test(e.message),
  );
  assert.throws(() => rocAuc([0, 1], [0.5]), (e: unknown) => e instanceof ShapeError && /rocAuc/.test(e.message));
  assert.throws(() => rmse([], []), (e: unknown) => e instanceof ValueError && /^rmse:/.test(e.message) && /empty/.test(e.message));
  assert.throws(() => mse([1, 2, 3], [1, 2, NaN]), (e: unknown) => e instanceof ValueError && /yPred\[2\] is NaN/.test(e.message));
  assert.throws(() => r2([1, Infinity], [1, 2]), (e: unknown) => e instanceof ValueError && /yTrue\[1\]/.test(e.message));
  assert.throws(() => accuracy([0, 1.5], [0, 1]), (e: unknown) => e instanceof ValueError && /yTrue\[1\].*integer/.test(e.message));
  assert.throws(() => rocAuc([0, 1, 1], [0.2, NaN, 0.1]), (e: unknown) => e instanceof ValueError && /yScore\[1\] is NaN/.test(e.message));
});

test('accuracy: docstring example', () => {
  assert.equal(accuracy([0, 1, 2, 3], [0, 2, 1, 3]), 0.5);
  assert.equal(accuracy([0, 1, 2, 3], [0, 2, 1, 3], { normalize: false }), 2);
});

test('confusionMatrix: docstring examples, labels subset and normalisation', () => {
  const t = [2, 0, 2, 2, 0, 1];
  const p = [0, 0, 2, 2, 0, 2];
  assert.deepEqual(confusionMatrix(t, p), { labels: [0, 1, 2], matrix: [[2, 0, 0], [0, 0, 1], [1, 0, 2]] });
  // Binary layout [[tn, fp], [fn, tp]]: docstring gives (tn, fp, fn, tp) = (0, 2, 1, 1).
  assert.deepEqual(confusionMatrix([0, 1, 0, 1], [1, 1, 1, 0]).matrix, [[0, 2], [1, 1]]);
  // Labels [2, 0]: the sample (true 1, predicted 2) is left out. Counted by hand.
  assert.deepEqual(confusionMatrix(t, p, { labels: [2, 0] }).matrix, [[2, 1], [0, 2]]);
  const byRow = confusionMatrix(t, p, { normalize: 'true' }).matrix;
  closeArray(byRow.flat(), [1, 0, 0, 0, 0, 1, 1 / 3, 0, 2 / 3]);
  const byCol = confusionMatrix(t, p, { normalize: 'pred' }).matrix; // column 1 is empty → zeros
  closeArray(byCol.flat(), [2 / 3, 0, 0, 0, 0, 1 / 3, 1 / 3, 0, 2 / 3]);
  assert.throws(() => confusionMatrix(t, p, { labels: [7] }), ValueError);
});

test('precision / recall / f1: scikit-learn docstring multiclass averages', () => {
  // y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]: per class (P, R, F1) = (2/3, 1, 4/5), (0, 0, 0), (0, 0, 0).
  const t = [0, 1, 2, 0, 1, 2];
  const p = [0, 2, 1, 0, 0, 1];
  close(precision(t, p, { average: 'macro' }), 2 / 9);
  close(precision(t, p, { average: 'micro' }), 1 / 3);
  close(precision(t, p, { average: 'weighted' }), 2 / 9);
  close(recall(t, p, { average: 'macro' }), 1 / 3);
  close(recall(t, p, { average: 'micro' }), 1 / 3);
  close(f1(t, p, { average: 'macro' }), 4 / 15);
  close(f1(t, p, { average: 'weighted' }), 4 / 15);
  close(f1(t, p, { average: 'micro' }), 1 / 3);
  const s = precisionRecallF1Support(t, p);
  assert.deepEqual(s.labels, [0, 1, 2]);
  closeArray(s.precision, [2 / 3, 0, 0]);
  closeArray(s.recall, [1, 0, 0]);
  closeArray(s.f1, [0.8, 0, 0]);
  closeArray(s.support, [2, 2, 2]);
});

test('precision / recall / f1: binary and weighted, derived by hand', () => {
  // Class 0: tp 2, predicted 2, true 3 → P 1, R 2/3, F1 4/5. Class 1: tp 1, predicted 2, true 1 → P 1/2, R 1, F1 2/3.
  const t = [0, 0, 0, 1];
  const p = [0, 0, 1, 1];
  assert.equal(precision(t, p), 0.5);
  assert.equal(recall(t, p), 1);
  close(f1(t, p), 2 / 3);
  assert.equal(precision(t, p, { posLabel: 0 }), 1);
  close(recall(t, p, { posLabel: 0 }), 2 / 3);
  close(precision(t, p, { average: 'weighted' }), (3 * 1 + 1 * 0.5) / 4);
  close(recall(t, p, { average: 'weighted' }), (3 * (2 / 3) + 1 * 1) / 4);
  close(f1(t, p, { average: 'weighted' }), (3 * 0.8 + 1 * (2 / 3)) / 4);
  close(f1(t, p, { average: 'micro' }), 0.75); // micro = accuracy for single-label data
  assert.equal(precision([0, 1, 1, 0], [1, 1, 0, 0]), 0.5);
});

test('precision / recall: zeroDivision choices and bad arguments', () => {
  const zeros = [0, 0, 0, 0];
  assert.equal(precision(zeros, zeros), 0); // class 1 never predicted → 0/0
  assert.equal(precision(zeros, zeros, { zeroDivision: 1 }), 1);
  assert.ok(Number.isNaN(recall(zeros, zeros, { zeroDivision: 'nan' })));
  assert.throws(() => precision(zeros, zeros, { zeroDivision: 'error' }), (e: unknown) => e instanceof ValueError && /class 1/.test(e.message));
  // Class 2 is never predicted: 'nan' drops it from the macro mean, 0 counts it as zero.
  close(precision([0, 1, 2], [0, 1, 1], { average: 'macro', zeroDivision: 'nan' }), (1 + 0.5) / 2);
  close(precision([0, 1, 2], [0, 1, 1], { average: 'macro' }), (1 + 0.5 + 0) / 3);
  assert.throws(() => precision([0, 1, 2], [0, 1, 2]), (e: unknown) => e instanceof ValueError && /binary/.test(e.message));
  assert.throws(() => recall([0, 2], [2, 0]), (e: unknown) => e instanceof ValueError && /posLabel=1/.test(e.message));
  assert.throws(() => f1([0, 1], [0, 1], { average: 'macro', posLabel: 1 }), ValueError);
  assert.throws(() => f1([0, 1], [0, 1], { labels: [0, 1] }), ValueError);
});

test('rocAuc: docstring value and hand-counted ties', () => {
  assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  // Positives score {0.5, 0.9}, negatives {0.5, 0.2}: pairs won 1 + 1 + 1, tied 1 → 3.5 / 4.
  assert.equal(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]), 0.875);
  assert.equal(rocAuc([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 }), 0.75);
  assert.equal(rocAuc([0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5]), 0.5);
  assert.throws(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3]), (e: unknown) => e instanceof ValueError && /one class/.test(e.message));
  assert.throws(() => rocAuc([2, 5], [0.1, 0.2]), (e: unknown) => e instanceof ValueError && /posLabel/.test(e.message));
});

test('rocCurve: docstring example and intermediate-point dropping', () => {
  const c = rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 });
  assert.deepEqual(Array.from(c.fpr), [0, 0, 0.5, 0.5, 1]);
  assert.deepEqual(Array.from(c.tpr), [0, 0.5, 0.5, 1, 1]);
  assert.deepEqual(Array.from(c.thresholds), [Infinity, 0.8, 0.4, 0.35, 0.1]);
  // Cumulative (fps, tps) = (0,1), (0,2), (1,2), (2,2); (1,2) lies on the straight run to (2,2) and is dropped.
  const d = rocCurve([1, 1, 0, 0], [0.9, 0.8, 0.3, 0.2]);
  assert.deepEqual(Array.from(d.fpr), [0, 0, 0, 1]);
  assert.deepEqual(Array.from(d.tpr), [0, 0.5, 1, 1]);
  assert.deepEqual(Array.from(d.thresholds), [Infinity, 0.9, 0.8, 0.2]);
  assert.equal(rocCurve([1, 1, 0, 0], [0.9, 0.8, 0.3, 0.2], { dropIntermediate: false }).fpr.length, 5);
});

test('rocAuc equals the pairwise win rate and the trapezoid under rocCurve (random tied scores)', () => {
  const g = new Generator(7);
  for (let trial = 0; trial < 20; trial++) {
    const n = 5 + g.randint(0, 40);
    const yTrue = Array.from({ length: n }, (_, i) => (i < 2 ? i : g.randint(0, 2)));
    const yScore = Array.from({ length: n }, () => Math.round(g.uniform() * 8) / 8); // many ties
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (yTrue[i] !== 1 || yTrue[j] !== 0) continue;
        pairs++;
        wins += yScore[i]! > yScore[j]! ? 1 : yScore[i] === yScore[j] ? 0.5 : 0;
      }
    }
    const auc = rocAuc(yTrue, yScore);
    close(auc, wins / pairs);
    for (const dropIntermediate of [true, false]) {
      const { fpr, tpr } = rocCurve(yTrue, yScore, { dropIntermediate });
      let area = 0;
      for (let k = 1; k < fpr.length; k++) area += ((fpr[k]! - fpr[k - 1]!) * (tpr[k]! + tpr[k - 1]!)) / 2;
      close(auc, area);
    }
  }
});

test('precisionRecallCurve and averagePrecision: docstring examples', () => {
  const c = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
  closeArray(c.precision, [0.5, 2 / 3, 0.5, 1, 1]);
  closeArray(c.recall, [1, 1, 0.5, 0.5, 0]);
  closeArray(c.thresholds, [0.1, 0.35, 0.4, 0.8]);
  close(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 5 / 6); // docstring: 0.8333...
  assert.throws(() => averagePrecision([0, 0], [0.1, 0.2]), (e: unknown) => e instanceof ValueError && /no positive/.test(e.message));
});

test('averagePrecision equals the mean precision at each positive (distinct random scores)', () => {
  const g = new Generator(11);
  for (let trial = 0; trial < 20; trial++) {
    const n = 4 + g.randint(0, 30);
    const yTrue = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : g.randint(0, 2)));
    const yScore = Array.from({ length: n }, () => g.uniform());
    const ranked = yScore.map((s, i) => ({ s, y: yTrue[i]! })).sort((a, b) => b.s - a.s);
    let hits = 0;
    let sum = 0;
    ranked.forEach(({ y }, rank) => {
      if (y === 1) {
        hits++;
        sum += hits / (rank + 1);
      }
    });
    close(averagePrecision(yTrue, yScore), sum / hits);
  }
});

test('topKRecall: overlap of true and predicted top-k, ties by lower index', () => {
  assert.equal(topKRecall([5, 4, 3, 2, 1], [5, 1, 4, 3, 2], 2), 0.5); // {0, 1} vs {0, 2}
  assert.equal(topKRecall([5, 4, 3, 2, 1], [5, 1, 4, 3, 2], 5), 1);
  assert.equal(topKRecall([5, 4, 3], [1, 2, 3], 1, { higherIsBetter: false }), 0); // {2} vs {0}
  assert.equal(topKRecall([5, 4, 3], [3, 2, 1], 2, { higherIsBetter: false }), 1); // {1, 2} vs {1, 2}
  // Ties: true top-2 of [1, 1, 1, 0] is {0, 1}; predicted top-2 of [0, 1, 1, 1] is {1, 2}.
  assert.equal(topKRecall([1, 1, 1, 0], [0, 1, 1, 1], 2), 0.5);
  assert.throws(() => topKRecall([1, 2], [1, 2], 3), (e: unknown) => e instanceof ValueError && /k must be/.test(e.message));
  assert.throws(() => topKRecall([1, 2], [1, 2], 0), ValueError);
});
