import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed } from '../../src/core/random.js';
import { Generator } from '../../src/core/random.js';
import { runForecast } from '../../src/process/forecast.js';
import { MlpForecaster, type ForecasterShape } from '../../src/process/forecast-models.js';
import { TransformerEncoderDecoderForecaster } from '../../src/process/sequence-forecasters.js';
import { ReconstructionDetector } from '../../src/process/reconstruction-detector.js';
import { thresholdAtFalseAlarmRate } from '../../src/process/detection.js';
import type { ProcessSeries } from '../../src/process/series.js';

function syntheticSeries(rows: number): ProcessSeries {
  const g = new Generator(3);
  const data = new Float64Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    data[r * 3] = Math.sin(r / 7) + 0.1 * g.normal();
    data[r * 3 + 1] = Math.cos(r / 5) + 0.1 * g.normal();
    data[r * 3 + 2] = 0.5 * data[r * 3]! + 0.1 * g.normal();
  }
  return { file: 'synthetic.csv', time: Float64Array.from({ length: rows }, (_, i) => i), timeIsDate: false, tags: ['A', 'B', 'C'], values: { data, rows, cols: 3 }, lines: new Int32Array(0) };
}

for (const [name, factory] of [
  ['mlp', (shape: ForecasterShape) => new MlpForecaster(shape, { hidden: 8 })],
  ['transformer encoder–decoder', (shape: ForecasterShape) => new TransformerEncoderDecoderForecaster(shape, { hidden: 8, heads: 2, numLayers: 1 })],
] as const) test(`forecasting (${name}): no statistic of the test span reaches the scalers, the ridge strength, the intervals or the weights`, async () => {
  const clean = syntheticSeries(160);
  const tampered = syntheticSeries(160);
  const run = async (s: ProcessSeries) => {
    manualSeed(0);
    return runForecast(s, { targets: ['C'], lookback: 6, horizon: 2, epochs: 2, model: factory });
  };
  const a = await run(clean);
  // Replace the whole test span by wild values: anything computed from it would change.
  for (let r = a.split.test[0]; r < 160; r++) for (let c = 0; c < 3; c++) tampered.values.data[r * 3 + c] = 1000 + 50 * r;
  const b = await run(tampered);
  assert.deepEqual(b.inputScaler.toJSON(), a.inputScaler.toJSON());
  assert.deepEqual(b.targetScaler.toJSON(), a.targetScaler.toJSON());
  assert.equal(b.ridgeLambda, a.ridgeLambda);
  assert.deepEqual(Array.from(b.conformalWidening), Array.from(a.conformalWidening));
  const wa = a.model.stateDict();
  const wb = b.model.stateDict();
  for (const k of Object.keys(wa)) assert.deepEqual(Array.from(wb[k]!.data()), Array.from(wa[k]!.data()), k);
  // …while the test predictions do see the new data.
  assert.notDeepEqual(Array.from(b.test.actual), Array.from(a.test.actual));
  // The scaler statistics are exactly those of the training rows.
  const trainMean = Array.from({ length: 3 }, (_, c) => {
    let s = 0;
    for (let r = a.split.train[0]; r < a.split.train[1]; r++) s += clean.values.data[r * 3 + c]!;
    return s / (a.split.train[1] - a.split.train[0]);
  });
  a.inputScaler.mean!.forEach((m, c) => assert.ok(Math.abs(m - trainMean[c]!) < 1e-12));
});

test('deep detector: the threshold is the (1 − rate) quantile of validation scores and ignores any test data', async () => {
  const s = syntheticSeries(200).values;
  const train = { data: s.data.slice(0, 120 * 3), rows: 120, cols: 3 };
  const val = { data: s.data.slice(120 * 3), rows: 80, cols: 3 };
  manualSeed(1);
  const det = await ReconstructionDetector.fit(train, val, { epochs: 2, hidden: 8, latent: 2, smoothing: 1, falseAlarmRate: 0.05 });
  const scores = det.scores(val);
  const above = Array.from(scores).filter((v) => v > det.threshold).length;
  assert.ok(above >= 3 && above <= 5, `${above} of 80 validation scores above the threshold`);
  const before = det.threshold;
  det.scores({ data: new Float64Array(30).fill(1e6), rows: 10, cols: 3 });
  assert.equal(det.threshold, before);
});

test('deep detector, cross-validated: the threshold is the quantile of out-of-fold scores of the normal data only', async () => {
  const s = syntheticSeries(200).values;
  manualSeed(2);
  const det = await ReconstructionDetector.fitCrossValidated(s, { folds: 4, epochs: 3, hidden: 8, latent: 2, smoothing: 1, falseAlarmRate: 0.1 });
  assert.ok(Number.isFinite(det.threshold) && det.threshold > 0);
  // Out-of-fold errors normalise each variable, so the mean normalised error of the out-of-fold rows is 1
  // and the 90 % quantile of scores near that level sits above 1; the final model fits its own training
  // data more closely, so fewer than 10 % of its in-sample scores exceed the threshold.
  assert.ok(det.threshold > 1, `threshold ${det.threshold}`);
  const inSample = Array.from(det.scores(s)).filter((v) => v > det.threshold).length;
  assert.ok(inSample <= 20, `${inSample} of 200 in-sample scores above the threshold`);
  // Same seed and same normal data give the same threshold whatever is scored afterwards; a different
  // normal series gives a different one (the threshold is computed from the normal data).
  manualSeed(2);
  const again = await ReconstructionDetector.fitCrossValidated(s, { folds: 4, epochs: 3, hidden: 8, latent: 2, smoothing: 1, falseAlarmRate: 0.1 });
  again.scores({ data: new Float64Array(30).fill(1e6), rows: 10, cols: 3 });
  assert.equal(again.threshold, det.threshold);
  await assert.rejects(ReconstructionDetector.fitCrossValidated(s, { folds: 1 }), /folds must be an integer/);
  // The threshold is the quantile of the kept out-of-fold scores (after the warm-up of window + 2/α rows).
  assert.equal(det.normalRawScores.length, 200);
  assert.equal(det.threshold, thresholdAtFalseAlarmRate(det.normalRawScores.subarray(3), 0.1));
  // Default 'floored' normalisation: no variable's divisor is below the median of the out-of-fold errors.
  const floor = Float64Array.from(det.errorScale).sort()[1]!;
  assert.ok(det.errorScale.every((e) => e >= floor), Array.from(det.errorScale).join(', '));
});

test('deep detector: pooled normalisation divides every variable by the same error; amplitudes are checked', async () => {
  const s = syntheticSeries(120).values;
  manualSeed(3);
  const det = await ReconstructionDetector.fitCrossValidated(s, { folds: 3, epochs: 2, hidden: 8, latent: 2, normalisation: 'pooled', amplitudes: [1, 1.5] });
  assert.ok(det.errorScale.every((e) => e === det.errorScale[0]));
  await assert.rejects(ReconstructionDetector.fitCrossValidated(s, { amplitudes: [] }), /amplitudes/);
  await assert.rejects(ReconstructionDetector.fitCrossValidated(s, { amplitudes: [1, -2] }), /amplitudes/);
});
