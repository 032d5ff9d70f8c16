import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/core/errors.js';
import { Generator, manualSeed } from '../../src/core/random.js';
import { DataLoader } from '../../src/data/dataloader.js';
import { TensorDataset } from '../../src/data/dataset.js';
import { Linear } from '../../src/nn/basic/linear.js';
import { Module } from '../../src/nn/module.js';
import { OneCycleLR } from '../../src/optim/oneCycleLR.js';
import { SGD } from '../../src/optim/sgd.js';
import { StepLR } from '../../src/optim/stepLR.js';
import { isGradEnabled } from '../../src/tensor/graph.js';
import { tensor } from '../../src/tensor/ops/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { Callback } from '../../src/train/callbacks/callback.js';
import { fit } from '../../src/train/fit.js';
import { NonFiniteLossError } from '../../src/train/non-finite-loss-error.js';

const mse = (p: Tensor, t: Tensor): Tensor => p.sub(t).square().mean();

/** Linear(2 → 1) in float64 with weight [w0, w1] and bias b. */
function linear2(w0: number, w1: number, b: number): Linear {
  const m = new Linear(2, 1).to('float64');
  m.loadStateDict({ weight: tensor([[w0, w1]], { dtype: 'float64' }), bias: tensor([b], { dtype: 'float64' }) });
  return m;
}

const X = [[1, 2], [3, -1], [0.5, 0.25], [-2, 1], [4, 0]];
const Y = [1, -2, 0.5, 3, 2];
const xs = (): Tensor => tensor(X, { dtype: 'float64' });
const ys = (): Tensor => tensor(Y.map((v) => [v]), { dtype: 'float64' });

/** Full-batch MSE and its gradient for the linear model, by hand. */
function handMse(w: number[], b: number): { loss: number; gw: number[]; gb: number } {
  let loss = 0;
  const gw = [0, 0];
  let gb = 0;
  X.forEach(([a, c], i) => {
    const r = w[0]! * a! + w[1]! * c! + b - Y[i]!;
    loss += r * r;
    gw[0]! += (2 * r * a!) / X.length;
    gw[1]! += (2 * r * c!) / X.length;
    gb += (2 * r) / X.length;
  });
  return { loss: loss / X.length, gw, gb };
}

test('one full-batch epoch of SGD takes the hand-computed gradient step', async () => {
  const model = linear2(0.5, -0.25, 0.1);
  const lr = 0.05;
  const { gw, gb } = handMse([0.5, -0.25], 0.1);
  await fit(model, { train: [xs(), ys()], loss: mse, optimizer: new SGD(model.parameters(), { lr }), epochs: 1, batchSize: 5, shuffle: false });
  const w = model.weight.data();
  assert.ok(Math.abs(w[0]! - (0.5 - lr * gw[0]!)) < 1e-12);
  assert.ok(Math.abs(w[1]! - (-0.25 - lr * gw[1]!)) < 1e-12);
  assert.ok(Math.abs(model.bias!.data()[0]! - (0.1 - lr * gb)) < 1e-12);
});

test('trainLoss is the sample-weighted mean of batch losses; valLoss and metrics use the val data', async () => {
  const model = linear2(0.5, -0.25, 0.1);
  // lr 0: the weights never move, so every batch loss is that of the same model.
  const metricCalls: number[][] = [];
  const history = await fit(model, {
    train: [xs(), ys()], val: [xs(), ys()], loss: mse, optimizer: new SGD(model.parameters(), { lr: 0 }),
    epochs: 2, batchSize: 2, shuffle: false,
    metrics: {
      maxAbs: (t, p) => {
        metricCalls.push([...t]);
        return Math.max(...Array.from(t, (v, i) => Math.abs(v - p[i]!)));
      },
    },
  });
  const { loss } = handMse([0.5, -0.25], 0.1);
  const maxAbs = Math.max(...X.map(([a, c], i) => Math.abs(0.5 * a! - 0.25 * c! + 0.1 - Y[i]!)));
  assert.equal(history.length, 2);
  for (const r of history.records) {
    assert.ok(Math.abs(r.trainLoss - loss) < 1e-12, `trainLoss ${r.trainLoss} vs ${loss}`);
    assert.ok(Math.abs(r.valLoss! - loss) < 1e-12);
    assert.ok(Math.abs(r.metrics['maxAbs']! - maxAbs) < 1e-12);
    assert.equal(r.lr, 0);
    assert.ok(r.seconds >= 0);
  }
  assert.deepEqual(history.epochs, [1, 2]);
  assert.deepEqual(metricCalls[0], Y);
});

class Probe extends Module {
  fc = new Linear(2, 1).to('float64');
  seen: { training: boolean; grad: boolean }[] = [];
  forward(x: Tensor): Tensor {
    this.seen.push({ training: this.training, grad: isGradEnabled() });
    return this.fc.forward(x);
  }
}

test('training runs in train mode with gradients, validation in eval mode without; the mode is restored', async () => {
  const model = new Probe();
  model.eval();
  await fit(model, { train: [xs(), ys()], val: [xs(), ys()], loss: mse, optimizer: new SGD(model.parameters(), { lr: 0.01 }), epochs: 1, batchSize: 5 });
  assert.deepEqual(model.seen, [{ training: true, grad: true }, { training: false, grad: false }]);
  assert.equal(model.training, false);
});

test('a NaN loss stops training with an error naming epoch and batch, before the step', async () => {
  const model = linear2(1, 1, 0);
  const x = tensor([[1, 1], [2, 2], [Number.NaN, 1], [1, 0]], { dtype: 'float64' });
  const y = tensor([[0], [0], [0], [0]], { dtype: 'float64' });
  const before = model.weight.data();
  let error: unknown;
  try {
    await fit(model, { train: [x, y], loss: mse, optimizer: new SGD(model.parameters(), { lr: 0 }), epochs: 3, batchSize: 2, shuffle: false });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof NonFiniteLossError);
  assert.equal(error.epoch, 1);
  assert.equal(error.batch, 1);
  assert.match(error.message, /NaN at epoch 1, batch 1/);
  assert.deepEqual(model.weight.data(), before);
});

test('an infinite loss is reported too, and a non-scalar loss is a ShapeError', async () => {
  const model = linear2(1, 1, 0);
  const opt = new SGD(model.parameters(), { lr: 0 });
  await assert.rejects(
    fit(model, { train: [xs(), ys()], loss: (p) => p.sum().div(0).abs(), optimizer: opt, epochs: 1, batchSize: 5 }),
    (e: unknown) => e instanceof NonFiniteLossError && e.value === Infinity && e.epoch === 1 && e.batch === 0,
  );
  await assert.rejects(fit(model, { train: [xs(), ys()], loss: (p, t) => p.sub(t), optimizer: opt, epochs: 1 }), ShapeError);
});

test('callbacks run their hooks in order (by `order`, then as given) and can stop training', async () => {
  const model = linear2(0, 0, 0);
  const events: string[] = [];
  const make = (name: string, order?: number): Callback => ({
    order,
    onTrainBegin: () => void events.push(`${name}:begin`),
    onEpochBegin: (e) => void events.push(`${name}:epoch${e}`),
    onBatchEnd: (l) => void events.push(`${name}:batch${l.epoch}.${l.batch}/${l.batches}`),
    onEpochEnd: (r, ctx) => {
      events.push(`${name}:end${r.epoch}`);
      if (name === 'a' && r.epoch === 2) ctx.requestStop('enough');
    },
    onTrainEnd: () => void events.push(`${name}:trainEnd`),
  });
  const history = await fit(model, {
    train: [xs(), ys()], loss: mse, optimizer: new SGD(model.parameters(), { lr: 0.01 }), epochs: 10, batchSize: 3, shuffle: false,
    callbacks: [make('late', 5), make('a'), make('b')],
  });
  assert.equal(history.length, 2);
  assert.equal(history.stopReason, 'enough');
  const epoch1 = ['a:epoch1', 'b:epoch1', 'late:epoch1', 'a:batch1.0/2', 'b:batch1.0/2', 'late:batch1.0/2', 'a:batch1.1/2', 'b:batch1.1/2', 'late:batch1.1/2', 'a:end1', 'b:end1', 'late:end1'];
  assert.deepEqual(events.slice(0, 3), ['a:begin', 'b:begin', 'late:begin']);
  assert.deepEqual(events.slice(3, 15), epoch1);
  assert.deepEqual(events.slice(-6), ['a:end2', 'b:end2', 'late:end2', 'a:trainEnd', 'b:trainEnd', 'late:trainEnd']);
});

test('ctx.checkpoint() is refused in the middle of an epoch', async () => {
  const model = linear2(0, 0, 0);
  await assert.rejects(
    fit(model, { train: [xs(), ys()], loss: mse, optimizer: new SGD(model.parameters(), { lr: 0.01 }), epochs: 1, callbacks: [{ onBatchEnd: (_l, ctx) => void ctx.checkpoint() }] }),
    /between epochs only/,
  );
});

test('an epoch scheduler steps once per epoch and the history records the lr used in each epoch', async () => {
  const model = linear2(0, 0, 0);
  const opt = new SGD(model.parameters(), { lr: 0.1 });
  const history = await fit(model, { train: [xs(), ys()], loss: mse, optimizer: opt, epochs: 5, batchSize: 2, scheduler: new StepLR(opt, { stepSize: 2, gamma: 0.5 }) });
  assert.deepEqual(history.lr, [0.1, 0.1, 0.05, 0.05, 0.025]);
});

test('OneCycleLR is stepped after every batch; a plateau scheduler gets the monitored value', async () => {
  const model = linear2(0, 0, 0);
  const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const sched = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 6 });
  await fit(model, { train: [xs(), ys()], loss: mse, optimizer: opt, epochs: 2, batchSize: 2, scheduler: sched });
  assert.equal(sched.lastEpoch, 6); // 3 batches × 2 epochs

  const seen: (number | undefined)[] = [];
  const plateau = { name: 'ReduceLROnPlateau', step: (m?: number) => void seen.push(m) };
  const model2 = linear2(0, 0, 0);
  const history = await fit(model2, {
    train: [xs(), ys()], val: [xs(), ys()], loss: mse, optimizer: new SGD(model2.parameters(), { lr: 0.01 }), epochs: 3, scheduler: plateau,
  });
  assert.deepEqual(seen, history.valLoss);
  const explicit: (number | undefined)[] = [];
  await fit(model2, {
    train: [xs(), ys()], loss: mse, optimizer: new SGD(model2.parameters(), { lr: 0.01 }), epochs: 2,
    scheduler: { scheduler: { step: (m?: number) => void explicit.push(m) }, monitor: 'trainLoss' },
  });
  assert.equal(explicit.length, 2);
  assert.ok(explicit.every((v) => typeof v === 'number' && v > 0));
});

test('clipGradNorm bounds the step: with SGD lr 1 the update has norm maxNorm', async () => {
  const model = linear2(100, -100, 50);
  const before = [...model.weight.data(), ...model.bias!.data()];
  await fit(model, { train: [xs(), ys()], loss: mse, optimizer: new SGD(model.parameters(), { lr: 1 }), epochs: 1, batchSize: 5, clipGradNorm: 0.5 });
  const after = [...model.weight.data(), ...model.bias!.data()];
  const norm = Math.hypot(...after.map((v, i) => v - before[i]!));
  // The gradient's norm is in the thousands, so the step is scaled to 0.5 / (‖g‖ + 1e-6) · ‖g‖ ≈ 0.5.
  assert.ok(Math.abs(norm - 0.5) < 1e-6, `step norm ${norm}`);
});

test('fit accepts a DataLoader and a Dataset, and shuffles with the given generator', async () => {
  const orders: number[][] = [];
  const recorder = (): Callback => ({ onBatchEnd: (l) => void orders.push([l.batch, l.size]) });
  const model = linear2(0, 0, 0);
  const loader = new DataLoader(new TensorDataset(xs(), ys()), { batchSize: 4 });
  await fit(model, { train: loader, loss: mse, optimizer: new SGD(model.parameters(), { lr: 0.01 }), epochs: 1, callbacks: [recorder()] });
  assert.deepEqual(orders, [[0, 4], [1, 1]]);
  await fit(model, { train: new TensorDataset(xs(), ys()), loss: mse, optimizer: new SGD(model.parameters(), { lr: 0.01 }), epochs: 1, batchSize: 5 });

  // Same generator seed ⇒ same shuffled batches ⇒ same weights; another seed ⇒ different weights.
  const run = async (seed: number): Promise<number[]> => {
    const m = linear2(0.3, 0.2, 0.1);
    await fit(m, { train: [xs(), ys()], loss: mse, optimizer: new SGD(m.parameters(), { lr: 0.05 }), epochs: 2, batchSize: 2, generator: new Generator(seed) });
    return [...m.weight.data()];
  };
  assert.deepEqual(await run(1), await run(1));
  assert.notDeepEqual(await run(1), await run(2));
});

test('fit rejects contradictory or incomplete options with clear errors', async () => {
  manualSeed(0);
  const model = linear2(0, 0, 0);
  const optimizer = new SGD(model.parameters(), { lr: 0.01 });
  const loader = new DataLoader(new TensorDataset(xs(), ys()), { batchSize: 2 });
  await assert.rejects(fit(model, { train: loader, loss: mse, optimizer, epochs: 1, batchSize: 8 }), /a DataLoader brings its own/);
  await assert.rejects(fit(model, { train: [xs(), ys()], loss: mse, optimizer, epochs: 1, metrics: { m: () => 0 } }), /pass val data/);
  await assert.rejects(fit(model, { train: [xs()], loss: mse, optimizer, epochs: 1 }), ValueError);
  await assert.rejects(fit(model, { train: [xs(), tensor([[1]], { dtype: 'float64' })], loss: mse, optimizer, epochs: 1 }), ShapeError);
  await assert.rejects(fit(model, { train: [xs(), ys()], loss: mse, optimizer, epochs: 1.5 }), /epochs must be a non-negative integer/);
  class TwoOutputs extends Module {
    fc = new Linear(2, 1).to('float64');
    forward(x: Tensor): Tensor {
      return [this.fc.forward(x), x] as unknown as Tensor;
    }
  }
  const two = new TwoOutputs();
  await assert.rejects(fit(two, { train: [xs(), ys()], loss: mse, optimizer: new SGD(two.parameters(), { lr: 0.1 }), epochs: 1 }), /model.forward must return a tensor \(train batch 0 of epoch 1\)/);
});
