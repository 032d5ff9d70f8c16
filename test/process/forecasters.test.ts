import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed } from '../../src/core/random.js';
import { randn, tensor } from '../../src/tensor/ops/creation.js';
import { integratedGradients } from '../../src/process/attribution.js';
import { forecasterFactory, FORECASTER_NAMES } from '../../src/process/forecaster-factory.js';
import { persistenceForecast, RecursiveRidgeForecaster, RidgeLagForecaster } from '../../src/process/forecast-baselines.js';
import { Seq2SeqForecaster, TransformerEncoderDecoderForecaster } from '../../src/process/sequence-forecasters.js';
import { makeWindows } from '../../src/process/windows.js';

const shape = { lookback: 5, inputs: 3, horizon: 4, targets: 2, quantiles: [0.1, 0.5, 0.9] };

test('every forecaster maps [B, lookback, inputs] to [B, horizon·targets, quantiles] and trains end to end', () => {
  manualSeed(0);
  for (const name of FORECASTER_NAMES) {
    for (const bidirectional of name === 'lstm' || name === 'gru' ? [false, true] : [false]) {
      const model = forecasterFactory(name, { hidden: 8, bidirectional })(shape);
      const y = model.forward(randn([6, 5, 3]));
      assert.deepEqual(y.shape, [6, 8, 3], name);
      y.sum().backward();
      assert.ok(model.parameters().every((p) => p.grad !== null), `${name}: every parameter gets a gradient`);
    }
  }
  const s2s = new Seq2SeqForecaster(shape, { hidden: 8 });
  s2s.forward(randn([2, 5, 3]));
  const w = s2s.lastAttention!;
  assert.deepEqual(w.shape, [2, 4, 5]);
  const sums = w.sum(2).data();
  sums.forEach((v) => assert.ok(Math.abs(v - 1) < 1e-5, 'attention weights sum to 1 over the lags'));
});

test('transformer encoder–decoder: causal decoder — changing decoder input k changes outputs k… only', () => {
  manualSeed(4);
  const model = new TransformerEncoderDecoderForecaster(shape, { hidden: 8, heads: 2 });
  model.eval();
  assert.deepEqual(forecasterFactory('transformer-ed', { hidden: 8 })(shape).forward(randn([3, 5, 3])).shape, [3, 8, 3]);
  const x = randn([2, 5, 3]);
  const tgt = model.decoderInputs(x);
  assert.deepEqual(tgt.shape, [2, 4, 8]);
  const base = model.forward(x).data();
  assert.deepEqual(Array.from(model.forward(x, tgt).data()), Array.from(base), 'the default decoder input is decoderInputs(x)');
  const k = 2;
  const changed = tgt.data().slice();
  for (let b = 0; b < 2; b++) for (let d = 0; d < 8; d++) changed[(b * 4 + k) * 8 + d]! += 3;
  const out = model.forward(x, tensor(changed).reshape([2, 4, 8])).data();
  // Output layout [batch, horizon·targets, quantiles]: step s of window b at rows s·targets … s·targets + 1.
  const stepDiff = (b: number, s: number) => {
    let d = 0;
    for (let i = (b * 8 + s * 2) * 3; i < (b * 8 + s * 2 + 2) * 3; i++) d = Math.max(d, Math.abs(out[i]! - base[i]!));
    return d;
  };
  for (let b = 0; b < 2; b++) {
    for (let s = 0; s < k; s++) assert.equal(stepDiff(b, s), 0, `window ${b}, step ${s} before the changed input`);
    assert.ok(stepDiff(b, k) > 1e-4, `window ${b}, step ${k} sees its own decoder input`);
  }
  // The encoder sees the whole window: changing the oldest input row changes step 0.
  const x2 = x.data().slice();
  x2[0]! += 3;
  const moved = model.forward(tensor(x2).reshape([2, 5, 3])).data();
  assert.ok(Math.abs(moved[0]! - base[0]!) > 1e-5);
});

test('baselines: persistence repeats the last value; ridge recovers an exact linear lag relation', () => {
  const n = 60;
  const data = new Float64Array(n * 2);
  for (let r = 0; r < n; r++) {
    data[r * 2] = Math.sin(r / 3);
    data[r * 2 + 1] = r > 0 ? 2 * data[(r - 1) * 2]! : 0;
  }
  const m = { data, rows: n, cols: 2 };
  const y = { data: Float64Array.from({ length: n }, (_, r) => data[r * 2 + 1]!), rows: n, cols: 1 };
  const w = makeWindows(m, y, { lookback: 3, horizon: 1 });
  const p = persistenceForecast(w, [1]);
  assert.equal(p[0], Math.fround(data[2 * 2 + 1]!));
  const ridge = RidgeLagForecaster.fit(w, w, [1e-8]);
  const pred = ridge.predict(w);
  for (let i = 0; i < w.count; i++) assert.ok(Math.abs(pred[i]! - w.y[i]!) < 1e-4, `window ${i}`);
});

test('integrated gradients are complete: signed attributions sum to F(x) − F(0)', () => {
  manualSeed(2);
  const model = forecasterFactory('mlp', { hidden: 4 })({ lookback: 2, inputs: 2, horizon: 1, targets: 1, quantiles: [0.5] });
  model.eval();
  const x = { data: Float64Array.from([0.5, -1, 2, 0.25, 1, 1, -0.5, 0.3]), rows: 4, cols: 2 };
  const w = makeWindows(x, { data: new Float64Array(4), rows: 4, cols: 1 }, { lookback: 2, horizon: 1, offset: 0 });
  const ig = integratedGradients(model, w, { steps: 200, maxWindows: 1, signed: true });
  const f = (scale: number) => model.forward(tensor(Float32Array.from(w.x.subarray(0, 4), (v) => v * scale)).reshape([1, 2, 2])).item();
  const total = ig.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - (f(1) - f(0))) < 0.02 * Math.max(0.1, Math.abs(f(1) - f(0))), `Σ IG ${total} vs F(x) − F(0) ${f(1) - f(0)}`);
  const saliency = integratedGradients(model, w, { saliency: true, maxWindows: 1 });
  assert.equal(saliency.length, 4);
  assert.ok(saliency.every((v) => v >= 0));
});

test('recursive ridge iterates a one-step model: an exact AR(1) gives 0.9^h times the last value', () => {
  const n = 40;
  const data = new Float64Array(n);
  data[0] = 1;
  for (let r = 1; r < n; r++) data[r] = 0.9 * data[r - 1]!;
  const m = { data, rows: n, cols: 1 };
  const one = makeWindows(m, m, { lookback: 1, horizon: 1 });
  const rec = RecursiveRidgeForecaster.fit(one, one, [1e-10]);
  const w = makeWindows(m, m, { lookback: 1, horizon: 3 }, 0, 10);
  const p = rec.predict(w, 3);
  for (let h = 0; h < 3; h++) assert.ok(Math.abs(p[h]! - 0.9 ** (h + 1)) < 1e-3, `step ${h + 1}: ${p[h]}`);
});
