import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../src/core/errors.js';
import { loadCheckpoint, loadCheckpointSync, saveCheckpoint, saveCheckpointSync } from '../../src/node/checkpoint-file.js';
import { tensor } from '../../src/tensor/ops/creation.js';

const ckpt = {
  epoch: 4,
  model: { 'fc.weight': tensor([[1.5, -2]]), 'fc.bias': tensor([0.25]) },
  optimizer: { state: {}, paramGroups: [{ lr: 0.1, params: [0, 1] }] },
  history: { records: [] },
};

test('saveCheckpoint / loadCheckpoint round-trip through a file, leaving no temporary files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-ckfile-'));
  try {
    const path = join(dir, 'last.safetensors');
    await saveCheckpoint(path, ckpt);
    await saveCheckpoint(path, { ...ckpt, epoch: 5 }); // replaces the previous one
    const back = await loadCheckpoint(path);
    assert.equal(back.epoch, 5);
    assert.deepEqual([...back.model['fc.weight']!.data()], [1.5, -2]);
    assert.deepEqual(back.optimizer, ckpt.optimizer);
    saveCheckpointSync(join(dir, 'sync.safetensors'), ckpt);
    assert.equal(loadCheckpointSync(join(dir, 'sync.safetensors')).epoch, 4);
    assert.deepEqual(readdirSync(dir).sort(), ['last.safetensors', 'sync.safetensors']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing, truncated or bit-flipped checkpoint file gives a DataError naming the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-ckfile-'));
  try {
    const path = join(dir, 'ckpt.safetensors');
    const isDataErrorFor = (file: string, pattern: RegExp) => (e: unknown) => e instanceof DataError && e.file === file && e.message.startsWith(file) && pattern.test(e.message);
    await assert.rejects(loadCheckpoint(join(dir, 'nope.safetensors')), isDataErrorFor(join(dir, 'nope.safetensors'), /cannot read the checkpoint/));
    saveCheckpointSync(path, ckpt);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 4));
    await assert.rejects(loadCheckpoint(path), isDataErrorFor(path, /cover|truncated|outside/));
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1]! ^= 0x01;
    writeFileSync(path, flipped);
    assert.throws(() => loadCheckpointSync(path), isDataErrorFor(path, /corrupted/));
    writeFileSync(path, 'not a checkpoint at all');
    assert.throws(() => loadCheckpointSync(path), isDataErrorFor(path, /header length|too short|not a safetensors/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
