import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as T from '../../src/index.node.js';

const fixtureDir = new URL('../../../test/fixtures/safetensors/', import.meta.url);
interface Expected { files: Record<string, { metadata: Record<string, string>; tensors: Record<string, { dtype: string; shape: number[]; values: number[] }> }> }
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtureDir), 'utf8')) as Expected;

test('loadSafetensors(path) reads a PyTorch-layout state dict into tensors (I64 → int32)', () => {
  const path = new URL('state_dict.safetensors', fixtureDir).pathname;
  const tensors = T.loadSafetensors(path);
  const want = expected.files['state_dict.safetensors']!.tensors;
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(want).sort());
  for (const [name, w] of Object.entries(want)) {
    const t = tensors[name]!;
    assert.deepEqual(t.shape, w.shape, name);
    assert.equal(t.dtype, w.dtype === 'F32' ? 'float32' : w.dtype === 'F64' ? 'float64' : 'int32', name);
    assert.deepEqual(Array.from(t.data()), w.values, name);
  }
  assert.equal(T.safetensorsMetadata(readFileSync(path)).format, 'pt');
});

test('saveSafetensors then loadSafetensors round-trips every tensorite dtype bit for bit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-st-'));
  const path = join(dir, 'model.safetensors');
  const tensors = {
    'w.f32': T.tensor([[1.5, -2.25], [Math.PI, -0]]),
    'w.f64': T.tensor([Math.E, 1e-300, -Infinity], { dtype: 'float64' }),
    'steps': T.tensor([7], { dtype: 'int32' }),
    'mask': T.tensor([true, false, true]),
    'scalar': T.tensor(0.5, { dtype: 'float64' }),
  };
  T.saveSafetensors(tensors, path);
  const back = T.loadSafetensors(path);
  for (const [name, t] of Object.entries(tensors)) {
    assert.equal(back[name]!.dtype, t.dtype, name);
    assert.deepEqual(back[name]!.shape, t.shape, name);
    assert.deepEqual(Array.from(back[name]!.data()), Array.from(t.data()), name);
  }
  assert.ok(Object.is(back['w.f32']!.data()[3], -0));
});

test('a truncated or corrupted file fails with a DataError naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-st-'));
  const good = T.safetensorsFromTensors({ a: T.ones([4, 4]) });
  const path = join(dir, 'broken.safetensors');
  writeFileSync(path, good.subarray(0, good.length - 5));
  assert.throws(() => T.loadSafetensors(path), (e: Error) => e instanceof T.DataError && e.message.includes('broken.safetensors'));
  assert.throws(() => T.loadSafetensors(join(dir, 'missing.safetensors')), (e: Error) => e instanceof T.DataError && /cannot read/.test(e.message));
});

test('a module state dict survives save and load with PyTorch keys', () => {
  class Net extends T.nn.Module {
    weight = new T.nn.Parameter(T.randn([3, 2]));
    forward(x: T.Tensor): T.Tensor { return x.matmul(this.weight.t()); }
  }
  const a = new Net();
  a.registerBuffer('running_mean', T.randn([3]));
  const b = new Net();
  b.registerBuffer('running_mean', T.zeros([3]));
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-st-'));
  T.saveSafetensors(a.stateDict(), join(dir, 'net.safetensors'));
  b.loadStateDict(T.loadSafetensors(join(dir, 'net.safetensors')));
  assert.deepEqual(b.weight.toArray(), a.weight.toArray());
  assert.deepEqual(b.getBuffer('running_mean')!.toArray(), a.getBuffer('running_mean')!.toArray());
});
