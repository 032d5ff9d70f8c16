import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linear } from '../../src/nn/basic/linear.js';
import { CsvLogger, historyToCsv } from '../../src/node/csv-logger.js';
import { historyToJson, JsonLogger } from '../../src/node/json-logger.js';
import { SGD } from '../../src/optim/sgd.js';
import type { TrainContext } from '../../src/train/callbacks/callback.js';
import { fit } from '../../src/train/fit.js';
import { History } from '../../src/train/history.js';
import { tensor } from '../../src/tensor/ops/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

function sampleHistory(): History {
  const h = new History();
  h.push({ epoch: 1, trainLoss: 0.5, valLoss: 0.75, lr: 0.01, metrics: { mae: 0.25, r2: 0.1 }, seconds: 1.25 });
  h.push({ epoch: 2, trainLoss: 0.1 + 0.2, valLoss: 0.5, lr: 0.005, metrics: { mae: Number.NaN, r2: 0.2 }, seconds: 2 });
  return h;
}

function context(history: History): TrainContext {
  const model = new Linear(1, 1);
  return {
    model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 2, startEpoch: 0, batchesPerEpoch: 1, hasValidation: true,
    history, stopRequested: false, requestStop: () => undefined, checkpoint: () => { throw new Error('unused'); },
  };
}

test('historyToCsv writes every epoch with full precision and empty cells for missing or NaN values', () => {
  assert.equal(
    historyToCsv(sampleHistory()),
    'epoch,trainLoss,valLoss,lr,mae,r2,seconds\n1,0.5,0.75,0.01,0.25,0.1,1.25\n2,0.30000000000000004,0.5,0.005,,0.2,2\n',
  );
  const noVal = new History();
  noVal.push({ epoch: 3, trainLoss: 1, metrics: {}, seconds: 0 });
  assert.equal(historyToCsv(noVal), 'epoch,trainLoss,seconds\n3,1,0\n');
});

test('historyToJson writes records, the best epoch, the stop reason and metadata; non-finite values as strings', () => {
  const h = sampleHistory();
  h.stopReason = 'EarlyStopping: stop';
  const json = JSON.parse(historyToJson(h, { seed: 3 })) as Record<string, unknown>;
  assert.equal(json['seed'], 3);
  assert.equal(json['stopReason'], 'EarlyStopping: stop');
  assert.deepEqual(json['best'], { monitor: 'valLoss', epoch: 2, value: 0.5 });
  const epochs = json['epochs'] as { epoch: number; trainLoss: number; metrics: Record<string, unknown> }[];
  assert.equal(epochs.length, 2);
  assert.equal(epochs[1]!.trainLoss, 0.30000000000000004);
  assert.equal(epochs[1]!.metrics['mae'], 'NaN');
  assert.deepEqual(epochs[0], { epoch: 1, trainLoss: 0.5, valLoss: 0.75, lr: 0.01, metrics: { mae: 0.25, r2: 0.1 }, seconds: 1.25 });
});

test('CsvLogger and JsonLogger rewrite their files atomically after each epoch, creating folders', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-logs-'));
  try {
    const h = new History();
    const ctx = context(h);
    const csv = new CsvLogger(join(dir, 'a', 'b', 'history.csv'));
    const json = new JsonLogger(join(dir, 'history.json'), { meta: { run: 'x' } });
    h.push({ epoch: 1, trainLoss: 2, valLoss: 3, metrics: {}, seconds: 0.5 });
    await csv.onEpochEnd(h.last, ctx);
    await json.onEpochEnd(h.last, ctx);
    assert.equal(readFileSync(join(dir, 'a', 'b', 'history.csv'), 'utf8'), 'epoch,trainLoss,valLoss,seconds\n1,2,3,0.5\n');
    h.push({ epoch: 2, trainLoss: 1, valLoss: 4, metrics: {}, seconds: 0.5 });
    await csv.onEpochEnd(h.last, ctx);
    await json.onEpochEnd(h.last, ctx);
    assert.equal(readFileSync(join(dir, 'a', 'b', 'history.csv'), 'utf8'), 'epoch,trainLoss,valLoss,seconds\n1,2,3,0.5\n2,1,4,0.5\n');
    const parsed = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as { run: string; epochs: unknown[]; best: unknown };
    assert.equal(parsed.run, 'x');
    assert.equal(parsed.epochs.length, 2);
    assert.deepEqual(parsed.best, { monitor: 'valLoss', epoch: 1, value: 3 });
    assert.deepEqual(readdirSync(dir).sort(), ['a', 'history.json']); // no temporary files left
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the loggers inside fit record the same numbers as the returned history', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-logs-'));
  try {
    const model = new Linear(1, 1);
    const x = tensor([[0], [1], [2]]);
    const y = tensor([[1], [2], [3]]);
    const history = await fit(model, {
      train: [x, y], val: [x, y], loss: (p: Tensor, t: Tensor) => p.sub(t).square().mean(), optimizer: new SGD(model.parameters(), { lr: 0.1 }),
      epochs: 3, callbacks: [new CsvLogger(join(dir, 'h.csv')), new JsonLogger(join(dir, 'h.json'))],
    });
    const rows = readFileSync(join(dir, 'h.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    assert.deepEqual(rows.map((r) => r.slice(0, 4)), history.records.map((r) => [r.epoch, r.trainLoss, r.valLoss, r.lr]));
    const parsed = JSON.parse(readFileSync(join(dir, 'h.json'), 'utf8')) as { epochs: { trainLoss: number }[] };
    assert.deepEqual(parsed.epochs.map((e) => e.trainLoss), history.trainLoss);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
