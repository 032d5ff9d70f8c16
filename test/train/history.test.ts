import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History, monitorValue, resolveMode } from '../../src/train/history.js';

function sample(): History {
  const h = new History();
  h.push({ epoch: 1, trainLoss: 0.9, valLoss: 1.0, lr: 0.1, metrics: { r2: 0.2, mae: 0.5 }, seconds: 1 });
  h.push({ epoch: 2, trainLoss: 0.5, valLoss: 0.7, lr: 0.1, metrics: { r2: 0.6, mae: 0.3 }, seconds: 1 });
  h.push({ epoch: 3, trainLoss: 0.4, valLoss: 0.7, lr: 0.05, metrics: { r2: 0.55, mae: 0.35 }, seconds: 1 });
  h.push({ epoch: 4, trainLoss: 0.3, valLoss: 0.8, lr: 0.05, metrics: { r2: 0.5, mae: 0.4 }, seconds: 2 });
  return h;
}

test('History exposes per-epoch series', () => {
  const h = sample();
  assert.deepEqual(h.epochs, [1, 2, 3, 4]);
  assert.deepEqual(h.trainLoss, [0.9, 0.5, 0.4, 0.3]);
  assert.deepEqual(h.valLoss, [1.0, 0.7, 0.7, 0.8]);
  assert.deepEqual(h.lr, [0.1, 0.1, 0.05, 0.05]);
  assert.deepEqual(h.values('mae'), [0.5, 0.3, 0.35, 0.4]);
  assert.deepEqual(h.values('nope').map(Number.isNaN), [true, true, true, true]);
  assert.equal(h.last?.epoch, 4);
});

test('best() picks the direction from the name, breaks ties by the earliest epoch, skips non-finite values', () => {
  const h = sample();
  assert.deepEqual(h.best(), { epoch: 2, value: 0.7 }); // valLoss 0.7 at epochs 2 and 3
  assert.deepEqual(h.best('r2'), { epoch: 2, value: 0.6 });
  assert.deepEqual(h.best('mae'), { epoch: 2, value: 0.3 });
  assert.deepEqual(h.best('trainLoss', 'max'), { epoch: 1, value: 0.9 });
  assert.equal(h.best('missing'), undefined);
  const g = new History();
  g.push({ epoch: 1, trainLoss: Number.NaN, metrics: {}, seconds: 0 });
  g.push({ epoch: 2, trainLoss: 3, metrics: {}, seconds: 0 });
  assert.deepEqual(g.best('trainLoss'), { epoch: 2, value: 3 });
  assert.equal(g.best('valLoss'), undefined);
});

test('resolveMode: max for scores, min for errors and losses', () => {
  for (const m of ['r2', 'valR2', 'accuracy', 'acc', 'rocAuc', 'f1', 'precision', 'recall', 'averagePrecision']) assert.equal(resolveMode(m), 'max', m);
  for (const m of ['valLoss', 'trainLoss', 'mae', 'rmse', 'mape', 'maxError']) assert.equal(resolveMode(m), 'min', m);
  assert.equal(resolveMode('r2', 'min'), 'min');
  assert.throws(() => resolveMode('x', 'up' as 'min'), /mode must be/);
});

test('monitorValue reads fields and metrics, undefined when absent', () => {
  const r = { epoch: 1, trainLoss: 2, metrics: { mae: 3 }, seconds: 4 };
  assert.equal(monitorValue(r, 'trainLoss'), 2);
  assert.equal(monitorValue(r, 'mae'), 3);
  assert.equal(monitorValue(r, 'valLoss'), undefined);
  assert.equal(monitorValue(r, 'toString'), undefined);
});

test('push demands consecutive epochs; JSON round trip keeps everything and validates', () => {
  const h = sample();
  assert.throws(() => h.push({ epoch: 6, trainLoss: 1, metrics: {}, seconds: 0 }), /expected epoch 5/);
  h.stopReason = 'EarlyStopping: done';
  const back = History.fromJSON(JSON.parse(JSON.stringify(h.toJSON())));
  assert.deepEqual(back.records, h.records);
  assert.equal(back.stopReason, 'EarlyStopping: done');
  // A resumed history may start at any epoch.
  const resumed = new History();
  resumed.push({ epoch: 4, trainLoss: 1, metrics: {}, seconds: 0 });
  assert.equal(resumed.length, 1);
  assert.throws(() => History.fromJSON({ records: [{ epoch: 1, trainLoss: 'x', metrics: {}, seconds: 0 }] }), /records\[0\]\.trainLoss must be a number/);
  assert.throws(() => History.fromJSON({ records: [{ epoch: 1, trainLoss: 1, metrics: { a: '1' }, seconds: 0 }] }), /metrics\.a must be a number/);
  assert.throws(() => History.fromJSON({}), /"records" array/);
});
