import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Linear } from '../../src/nn/basic/linear.js';
import { epochSummary, formatMetric, isCI, ProgressBar, type ProgressStream } from '../../src/node/progress.js';
import { SGD } from '../../src/optim/sgd.js';
import type { TrainContext } from '../../src/train/callbacks/callback.js';
import { History, type EpochRecord } from '../../src/train/history.js';

function stream(isTTY: boolean, columns?: number): ProgressStream & { text: string } {
  return {
    isTTY,
    columns,
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

function context(history = new History()): TrainContext {
  const model = new Linear(1, 1);
  return {
    model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 3, startEpoch: 0, batchesPerEpoch: 4, hasValidation: true,
    history, stopRequested: false, requestStop: () => undefined, checkpoint: () => { throw new Error('unused'); },
  };
}

const record: EpochRecord = { epoch: 1, trainLoss: 0.5, valLoss: 0.25, lr: 0.001, metrics: { mae: 0.125 }, seconds: 1.5 };

test('formatMetric keeps four significant digits and switches to exponents at the extremes', () => {
  assert.equal(formatMetric(0.1234567), '0.1235');
  assert.equal(formatMetric(12.5), '12.5');
  assert.equal(formatMetric(0), '0');
  assert.equal(formatMetric(0.000123456), '1.235e-4');
  assert.equal(formatMetric(123456), '1.235e+5');
  assert.equal(formatMetric(Number.NaN), 'NaN');
  assert.equal(formatMetric(undefined), '–');
});

test('epochSummary lists losses, metrics, lr and time', () => {
  assert.equal(epochSummary(record, 3), 'Epoch 1/3 · trainLoss 0.5 · valLoss 0.25 · mae 0.125 · lr 0.001 · 1.50s');
  assert.equal(epochSummary({ epoch: 2, trainLoss: 2, metrics: {}, seconds: 0.004 }, 9), 'Epoch 2/9 · trainLoss 2 · 0.00s');
});

test('auto mode: live on a TTY, one line per epoch without a TTY or on CI, or silent if asked', () => {
  assert.equal(new ProgressBar({ stream: stream(true), env: {} }).mode, 'live');
  assert.equal(new ProgressBar({ stream: stream(true), env: { CI: 'true' } }).mode, 'epochs');
  assert.equal(new ProgressBar({ stream: stream(true), env: { CI: 'false' } }).mode, 'live');
  assert.equal(new ProgressBar({ stream: stream(false), env: {} }).mode, 'epochs');
  assert.equal(new ProgressBar({ stream: stream(false), env: {}, whenNotTTY: 'silent' }).mode, 'silent');
  assert.equal(new ProgressBar({ stream: stream(true), env: { CI: '1' }, whenNotTTY: 'silent' }).mode, 'silent');
  assert.equal(isCI({ CI: '' }), false);
  assert.throws(() => new ProgressBar({ mode: 'fancy' as 'live' }), /unknown mode/);
});

test('epochs mode writes exactly one summary line per epoch and nothing per batch', () => {
  const out = stream(false);
  const bar = new ProgressBar({ stream: out, env: {} });
  const ctx = context();
  bar.onTrainBegin(ctx);
  bar.onEpochBegin(1, ctx);
  for (let b = 0; b < 4; b++) bar.onBatchEnd({ epoch: 1, batch: b, batches: 4, size: 2, loss: 1 }, ctx);
  bar.onEpochEnd(record, ctx);
  bar.onTrainEnd(ctx);
  assert.equal(out.text, 'Epoch 1/3 · trainLoss 0.5 · valLoss 0.25 · mae 0.125 · lr 0.001 · 1.50s\n');
});

test('live mode redraws a bar with the running mean loss in place, then prints the summary', () => {
  const out = stream(true);
  const bar = new ProgressBar({ stream: out, env: {}, width: 4, intervalMs: 0 });
  const ctx = context();
  bar.onTrainBegin(ctx);
  bar.onEpochBegin(1, ctx);
  bar.onBatchEnd({ epoch: 1, batch: 0, batches: 4, size: 2, loss: 1 }, ctx);
  bar.onBatchEnd({ epoch: 1, batch: 1, batches: 4, size: 1, loss: 4 }, ctx);
  const frames = out.text.split('\r\x1b[2K').filter((f) => f !== '');
  assert.deepEqual(frames, ['Epoch 1/3 ░░░░ 0/4', 'Epoch 1/3 █░░░ 1/4 loss 1', 'Epoch 1/3 ██░░ 2/4 loss 2']); // (1·2 + 4·1) / 3 = 2
  bar.onEpochEnd(record, ctx);
  assert.ok(out.text.endsWith('\r\x1b[2KEpoch 1/3 · trainLoss 0.5 · valLoss 0.25 · mae 0.125 · lr 0.001 · 1.50s\n'));
  assert.equal(out.text.split('\n').length, 2, 'only the summary ends a line');
});

test('live mode throttles redraws but always draws the last batch, and fits the terminal width', () => {
  const out = stream(true, 12);
  const bar = new ProgressBar({ stream: out, env: {}, width: 4, intervalMs: 60_000 });
  const ctx = context();
  bar.onEpochBegin(1, ctx);
  for (let b = 0; b < 4; b++) bar.onBatchEnd({ epoch: 1, batch: b, batches: 4, size: 1, loss: 1 }, ctx);
  const frames = out.text.split('\r\x1b[2K').filter((f) => f !== '');
  // The first batch draws (nothing drawn for 60 s before it), batches 2–3 are throttled, the last draws.
  assert.equal(frames.length, 3);
  assert.ok(frames.every((f) => f.length <= 11));
});

test('silent mode writes nothing; a stop reason is printed once at the end', () => {
  const quiet = stream(false);
  const silent = new ProgressBar({ stream: quiet, mode: 'silent' });
  const history = new History();
  const ctx = context(history);
  silent.onTrainBegin(ctx);
  silent.onEpochBegin(1, ctx);
  silent.onEpochEnd(record, ctx);
  history.stopReason = 'EarlyStopping: enough';
  silent.onTrainEnd(ctx);
  assert.equal(quiet.text, '');
  const out = stream(false);
  const bar = new ProgressBar({ stream: out, env: {} });
  const fresh = new History();
  const ctx2 = context(fresh);
  bar.onTrainBegin(ctx2);
  fresh.stopReason = 'EarlyStopping: enough';
  bar.onTrainEnd(ctx2);
  assert.equal(out.text, 'Stopped early: EarlyStopping: enough\n');
});
