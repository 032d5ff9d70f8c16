import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, manualSeed } from '../../src/core/random.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../src/io/checkpoint.js';
import { ReLU } from '../../src/nn/basic/activation.js';
import { Dropout } from '../../src/nn/basic/dropout.js';
import { Linear } from '../../src/nn/basic/linear.js';
import { Sequential } from '../../src/nn/basic/sequential.js';
import { Adam } from '../../src/optim/adam.js';
import { StepLR } from '../../src/optim/stepLR.js';
import { randn } from '../../src/tensor/ops/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { Callback } from '../../src/train/callbacks/callback.js';
import { EarlyStopping } from '../../src/train/callbacks/early-stopping.js';
import { fit, type FitOptions } from '../../src/train/fit.js';
import type { History } from '../../src/train/history.js';
import { mae } from '../../src/train/metrics/mae.js';

const mse = (p: Tensor, t: Tensor): Tensor => p.sub(t).square().mean();

/** The bytes of every tensor of a state dict, concatenated in key order. */
function weightBytes(state: Record<string, Tensor>): Buffer {
  return Buffer.concat(Object.keys(state).sort().map((k) => Buffer.from((state[k]!.data() as Float32Array).buffer)));
}

interface Run {
  model: Sequential;
  options: FitOptions;
  snapshots: Map<number, Buffer>;
  early: EarlyStopping;
}

/**
 * A small regression run whose result depends on every piece of state: dropout (default generator), shuffling
 * (its own generator), Adam's moments, a StepLR schedule and EarlyStopping with restoreBestWeights.
 */
function makeRun(epochs: number, extra: Callback[] = []): Run {
  manualSeed(2024);
  const data = new Generator(99);
  const x = randn([48, 4], { generator: data });
  const y = x.matmul(randn([4, 1], { generator: data })).add(randn([48, 1], { generator: data }).mul(0.1));
  const xv = randn([16, 4], { generator: data });
  const yv = xv.matmul(randn([4, 1], { generator: data }));
  const model = new Sequential(new Linear(4, 16), new ReLU(), new Dropout(0.3), new Linear(16, 1));
  const optimizer = new Adam(model.parameters(), { lr: 0.02 });
  const snapshots = new Map<number, Buffer>();
  const early = new EarlyStopping({ patience: 50, restoreBestWeights: true });
  const snapshot: Callback = { order: 50, onEpochEnd: (r, ctx) => void snapshots.set(r.epoch, weightBytes(ctx.model.stateDict())) };
  const options: FitOptions = {
    train: [x, y], val: [xv, yv], loss: mse, optimizer, epochs, batchSize: 10,
    generator: new Generator(7), scheduler: new StepLR(optimizer, { stepSize: 2, gamma: 0.7 }),
    metrics: { mae }, callbacks: [early, snapshot, ...extra],
  };
  return { model, options, snapshots, early };
}

function comparable(h: History): unknown[] {
  return h.records.map(({ seconds: _s, ...rest }) => rest);
}

test('a run checkpointed after epoch 3 and resumed with fresh objects ends bit-identical to an uninterrupted run', async () => {
  const full = makeRun(6);
  const fullHistory = await fit(full.model, full.options);

  let bytes: Uint8Array | undefined;
  const saver: Callback = { order: 100, onEpochEnd: (r, ctx) => void (r.epoch === 3 && (bytes = encodeCheckpoint(ctx.checkpoint()))) };
  const first = makeRun(3, [saver]);
  await fit(first.model, first.options);
  assert.ok(bytes !== undefined);

  manualSeed(5); // disturb the global generator: the checkpoint must restore it
  const second = makeRun(6);
  const resumedHistory = await fit(second.model, { ...second.options, resume: decodeCheckpoint(bytes, 'epoch3') });

  for (const epoch of [4, 5, 6]) {
    assert.ok(second.snapshots.get(epoch)!.equals(full.snapshots.get(epoch)!), `weights after epoch ${epoch} differ`);
  }
  assert.equal(full.early.bestEpoch, second.early.bestEpoch);
  assert.ok(weightBytes(second.model.stateDict()).equals(weightBytes(full.model.stateDict())), 'final (restored best) weights differ');
  assert.deepEqual(comparable(resumedHistory), comparable(fullHistory));
  assert.deepEqual(resumedHistory.epochs, [1, 2, 3, 4, 5, 6]);
  assert.ok(!second.snapshots.has(3), 'the resumed run must not repeat epoch 3');
});

test('without the generator states the resumed run differs (the comparison can fail)', async () => {
  const full = makeRun(5);
  await fit(full.model, full.options);
  let ckpt: Checkpoint | undefined;
  const first = makeRun(2, [{ order: 100, onEpochEnd: (r, ctx) => void (r.epoch === 2 && (ckpt = ctx.checkpoint())) }]);
  await fit(first.model, first.options);
  ckpt!.rng!['default'] = new Generator(31337).getState();
  const second = makeRun(5);
  await fit(second.model, { ...second.options, resume: ckpt! });
  assert.ok(!second.snapshots.get(5)!.equals(full.snapshots.get(5)!));
});

test('resuming a run that was stopped early trains no further and ends like it', async () => {
  let ckpt: Checkpoint | undefined;
  const stopper: Callback = { onEpochEnd: (r, ctx) => void (r.epoch === 2 && ctx.requestStop('test stop')) };
  const saver: Callback = { order: 100, onEpochEnd: (_r, ctx) => void (ckpt = ctx.checkpoint()) };
  const first = makeRun(10, [stopper, saver]);
  const h1 = await fit(first.model, first.options);
  assert.equal(h1.length, 2);
  const second = makeRun(10, [stopper]);
  const h2 = await fit(second.model, { ...second.options, resume: decodeCheckpoint(encodeCheckpoint(ckpt!)) });
  assert.equal(h2.length, 2);
  assert.equal(h2.stopReason, 'test stop');
  assert.equal(second.snapshots.size, 0);
  assert.ok(weightBytes(second.model.stateDict()).equals(weightBytes(first.model.stateDict())));
});

test('resume refuses a checkpoint that does not fit the run', async () => {
  let ckpt: Checkpoint | undefined;
  const first = makeRun(1, [{ order: 100, onEpochEnd: (_r, ctx) => void (ckpt = ctx.checkpoint()) }]);
  await fit(first.model, first.options);
  const run = makeRun(3);
  await assert.rejects(fit(run.model, { ...run.options, callbacks: [], resume: ckpt! }), /callback "EarlyStopping", which this run does not have/);
  const run2 = makeRun(3);
  const { scheduler: _s, ...noScheduler } = run2.options;
  await assert.rejects(fit(run2.model, { ...noScheduler, resume: ckpt! }), /holds scheduler state but no scheduler was given/);
  const run3 = makeRun(3);
  await assert.rejects(fit(run3.model, { ...run3.options, generators: { extra: new Generator(1) }, resume: ckpt! }), /no state for generator "extra"/);
  const run4 = makeRun(3);
  await assert.rejects(fit(run4.model, { ...run4.options, startEpoch: 2, resume: ckpt! }), /contradicts the checkpoint's epoch 1/);
  const wrongModel = makeRun(3);
  await assert.rejects(fit(new Sequential(new Linear(4, 2)), { ...wrongModel.options, resume: ckpt! }), /loadStateDict/);
});
