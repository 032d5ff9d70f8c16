import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Linear } from '../../src/nn/basic/linear.js';
import type { Module } from '../../src/nn/module.js';
import { SGD } from '../../src/optim/sgd.js';
import { tensor } from '../../src/tensor/ops/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { TrainContext } from '../../src/train/callbacks/callback.js';
import { callbackKeys } from '../../src/train/callbacks/callback.js';
import { EarlyStopping } from '../../src/train/callbacks/early-stopping.js';
import { SchedulerCallback } from '../../src/train/callbacks/scheduler-callback.js';
import { fit } from '../../src/train/fit.js';
import { History, type EpochRecord } from '../../src/train/history.js';

/** A context for calling callbacks by hand: records stop requests. */
function fakeContext(model: Module, hasValidation = true): TrainContext & { stops: string[] } {
  const stops: string[] = [];
  const history = new History();
  return {
    model,
    optimizer: new SGD(model.parameters(), { lr: 0.1 }),
    epochs: 100,
    startEpoch: 0,
    batchesPerEpoch: 1,
    hasValidation,
    history,
    get stopRequested() {
      return stops.length > 0;
    },
    requestStop(reason: string) {
      stops.push(reason);
      history.stopReason ??= reason;
    },
    checkpoint() {
      throw new Error('not used');
    },
    stops,
  };
}

const rec = (epoch: number, valLoss: number, metrics: Record<string, number> = {}): EpochRecord => ({ epoch, trainLoss: 1, valLoss, metrics, seconds: 0 });

/** Feeds values to a fresh EarlyStopping; returns the epoch at which it asked to stop (0 if never). */
function stopEpoch(es: EarlyStopping, values: number[], metric?: string): number {
  const ctx = fakeContext(new Linear(1, 1));
  es.onTrainBegin();
  for (let i = 0; i < values.length; i++) {
    es.onEpochEnd(metric === undefined ? rec(i + 1, values[i]!) : rec(i + 1, 0, { [metric]: values[i]! }), ctx);
    if (ctx.stops.length > 0) return i + 1;
  }
  return 0;
}

test('EarlyStopping stops after `patience` epochs without improvement', () => {
  // best 0.5 at epoch 2; epochs 3, 4, 5 do not improve → with patience 3, stop at epoch 5.
  assert.equal(stopEpoch(new EarlyStopping({ patience: 3 }), [1, 0.5, 0.6, 0.5, 0.7, 0.1]), 5);
  // patience 0: the first epoch without improvement stops.
  assert.equal(stopEpoch(new EarlyStopping(), [1, 0.9, 0.95]), 3);
  // improvements reset the wait count.
  assert.equal(stopEpoch(new EarlyStopping({ patience: 2 }), [1, 1.1, 0.9, 1.2, 0.8, 0.9, 0.85]), 7);
  // never stops while improving.
  assert.equal(stopEpoch(new EarlyStopping({ patience: 1 }), [5, 4, 3, 2, 1]), 0);
});

test('EarlyStopping: minDelta sets the least improvement; mode max and auto for r2', () => {
  // minDelta 0.1: 0.95 and 0.91 are not improvements on 1.0; 0.85 is.
  const es = new EarlyStopping({ patience: 2, minDelta: 0.1 });
  assert.equal(stopEpoch(es, [1, 0.95, 0.85, 0.8, 0.76]), 5);
  assert.equal(es.best, 0.85);
  assert.equal(es.bestEpoch, 3);
  const r2 = new EarlyStopping({ monitor: 'r2', patience: 1 });
  assert.equal(r2.mode, 'max');
  assert.equal(stopEpoch(r2, [0.1, 0.5, 0.4], 'r2'), 3);
  assert.equal(r2.best, 0.5);
  const forcedMin = new EarlyStopping({ monitor: 'r2', mode: 'min', patience: 0 });
  assert.equal(stopEpoch(forcedMin, [0.5, 0.6], 'r2'), 2);
});

test('EarlyStopping: NaN never improves; a missing monitor is an error naming what is available', () => {
  assert.equal(stopEpoch(new EarlyStopping({ patience: 1 }), [1, Number.NaN]), 2);
  const es = new EarlyStopping({ monitor: 'mae' });
  es.onTrainBegin();
  assert.throws(() => es.onEpochEnd(rec(1, 0.5, { r2: 0.3 }), fakeContext(new Linear(1, 1))), /"mae" is not in epoch 1's record \(available: trainLoss, valLoss, r2\)/);
});

function setWeight(m: Linear, w: number, b: number): void {
  m.loadStateDict({ weight: tensor([[w]]), bias: tensor([b]) });
}

test('EarlyStopping restoreBestWeights loads the best epoch\'s weights at the end of training', () => {
  const model = new Linear(1, 1);
  const ctx = fakeContext(model);
  const es = new EarlyStopping({ patience: 5, restoreBestWeights: true });
  es.onTrainBegin();
  const losses = [0.9, 0.4, 0.6, 0.7];
  losses.forEach((loss, i) => {
    setWeight(model, i + 1, -(i + 1)); // the weights "after epoch i + 1"
    es.onEpochEnd(rec(i + 1, loss), ctx);
  });
  assert.equal(model.weight.data()[0], 4);
  es.onTrainEnd(ctx);
  assert.deepEqual([...model.weight.data(), ...model.bias!.data()], [2, -2]); // epoch 2 had the lowest loss
  // Later changes to the model do not alter the kept copy.
  setWeight(model, 9, 9);
  es.onTrainEnd(ctx);
  assert.deepEqual([...model.weight.data()], [2]);
});

test('EarlyStopping with restoreBestWeights inside fit ends with the best epoch\'s weights', async () => {
  const x = tensor([[0], [1], [2], [3]]);
  const y = tensor([[1], [3], [5], [7]]);
  const xv = tensor([[4], [5]]);
  const yv = tensor([[8], [12]]); // noisy validation target: the val loss is not monotone along the path
  const model = new Linear(1, 1);
  setWeight(model, 0, 0);
  const snapshots = new Map<number, number[]>();
  const es = new EarlyStopping({ patience: 100, restoreBestWeights: true });
  const history = await fit(model, {
    train: [x, y], val: [xv, yv], loss: (p: Tensor, t: Tensor) => p.sub(t).square().mean(),
    optimizer: new SGD(model.parameters(), { lr: 0.02, momentum: 0.9 }), epochs: 12, batchSize: 4, shuffle: false,
    callbacks: [es, { onEpochEnd: (r, ctx) => void snapshots.set(r.epoch, [...ctx.model.stateDict()['weight']!.data()]) }],
  });
  const best = history.best('valLoss')!;
  assert.ok(best.epoch < 12, 'the best epoch should not be the last for this test to mean anything');
  assert.equal(es.bestEpoch, best.epoch);
  assert.deepEqual([...model.weight.data()], snapshots.get(best.epoch));
  assert.notDeepEqual(snapshots.get(12), snapshots.get(best.epoch));
});

test('EarlyStopping state round-trips and a restored state is not reset by onTrainBegin', () => {
  const model = new Linear(1, 1);
  const ctx = fakeContext(model);
  const a = new EarlyStopping({ patience: 3, restoreBestWeights: true });
  a.onTrainBegin();
  setWeight(model, 7, 1);
  a.onEpochEnd(rec(1, 0.5), ctx);
  a.onEpochEnd(rec(2, 0.6), ctx);
  const b = new EarlyStopping({ patience: 3, restoreBestWeights: true });
  b.loadStateDict(a.stateDict());
  b.onTrainBegin();
  assert.deepEqual([b.best, b.bestEpoch, b.wait], [0.5, 1, 1]);
  b.onEpochEnd(rec(3, 0.7), ctx);
  assert.equal(ctx.stops.length, 0);
  b.onEpochEnd(rec(4, 0.7), ctx);
  assert.equal(ctx.stops.length, 1); // wait reached 3 over epochs 2–4
  setWeight(model, 0, 0);
  b.onTrainEnd(ctx);
  assert.deepEqual([...model.weight.data()], [7]);
  // A fresh run (no restore) starts over.
  b.onTrainBegin();
  assert.deepEqual([b.best, b.bestEpoch, b.wait], [Infinity, 0, 0]);
  assert.throws(() => b.loadStateDict({ best: 'x' }), /"best" must be a number/);
});

test('SchedulerCallback steps per epoch, per batch, or with the monitored value', () => {
  const calls: (number | undefined)[] = [];
  const scheduler = { step: (m?: number) => void calls.push(m), stateDict: () => ({ n: calls.length }), loadStateDict: () => undefined };
  const ctx = fakeContext(new Linear(1, 1));
  const perEpoch = new SchedulerCallback(scheduler);
  perEpoch.onTrainBegin(ctx);
  perEpoch.onBatchEnd({ epoch: 1, batch: 0, batches: 1, size: 1, loss: 1 });
  perEpoch.onEpochEnd(rec(1, 0.3));
  assert.deepEqual(calls, [undefined]);
  const perBatch = new SchedulerCallback(scheduler, { interval: 'batch' });
  perBatch.onTrainBegin(ctx);
  perBatch.onBatchEnd({ epoch: 1, batch: 0, batches: 1, size: 1, loss: 1 });
  perBatch.onEpochEnd(rec(1, 0.3));
  assert.deepEqual(calls, [undefined, undefined]);
  const plateau = new SchedulerCallback({ ...scheduler, name: 'ReduceLROnPlateau' });
  plateau.onTrainBegin(ctx);
  plateau.onEpochEnd(rec(1, 0.3));
  assert.equal(plateau.monitor, 'valLoss');
  const noVal = new SchedulerCallback({ ...scheduler, name: 'ReduceLROnPlateau' });
  noVal.onTrainBegin(fakeContext(new Linear(1, 1), false));
  assert.equal(noVal.monitor, 'trainLoss');
  const onMetric = new SchedulerCallback(scheduler, { monitor: 'mae' });
  onMetric.onTrainBegin(ctx);
  onMetric.onEpochEnd(rec(1, 0.3, { mae: 0.25 }));
  assert.deepEqual(calls, [undefined, undefined, 0.3, 0.25]);
  assert.throws(() => onMetric.onEpochEnd(rec(2, 0.3)), /"mae" .* is not in epoch 2's record/);
  assert.deepEqual(onMetric.stateDict(), { n: 4 });
  assert.equal(new SchedulerCallback({ ...scheduler, name: 'OneCycleLR' }).interval, 'batch');
  assert.throws(() => new SchedulerCallback(scheduler, { interval: 'batch', monitor: 'valLoss' }), /needs interval 'epoch'/);
});

test('callbackKeys names callbacks by class, numbering repeats', () => {
  assert.deepEqual(callbackKeys([new EarlyStopping(), {}, new EarlyStopping(), { stateKey: 'mine' }, {}]), ['EarlyStopping', 'Callback', 'EarlyStopping#2', 'mine', 'Callback#2']);
});
