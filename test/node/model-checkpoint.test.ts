import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linear } from '../../src/nn/basic/linear.js';
import { loadCheckpointSync } from '../../src/node/checkpoint-file.js';
import { ModelCheckpoint } from '../../src/node/model-checkpoint.js';
import { loadSafetensors } from '../../src/node/safetensors-file.js';
import { SGD } from '../../src/optim/sgd.js';
import { tensor } from '../../src/tensor/ops/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { fit } from '../../src/train/fit.js';

const mse = (p: Tensor, t: Tensor): Tensor => p.sub(t).square().mean();
const x = tensor([[0], [1], [2], [3]]);
const y = tensor([[1], [3], [5], [7]]);

function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-ckpt-'));
  return body(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('every-epoch full checkpoints with an {epoch:N} template hold that epoch\'s weights and state', () =>
  withDir(async (dir) => {
    const model = new Linear(1, 1);
    const weights = new Map<number, number[]>();
    const saver = new ModelCheckpoint(join(dir, 'run', 'ckpt-{epoch:2}.safetensors'));
    await fit(model, {
      train: [x, y], loss: mse, optimizer: new SGD(model.parameters(), { lr: 0.05 }), epochs: 3, batchSize: 4,
      callbacks: [saver, { onEpochEnd: (r, ctx) => void weights.set(r.epoch, [...ctx.model.stateDict()['weight']!.data()]) }],
    });
    assert.deepEqual(readdirSync(join(dir, 'run')).sort(), ['ckpt-01.safetensors', 'ckpt-02.safetensors', 'ckpt-03.safetensors']);
    for (const epoch of [1, 2, 3]) {
      const ckpt = loadCheckpointSync(join(dir, 'run', `ckpt-0${epoch}.safetensors`));
      assert.equal(ckpt.epoch, epoch);
      assert.deepEqual([...ckpt.model['weight']!.data()], weights.get(epoch));
      assert.equal(ckpt.history?.records.length, epoch);
      assert.ok(ckpt.optimizer !== undefined && ckpt.rng?.['default'] !== undefined);
    }
    assert.equal(saver.lastSaved, join(dir, 'run', 'ckpt-03.safetensors'));
    assert.equal(saver.fileFor(7), join(dir, 'run', 'ckpt-07.safetensors'));
  }));

test('saveBestOnly writes only on improvement; weightsOnly writes a plain state dict', () =>
  withDir(async (dir) => {
    const model = new Linear(1, 1);
    const best = new ModelCheckpoint(join(dir, 'best-{epoch}.safetensors'), { saveBestOnly: true, weightsOnly: true });
    const valLosses = [0.5, 0.7, 0.3, 0.4];
    const weightsAt = new Map<number, number[]>();
    const ctx = {
      model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 4, startEpoch: 0, batchesPerEpoch: 1, hasValidation: true,
      history: undefined as never, stopRequested: false, requestStop: () => undefined, checkpoint: () => { throw new Error('weightsOnly must not take a full checkpoint'); },
    };
    best.onTrainBegin();
    for (let i = 0; i < valLosses.length; i++) {
      model.loadStateDict({ weight: tensor([[i + 1]]), bias: tensor([-i]) });
      weightsAt.set(i + 1, [i + 1, -i]);
      await best.onEpochEnd({ epoch: i + 1, trainLoss: 1, valLoss: valLosses[i]!, metrics: {}, seconds: 0 }, ctx);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['best-1.safetensors', 'best-3.safetensors']);
    const saved = loadSafetensors(join(dir, 'best-3.safetensors'));
    assert.deepEqual(Object.keys(saved).sort(), ['bias', 'weight']);
    assert.deepEqual([...saved['weight']!.data(), ...saved['bias']!.data()], weightsAt.get(3));
    assert.deepEqual(best.stateDict(), { best: 0.3, bestEpoch: 3 });
    assert.equal(best.order, 90);
    await assert.rejects(best.onEpochEnd({ epoch: 5, trainLoss: 1, metrics: {}, seconds: 0 }, ctx), /"valLoss" is not in epoch 5's record/);
  }));

test('ModelCheckpoint state survives a resume; a fresh run starts over', () => {
  const a = new ModelCheckpoint('x.safetensors', { saveBestOnly: true, monitor: 'r2' });
  assert.equal(a.mode, 'max');
  const b = new ModelCheckpoint('x.safetensors', { saveBestOnly: true, monitor: 'r2' });
  b.loadStateDict({ best: 0.8, bestEpoch: 4 });
  b.onTrainBegin();
  assert.deepEqual(b.stateDict(), { best: 0.8, bestEpoch: 4 });
  b.onTrainBegin();
  assert.deepEqual(b.stateDict(), { best: -Infinity, bestEpoch: 0 });
  assert.throws(() => b.loadStateDict({}), /expected \{ best: number, bestEpoch: number \}/);
  assert.ok(!existsSync('x.safetensors'));
});
